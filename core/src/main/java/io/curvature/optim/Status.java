package io.curvature.optim;

/** Why a run stopped (docs/math.md section 4). */
public enum Status {
    /** {@code ||g||_inf <= gtol}. */
    CONVERGED_GRADIENT(true),
    /** {@code |f_k - f_{k+1}| <= ftol max(1, |f_k|)}. */
    CONVERGED_VALUE(true),
    /** The iteration budget ran out. */
    MAX_ITERATIONS(false),
    /** The evaluation budget ran out. */
    MAX_EVALUATIONS(false),
    /** The time limit passed. */
    TIME_LIMIT(false),
    /** An iteration listener asked to stop. */
    STOPPED(false),
    /** The line search found no acceptable step (or the trust region collapsed). */
    LINE_SEARCH_FAILED(false),
    /** The objective returned NaN or an infinity. */
    NON_FINITE(false),
    /** The Hessian could not be factored or inverted (singular), for a method that needs it. */
    SINGULAR_HESSIAN(false),
    /** The objective threw an exception. */
    OBJECTIVE_FAILED(false),
    /**
     * The objective has no finite minimizer (separable classes without a penalty, all-zero counts with an
     * intercept): the run stopped on its tolerance while the weights were still growing. Set by the estimators,
     * which can tell; the message says why and what penalty fixes it.
     */
    NO_FINITE_MINIMUM(false);

    private final boolean converged;

    Status(boolean converged) {
        this.converged = converged;
    }

    /** {@return whether this status means a solution was found} */
    public boolean converged() {
        return converged;
    }
}
