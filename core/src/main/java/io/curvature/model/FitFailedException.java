package io.curvature.model;

import io.curvature.optim.Result;

/**
 * A fit that produced no usable model: the objective threw (the exception is the cause) or became NaN or
 * infinite. Budget limits are not failures: a model that ran out of iterations is returned, with
 * {@link FitReport#converged()} false.
 */
public final class FitFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Result result;

    FitFailedException(Result result) {
        super("the fit failed: " + result.status() + " (" + result.message() + ")", result.cause());
        this.result = result;
    }

    /** {@return the optimizer's result} */
    public Result result() {
        return result;
    }
}
