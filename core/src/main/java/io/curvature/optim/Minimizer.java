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
     * @throws IllegalArgumentException for a {@code w0} of the wrong size or with non-finite entries, or a method
     *                                  whose {@code d x d} matrices would not fit in this process's memory
     * @param objective the function
     * @param w0 the starting point, {@code objective.dimension()} finite values
     * @param method the method
     * @param options stopping rules and infrastructure
     * @return the outcome, with a status that says why the run stopped
     */
    public static Result minimize(Objective objective, double[] w0, Method method, Options options) {
        return minimize(objective, w0, method, options, null);
    }

    /** With AUTO planning on {@code rates} ({@code null}: this machine's, {@link MachineRates#of}). */
    static Result minimize(Objective objective, double[] w0, Method method, Options options, MachineRates rates) {
        if (objective == null || method == null || options == null) {
            throw new IllegalArgumentException("objective, method and options must not be null");
        }
        requireMemoryFor(method, objective.dimension(), options);
        try (Run r = new Run(objective, w0, options)) {
            Status status;
            String message;
            Throwable cause = null;
            Method chosen = method;
            String path = method.description();
            LbfgsThenNewton switching = null;
            SampledHessians sampled = null;
            SampledNewton sampledNewton = null;
            boolean exactByCg = false;
            try {
                boolean normalEquations = NormalEquations.applies(objective);
                if (method == Method.AUTO) {
                    if (!normalEquations) {
                        r.evaluateStart();
                    }
                    Auto.Choice c = Auto.choose(objective, options,
                            rates != null ? rates : MachineRates.of(options));
                    chosen = c.method();
                    path = "auto: " + c.reason();
                    r.preconditionNewtonCg |= c.preconditioned();
                    if (c.maySwitch()) {
                        switching = new LbfgsThenNewton(r, c);
                        LineSearchLoop.run(r, switching, new ConditionMonitor(r));
                    }
                    sampled = c.bySampleFactor() ? SampledHessians.preconditioner(objective)
                            : chosen == Method.NEWTON ? SampledHessians.of(objective) : null;
                    exactByCg = c.bySampleFactor() || c.exactStepsByCg();
                } else if (method == Method.NEWTON && options.settings().newtonSinglePrecision()) {
                    sampled = SampledHessians.singlePrecision(objective);
                }
                if (sampled != null) {
                    sampledNewton = new SampledNewton(r, sampled, exactByCg);
                    LineSearchLoop.run(r, sampledNewton, new ConditionMonitor(r));
                }
                if (chosen == Method.NEWTON && normalEquations) {
                    NormalEquations.solve(r, (io.curvature.objective.GlmBase) objective);
                }
                chosen.run(r, new ConditionMonitor(r));
                throw new IllegalStateException("the loop ended without a status");
            } catch (Run.Stop stop) {
                status = stop.status;
                message = stop.getMessage();
                cause = stop.getCause();
            }
            if (method != Method.AUTO && r.diagonalPreconditioned > 0) {
                path += "; CG preconditioned by diag(H)";
            }
            if (sampledNewton != null) {
                path += sampledNewton.note();
            }
            if (switching != null) {
                chosen = switching.method();
                path += switching.switchNote();
            }
            return new Result(r.currentPoint(), r.f, r.normInf(r.g), r.iterations, r.valueEvaluations,
                    r.gradientEvaluations, r.hvpEvaluations, r.hessianEvaluations, status, message,
                    chosen, path, r.modifiedEigenvalues, r.trace.toTrace(), cause);
        }
    }

    /**
     * Refuses, before anything is allocated, a method whose {@code d x d} matrices do not fit in the memory this
     * process may use ({@link Auto#memoryBudget()}), naming the size and the methods that need only vectors.
     */
    static void requireMemoryFor(Method method, int d, Options options) {
        int matrices = switch (method.family()) {
            case DENSE -> Auto.DENSE_MATRICES;
            case DENSE_QUASI_NEWTON -> 2;
            default -> 0;
        };
        // the run's work vectors (w, g, trial point, direction, s, y and the method's own), L-BFGS's pairs
        int vectors = 16 + (method == Method.LBFGS || method == Method.AUTO ? 2 * options.settings().lbfgsMemory() : 0);
        double matrixBytes = matrices * 8.0 * d * d;
        if (matrixBytes + vectors * 8.0 * d > Auto.memoryBudget()) {
            throw new IllegalArgumentException(matrices > 0 && matrixBytes > Auto.memoryBudget()
                    ? String.format(java.util.Locale.ROOT,
                    "%s needs about %.3g GB for its %d x %d matrices, more than the %.3g GB this process may use: "
                            + "lbfgs, newton-cg and trust-region need only vectors (auto picks among them)",
                    method.cliName(), matrixBytes / 1e9, d, d, Auto.memoryBudget() / 1e9)
                    : String.format(java.util.Locale.ROOT,
                    "%s needs about %.3g GB for %d work vectors of %d parameters, more than the %.3g GB this process "
                            + "may use", method.cliName(), vectors * 8.0 * d / 1e9, vectors, d,
                    Auto.memoryBudget() / 1e9));
        }
    }
}
