package io.curvature.model;

import io.curvature.optim.Method;
import io.curvature.optim.Result;
import io.curvature.optim.Status;

/**
 * How a fit ended, as stored in the model file: the optimizer's status and what it reached.
 *
 * @param status     why the optimizer stopped
 * @param message    the status in words
 * @param method     the method that ran (for {@code auto}, the one it chose)
 * @param path       the path taken and why
 * @param iterations iterations taken
 * @param f          the objective at the solution
 * @param gradNorm   {@code ||grad f||_inf} at the solution
 */
public record FitReport(Status status, String message, Method method, String path, int iterations, double f,
                        double gradNorm) {

    /**
     * The report of an optimizer run.
     *
     * @param r the optimizer's result
     * @return its report
     */
    public static FitReport of(Result r) {
        return new FitReport(r.status(), r.message(), r.method(), r.path(), r.iterations(), r.f(), r.gradNorm());
    }

    /** {@return whether the fit converged} */
    public boolean converged() {
        return status.converged();
    }
}
