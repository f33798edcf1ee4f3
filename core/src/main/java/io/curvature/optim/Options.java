package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.compute.LapackChoice;

/**
 * What every run shares: the stopping rules ({@code docs/math.md} section 4), condition monitoring, the
 * settings of individual methods, a listener, and the implementations to compute with. Immutable, with
 * {@code with...} copies. Defaults: {@code gtol = }{@value #DEFAULT_GTOL} (on {@code ||g||_inf}; the command line's default too), {@code ftol = 0} (off),
 * 1000 iterations, 100000 evaluations, no time limit, no monitoring, {@link MethodSettings#defaults()}.
 *
 * @param gtol             stop when {@code ||g||_inf <= gtol}
 * @param ftol             stop when {@code |f_k - f_{k+1}| <= ftol max(1, |f_k|)}; 0 disables
 * @param maxIterations    iteration budget
 * @param maxEvaluations   budget of objective evaluations (values and gradients)
 * @param timeLimitSeconds wall-clock limit, or {@code Double.POSITIVE_INFINITY}
 * @param monitoring       condition monitoring of the line-search methods
 * @param settings         the settings of individual methods
 * @param listener         sees each iteration, or {@code null}
 * @param kernels          the kernels of the passes over the data
 * @param lapack           the dense linear algebra
 */
public record Options(double gtol, double ftol, int maxIterations, long maxEvaluations, double timeLimitSeconds,
                      ConditionMonitoring monitoring, MethodSettings settings, IterationListener listener,
                      KernelChoice kernels, LapackChoice lapack) {

    /** Checks the values. */
    public Options {
        if (!(gtol >= 0) || !(ftol >= 0)) {
            throw new IllegalArgumentException("gtol and ftol must be >= 0, got " + gtol + " and " + ftol);
        }
        if (maxIterations < 0 || maxEvaluations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 0 and maxEvaluations >= 1");
        }
        if (!(timeLimitSeconds > 0)) {
            throw new IllegalArgumentException("the time limit must be > 0 seconds, got " + timeLimitSeconds);
        }
        if (monitoring == null || settings == null || kernels == null || lapack == null) {
            throw new IllegalArgumentException("monitoring, settings, kernels and lapack must not be null");
        }
    }

    /** The default stopping tolerance on {@code ||grad f||_inf}, for the library and the command line alike. */
    public static final double DEFAULT_GTOL = 1e-8;

    /** {@return the defaults, with the default kernels and LAPACK provider} */
    public static Options defaults() {
        return new Options(DEFAULT_GTOL, 0, 1000, 100_000, Double.POSITIVE_INFINITY, ConditionMonitoring.off(),
                MethodSettings.defaults(), null, KernelChoice.DEFAULT, LapackChoice.DEFAULT);
    }

    /**
     * {@return these options with another gradient tolerance}
     *
     * @param v stop when {@code ||g||_inf <= v}, {@code >= 0}
     */
    public Options withGtol(double v) {
        return new Options(v, ftol, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, settings, listener,
                kernels, lapack);
    }

    /**
     * {@return these options with another value tolerance}
     *
     * @param v stop when {@code |f_k - f_{k+1}| <= v max(1, |f_k|)}; {@code 0} is off
     */
    public Options withFtol(double v) {
        return new Options(gtol, v, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, settings, listener,
                kernels, lapack);
    }

    /**
     * {@return these options with another iteration budget}
     *
     * @param v the most iterations
     */
    public Options withMaxIterations(int v) {
        return new Options(gtol, ftol, v, maxEvaluations, timeLimitSeconds, monitoring, settings, listener, kernels,
                lapack);
    }

    /**
     * {@return these options with another evaluation budget}
     *
     * @param v the most evaluations of {@code f}
     */
    public Options withMaxEvaluations(long v) {
        return new Options(gtol, ftol, maxIterations, v, timeLimitSeconds, monitoring, settings, listener, kernels,
                lapack);
    }

    /**
     * {@return these options with a time limit}
     *
     * @param seconds the limit in seconds
     */
    public Options withTimeLimit(double seconds) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, seconds, monitoring, settings, listener, kernels,
                lapack);
    }

    /**
     * {@return these options with other condition monitoring}
     *
     * @param m the monitoring
     */
    public Options withMonitoring(ConditionMonitoring m) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, m, settings, listener, kernels,
                lapack);
    }

    /**
     * {@return these options with other per-method settings}
     *
     * @param s the settings
     */
    public Options withSettings(MethodSettings s) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, s, listener, kernels,
                lapack);
    }

    /**
     * {@return these options with another listener}
     *
     * @param l the listener, or {@code null} for none
     */
    public Options withListener(IterationListener l) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, settings, l, kernels,
                lapack);
    }

    /**
     * {@return these options with other kernels}
     *
     * @param k the kernels
     */
    public Options withKernels(KernelChoice k) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, settings, listener, k,
                lapack);
    }

    /**
     * {@return these options with another LAPACK provider}
     *
     * @param l the provider
     */
    public Options withLapack(LapackChoice l) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, monitoring, settings, listener,
                kernels, l);
    }
}
