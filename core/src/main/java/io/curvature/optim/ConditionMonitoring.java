package io.curvature.optim;

/**
 * Condition-number monitoring for the line-search methods ({@code docs/math.md} 2.5): when the monitored
 * {@code kappa} exceeds {@code kappaMax}, the first trial step is scaled by {@code shrink} and the trace
 * records it. Off by default, and then it costs nothing.
 *
 * @param mode         how {@code kappa} is obtained
 * @param kappaMax     threshold above which steps are shrunk, {@code > 1}
 * @param shrink       step scale factor, in {@code (0, 1]}
 * @param lanczosSteps Lanczos steps for {@link Mode#LANCZOS}, {@code >= 2} (capped at the dimension)
 */
public record ConditionMonitoring(Mode mode, double kappaMax, double shrink, int lanczosSteps) {

    /** How {@code kappa} is obtained. */
    public enum Mode {
        /** Off: costs nothing. */
        NONE,
        /** Exact {@code kappa} from the eigenvalues of the dense Hessian. */
        EXACT,
        /** Estimate from the extreme Ritz values of Lanczos steps on Hessian-vector products. */
        LANCZOS
    }

    private static final int DEFAULT_LANCZOS_STEPS = 30;

    /** Checks the values. */
    public ConditionMonitoring {
        if (mode == null) {
            throw new IllegalArgumentException("the monitoring mode must not be null");
        }
        if (!(kappaMax > 1) || !(shrink > 0 && shrink <= 1)) {
            throw new IllegalArgumentException("need kappaMax > 1 and 0 < shrink <= 1, got " + kappaMax + " and " + shrink);
        }
        if (lanczosSteps < 2) {
            throw new IllegalArgumentException("lanczosSteps must be >= 2, got " + lanczosSteps);
        }
    }

    /** {@return no monitoring} */
    public static ConditionMonitoring off() {
        return new ConditionMonitoring(Mode.NONE, 1e10, 0.1, DEFAULT_LANCZOS_STEPS);
    }

    /**
     * Exact {@code kappa} from a dense eigendecomposition each iteration.
     *
     * @param kappaMax the largest acceptable condition number
     * @param shrink the factor applied to a step above it, in {@code (0, 1]}
     * @return the setting
     */
    public static ConditionMonitoring exact(double kappaMax, double shrink) {
        return new ConditionMonitoring(Mode.EXACT, kappaMax, shrink, DEFAULT_LANCZOS_STEPS);
    }

    /**
     * {@code kappa} estimated by {@code steps} Lanczos steps on Hessian-vector products each iteration.
     *
     * @param kappaMax the largest acceptable condition number
     * @param shrink the factor applied to a step above it, in {@code (0, 1]}
     * @param steps Lanczos steps per estimate
     * @return the setting
     */
    public static ConditionMonitoring lanczos(double kappaMax, double shrink, int steps) {
        return new ConditionMonitoring(Mode.LANCZOS, kappaMax, shrink, steps);
    }

    /**
     * With the default number of Lanczos steps (30).
     *
     * @param mode how {@code kappa} is estimated
     * @param kappaMax the largest acceptable condition number
     * @param shrink the factor applied to a step above it, in {@code (0, 1]}
     * @return the setting
     */
    public static ConditionMonitoring of(Mode mode, double kappaMax, double shrink) {
        return new ConditionMonitoring(mode, kappaMax, shrink, DEFAULT_LANCZOS_STEPS);
    }
}
