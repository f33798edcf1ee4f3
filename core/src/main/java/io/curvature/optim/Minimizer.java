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
            String path = method.description();
            try {
                if (method == Method.AUTO) {
                    // The run's first evaluation doubles as AUTO's timing of one fused pass.
                    long t0 = System.nanoTime();
                    r.evaluateStart();
                    Auto.Choice c = Auto.choose(objective, Math.max(1e-9, (System.nanoTime() - t0) * 1e-9), options);
                    chosen = c.method();
                    path = "auto: " + c.reason();
                }
                chosen.run(r, new ConditionMonitor(r));
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
}
