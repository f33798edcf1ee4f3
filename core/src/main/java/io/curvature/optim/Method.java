package io.curvature.optim;

import java.util.Arrays;
import java.util.Locale;

/**
 * The optimization methods: the one place that says what each is called, what it does, where
 * {@code docs/math.md} derives it, and how its loop is built. {@link Minimizer}, the command line's help and
 * the README's methods table are derived from these constants.
 */
public enum Method {
    /** Gradient descent (docs/math.md 2.1). */
    GD("gd", Family.FIRST_ORDER, "2.1", "gradient descent, Armijo backtracking",
            (r, monitor) -> LineSearchLoop.run(r, new GradientDescent(), monitor)),
    /** Damped Newton on the dense Hessian (docs/math.md 2.2). */
    NEWTON("newton", Family.DENSE, "2.2", "dense Hessian, Cholesky (damped when not positive definite), Armijo",
            (r, monitor) -> LineSearchLoop.run(r, new DampedNewton(r), monitor)),
    /** Newton with a corrected inverse Hessian (docs/math.md 2.3). */
    CORRECTED_INVERSE("corrected-inverse", Family.DENSE, "2.3", "dense Hessian, LU inverse, M = H^-1 + alpha I, Armijo",
            (r, monitor) -> LineSearchLoop.run(r, new CorrectedInverseNewton(r), monitor)),
    /** Newton on the eigendecomposition, eigenvalues clamped (docs/math.md 2.4). */
    SPECTRAL("spectral", Family.DENSE, "2.4", "dense Hessian, eigendecomposition, eigenvalues clamped at eps, Armijo",
            (r, monitor) -> LineSearchLoop.run(r, SpectralNewton.clamped(r), monitor)),
    /** Saddle-free Newton: absolute eigenvalues (docs/math.md 2.4). */
    SADDLE_FREE("saddle-free", Family.DENSE, "2.4", "dense Hessian, eigendecomposition, absolute eigenvalues (saddle-free), Armijo",
            (r, monitor) -> LineSearchLoop.run(r, SpectralNewton.saddleFree(r), monitor)),
    /** SR1 quasi-Newton in a trust region (docs/math.md 2.6). */
    SR1("sr1", Family.DENSE_QUASI_NEWTON, "2.6", "SR1 matrix in a trust region (Steihaug CG)",
            (r, monitor) -> new TrustRegionLoop(r).run(r, new TrustRegionLoop.Sr1(r))),
    /** Inverse BFGS (docs/math.md 2.6). */
    BFGS("bfgs", Family.DENSE_QUASI_NEWTON, "2.6", "inverse BFGS, rank-2 updates, strong Wolfe",
            (r, monitor) -> LineSearchLoop.run(r, InverseQuasiNewton.bfgs(r), monitor)),
    /** Inverse DFP (docs/math.md 2.6). */
    DFP("dfp", Family.DENSE_QUASI_NEWTON, "2.6", "inverse DFP, rank-2 updates, strong Wolfe",
            (r, monitor) -> LineSearchLoop.run(r, InverseQuasiNewton.dfp(r), monitor)),
    /** Limited-memory BFGS (docs/math.md 2.6). */
    LBFGS("lbfgs", Family.LIMITED_MEMORY, "2.6", "L-BFGS two-loop recursion, strong Wolfe",
            (r, monitor) -> LineSearchLoop.run(r, new Lbfgs(r, r.options.settings().lbfgsMemory()), monitor)),
    /** Hessian-free Newton-CG with a line search (docs/math.md 2.7). */
    NEWTON_CG("newton-cg", Family.HESSIAN_FREE, "2.7", "Hessian-free Newton-CG (HVPs), Armijo",
            (r, monitor) -> LineSearchLoop.run(r, new NewtonCg(r), monitor)),
    /** Hessian-free trust-region Newton-CG (docs/math.md 3.3). */
    TRUST_REGION("trust-region", Family.HESSIAN_FREE, "3.3", "Hessian-free trust-region Newton-CG (Steihaug)",
            (r, monitor) -> new TrustRegionLoop(r, r.preconditionNewtonCg ? new NewtonCg.Diagonal(r) : null)
                    .run(r, TrustRegionLoop.EXACT)),
    /** Chooses dense Newton, L-BFGS or Newton-CG per problem (docs/math.md 5). */
    AUTO("auto", Family.CHOSEN, "5",
            "dense Newton, L-BFGS (then Newton if slow) or sample-preconditioned Newton-CG, by size and rates", null);

    /** What kind of work an iteration does; the command line's comparison groups methods by it. */
    public enum Family {
        /** Gradients only. */
        FIRST_ORDER("first order"),
        /** A dense Hessian factored by LAPACK. */
        DENSE("dense+LAPACK"),
        /** A dense quasi-Newton matrix. */
        DENSE_QUASI_NEWTON("dense quasi-N"),
        /** A few vector pairs. */
        LIMITED_MEMORY("limited mem"),
        /** Hessian-vector products. */
        HESSIAN_FREE("Hessian-free"),
        /** Whichever AUTO picks. */
        CHOSEN("chosen per problem");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        /** {@return a short label, e.g. {@code Hessian-free}} */
        public String label() {
            return label;
        }
    }

    /** Builds a method's loop on the run's workspace and runs it until it throws its stop. */
    @FunctionalInterface
    interface Loop {
        void run(Run r, ConditionMonitor monitor);
    }

    private final String cliName;
    private final Family family;
    private final String mathSection;
    private final String description;
    private final Loop loop;

    Method(String cliName, Family family, String mathSection, String description, Loop loop) {
        this.cliName = cliName;
        this.family = family;
        this.mathSection = mathSection;
        this.description = description;
        this.loop = loop;
    }

    /** {@return the command-line name, e.g. {@code newton-cg}} */
    public String cliName() {
        return cliName;
    }

    /** {@return the kind of work an iteration does} */
    public Family family() {
        return family;
    }

    /** {@return the section of {@code docs/math.md} that derives the method, e.g. {@code 2.7}} */
    public String mathSection() {
        return mathSection;
    }

    /** {@return one line: the direction, the factorization if any, the globalization} */
    public String description() {
        return description;
    }

    /** Runs the method's loop; AUTO is resolved to a concrete method before. */
    void run(Run r, ConditionMonitor monitor) {
        if (loop == null) {
            throw new IllegalStateException(this + " is resolved before the run");
        }
        loop.run(r, monitor);
    }

    /** {@return the command-line names, comma-separated, in declaration order} */
    public static String cliNames() {
        return String.join(", ", Arrays.stream(values()).map(Method::cliName).toList());
    }

    /**
     * The method with command-line name {@code name} (case-insensitive).
     *
     * @param name a name of {@link #cliNames()}
     * @return the method
     */
    public static Method byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
            if (m.cliName.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; methods are " + cliNames());
    }
}
