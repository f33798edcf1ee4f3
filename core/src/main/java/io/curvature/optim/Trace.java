package io.curvature.optim;

import java.util.Arrays;

/**
 * The per-iteration record of a run (docs/math.md section 4): iteration, {@code f}, {@code ||g||_inf}, step size,
 * seconds since the start, {@code kappa} (NaN when not monitored) and whether the step was shrunk for
 * ill-conditioning. Recorded off-heap during the run ({@link TraceRecorder}), copied here when it ends.
 */
public final class Trace {

    private final double[] f;
    private final double[] gradNorm;
    private final double[] step;
    private final double[] seconds;
    private final double[] kappa;
    private final boolean[] shrunk;
    private final int size;

    Trace(double[] f, double[] gradNorm, double[] step, double[] seconds, double[] kappa, boolean[] shrunk) {
        this.f = f;
        this.gradNorm = gradNorm;
        this.step = step;
        this.seconds = seconds;
        this.kappa = kappa;
        this.shrunk = shrunk;
        this.size = f.length;
    }

    /** {@return number of rows (iterations + 1, the start included)} */
    public int size() {
        return size;
    }

    /** {@return the objective value per row (a copy)} */
    public double[] f() {
        return Arrays.copyOf(f, size);
    }

    /** {@return {@code ||g||_inf} per row (a copy)} */
    public double[] gradNorm() {
        return Arrays.copyOf(gradNorm, size);
    }

    /** {@return the step size per row ({@code 0} at the start) (a copy)} */
    public double[] step() {
        return Arrays.copyOf(step, size);
    }

    /** {@return the seconds since the start per row (a copy)} */
    public double[] seconds() {
        return Arrays.copyOf(seconds, size);
    }

    /** {@return the condition estimate per row ({@code NaN} when not monitored) (a copy)} */
    public double[] kappa() {
        return Arrays.copyOf(kappa, size);
    }

    /** {@return per row, whether condition monitoring shrank the step (a copy)} */
    public boolean[] shrunk() {
        return Arrays.copyOf(shrunk, size);
    }

    /** {@return the trace as CSV with a header row} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder("iteration,f,grad_norm,step,seconds,kappa,shrunk\n");
        for (int i = 0; i < size; i++) {
            sb.append(i).append(',').append(f[i]).append(',').append(gradNorm[i]).append(',').append(step[i])
                    .append(',').append(seconds[i]).append(',').append(kappa[i]).append(',').append(shrunk[i])
                    .append('\n');
        }
        return sb.toString();
    }
}
