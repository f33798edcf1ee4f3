package io.curvature.optim;

import io.curvature.objective.Objective;

/**
 * The entry point: {@code Minimizer.minimize(objective, w0, method, options)}. Allocates the run's
 * workspace once; iterations allocate nothing of their own. Safe to call from many threads at once, each
 * with its own objective instance (objectives keep evaluation workspace).
 */
public final class Minimizer {

    private Minimizer() {
    }

    /**
     * Minimizes {@code objective} from {@code w0}.
     *
     * @throws IllegalArgumentException for a {@code w0} of the wrong size or with non-finite entries
     */
    public static Result minimize(Objective objective, double[] w0, Method method, Options options) {
        if (objective == null || method == null || options == null) {
            throw new IllegalArgumentException("objective, method and options must not be null");
        }
        try (Run r = new Run(objective, w0, options)) {
            Status status;
            String message;
            Method chosen = method;
            String path = describe(method);
            try {
                if (method == Method.AUTO) {
                    // The run's first evaluation doubles as AUTO's timing of one fused pass.
                    long t0 = System.nanoTime();
                    r.evaluateStart();
                    Auto.Choice c = Auto.choose(objective, Math.max(1e-9, (System.nanoTime() - t0) * 1e-9), options);
                    chosen = c.method();
                    path = "auto: " + c.reason();
                }
                run(r, chosen);
                throw new IllegalStateException("the loop ended without a status");
            } catch (Run.Stop stop) {
                status = stop.status;
                message = stop.getMessage();
            }
            return new Result(r.currentPoint(), r.f, r.normInf(r.g), r.iterations, r.valueEvaluations,
                    r.gradientEvaluations, r.hvpEvaluations, r.hessianEvaluations, status, message,
                    chosen, path, r.modifiedEigenvalues, r.trace.toTrace());
        }
    }

    private static void run(Run r, Method m) {
        ConditionMonitor monitor = new ConditionMonitor(r);
        switch (m) {
            case GD -> LineSearchLoop.run(r, new GradientDescent(), monitor);
            case NEWTON -> LineSearchLoop.run(r, new DampedNewton(r), monitor);
            case CORRECTED_INVERSE -> LineSearchLoop.run(r, new CorrectedInverseNewton(r), monitor);
            case SPECTRAL -> LineSearchLoop.run(r, new SpectralNewton(r, false), monitor);
            case SADDLE_FREE -> LineSearchLoop.run(r, new SpectralNewton(r, true), monitor);
            case BFGS -> LineSearchLoop.run(r, new InverseQuasiNewton(r, true), monitor);
            case DFP -> LineSearchLoop.run(r, new InverseQuasiNewton(r, false), monitor);
            case LBFGS -> LineSearchLoop.run(r, new Lbfgs(r, r.options.memory()), monitor);
            case NEWTON_CG -> LineSearchLoop.run(r, new NewtonCg(r), monitor);
            case TRUST_REGION -> new TrustRegionLoop(r).run(r, TrustRegionLoop.EXACT);
            case SR1 -> new TrustRegionLoop(r).run(r, new TrustRegionLoop.Sr1(r));
            case AUTO -> throw new IllegalStateException("AUTO is resolved before the run");
        }
    }

    private static String describe(Method m) {
        return switch (m) {
            case GD -> "gradient descent, Armijo backtracking";
            case NEWTON -> "dense Hessian, Cholesky (damped when not positive definite), Armijo";
            case CORRECTED_INVERSE -> "dense Hessian, LU inverse, M = H^-1 + alpha I, Armijo";
            case SPECTRAL -> "dense Hessian, eigendecomposition, eigenvalues clamped at eps, Armijo";
            case SADDLE_FREE -> "dense Hessian, eigendecomposition, |eigenvalues| (saddle-free), Armijo";
            case SR1 -> "SR1 matrix in a trust region (Steihaug CG)";
            case BFGS -> "inverse BFGS, rank-2 updates, strong Wolfe";
            case DFP -> "inverse DFP, rank-2 updates, strong Wolfe";
            case LBFGS -> "L-BFGS two-loop recursion, strong Wolfe";
            case NEWTON_CG -> "Hessian-free Newton-CG (HVPs), Armijo";
            case TRUST_REGION -> "Hessian-free trust-region Newton-CG (Steihaug)";
            case AUTO -> "auto";
        };
    }
}
