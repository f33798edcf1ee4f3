package io.curvature.optim;

/** Sees each iteration of a run; returning {@code false} stops it with {@link Status#STOPPED}. */
@FunctionalInterface
public interface IterationListener {

    /**
     * Called after each iteration with what it reached.
     *
     * @param iteration the iteration just completed (0 is the starting point)
     * @param f         the objective value
     * @param gradNorm  {@code ||g||_inf}
     * @param step      the step size taken ({@code 0} at iteration 0)
     * @param kappa     the condition number estimate, or NaN when not monitored
     * @param seconds   time since the start of the run
     * @return whether to continue
     */
    boolean onIteration(int iteration, double f, double gradNorm, double step, double kappa, double seconds);
}
