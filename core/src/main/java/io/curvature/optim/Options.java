package io.curvature.optim;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;

/**
 * Run options; immutable, with {@code with...} copies. Defaults: {@code gtol = 1e-6} (on {@code ||g||_inf}),
 * {@code ftol = 0} (off), 1000 iterations, 100000 evaluations, no time limit, L-BFGS memory 10,
 * corrected-inverse {@code alpha = 0}, spectral {@code eps = 1e-8}, no condition monitoring.
 *
 * @param gtol            stop when {@code ||g||_inf <= gtol}
 * @param ftol            stop when {@code |f_k - f_{k+1}| <= ftol max(1, |f_k|)}; 0 disables
 * @param maxIterations   iteration budget
 * @param maxEvaluations  budget of objective evaluations (values and gradients)
 * @param timeLimitSeconds wall-clock limit, or {@code Double.POSITIVE_INFINITY}
 * @param memory          L-BFGS pairs kept
 * @param alpha           corrected-inverse blend {@code M = H^-1 + alpha I}
 * @param spectralEps     floor of the modified eigenvalues (spectral, saddle-free)
 * @param monitor         condition monitoring
 * @param kappaMax        when the monitored {@code kappa} exceeds it, steps are scaled by {@code shrink}
 * @param shrink          step scale factor under ill-conditioning (MATH.md 2.5)
 * @param lanczosSteps    Lanczos steps for the estimate
 * @param preconditioner  Newton-CG: precondition CG with {@code diag(H)} where the objective provides it
 * @param listener        sees each iteration, or {@code null}
 * @param kernels         kernels for vector work
 * @param lapack          the dense linear algebra
 */
public record Options(double gtol, double ftol, int maxIterations, long maxEvaluations, double timeLimitSeconds,
                      int memory, double alpha, double spectralEps, Monitor monitor, double kappaMax, double shrink,
                      int lanczosSteps, boolean preconditioner, IterationListener listener, Kernels kernels,
                      Lapack lapack) {

    /** Condition monitoring (MATH.md 2.5). */
    public enum Monitor {
        /** Off: costs nothing. */
        NONE,
        /** Exact {@code kappa} from the eigenvalues of the dense Hessian. */
        EXACT,
        /** Estimate from {@code lanczosSteps} Lanczos steps on Hessian-vector products. */
        LANCZOS
    }

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
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + memory);
        }
        if (!(alpha >= 0) || !(spectralEps > 0) || !(kappaMax > 1) || !(shrink > 0 && shrink <= 1)) {
            throw new IllegalArgumentException("need alpha >= 0, spectralEps > 0, kappaMax > 1, 0 < shrink <= 1");
        }
        if (lanczosSteps < 2) {
            throw new IllegalArgumentException("lanczosSteps must be >= 2, got " + lanczosSteps);
        }
        if (monitor == null || kernels == null || lapack == null) {
            throw new IllegalArgumentException("monitor, kernels and lapack must not be null");
        }
    }

    /** The defaults, with the chosen kernels and LAPACK provider. */
    public static Options defaults() {
        return new Options(1e-6, 0, 1000, 100_000, Double.POSITIVE_INFINITY, 10, 0, 1e-8, Monitor.NONE, 1e10,
                0.1, 30, false, null, KernelProvider.get(), LinearAlgebra.provider());
    }

    public Options withGtol(double v) {
        return new Options(v, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withFtol(double v) {
        return new Options(gtol, v, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withMaxIterations(int v) {
        return new Options(gtol, ftol, v, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withMaxEvaluations(long v) {
        return new Options(gtol, ftol, maxIterations, v, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withTimeLimit(double seconds) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, seconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withMemory(int v) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, v, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withAlpha(double v) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, v, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withSpectralEps(double v) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, v,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withMonitor(Monitor m, double kappaMax, double shrink) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                m, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, lapack);
    }

    public Options withPreconditioner(boolean on) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, on, listener, kernels, lapack);
    }

    public Options withListener(IterationListener l) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, l, kernels, lapack);
    }

    public Options withKernels(Kernels k) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, k, lapack);
    }

    public Options withLapack(Lapack l) {
        return new Options(gtol, ftol, maxIterations, maxEvaluations, timeLimitSeconds, memory, alpha, spectralEps,
                monitor, kappaMax, shrink, lanczosSteps, preconditioner, listener, kernels, l);
    }
}
