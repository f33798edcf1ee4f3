package io.curvature.optim;

/**
 * A search direction for {@link LineSearchLoop}: writes {@code r.p} from the current {@code r.w},
 * {@code r.g}, and learns from each accepted step. Implementations allocate their workspace in their
 * constructor, from the run's work memory.
 */
interface Direction {

    /** Writes {@code r.p}; returns the first step length to try. */
    double compute(Run r);

    /** After a step: {@code r.s = w_new - w}, {@code r.y = g_new - g} are set (before the point moves). */
    default void update(Run r) {
    }

    /** Forgets curvature information (after a fallback to steepest descent). */
    default void reset() {
    }

    /** The line search to use. */
    default LineSearch lineSearch() {
        return LineSearch.ARMIJO;
    }

    /** {@code kappa} known from this iteration's own work (spectral methods), else NaN. */
    default double kappa() {
        return Double.NaN;
    }
}
