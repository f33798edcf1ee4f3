package io.curvature.optim;

import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;

import java.lang.foreign.MemorySegment;

/**
 * AUTO's dense Newton on a GLM with many more rows than columns and a Hessian that depends on {@code w}
 * (logistic, Poisson; docs/math.md 2.2): while the gradient is far
 * from zero the Hessian comes from every {@code stride}-th row only ({@code X_S^T D_S X_S / m + lambda I}, a
 * fraction {@code 1 / stride} of the Gram's work), which still gives steps of nearly Newton's quality; once
 * {@code ||g||_inf} has fallen below {@link #EXACT_BELOW} of its starting value, the exact Hessian gives the
 * quadratic convergence of the last iterations. The sample is fixed (strided rows), so runs repeat bit for bit.
 */
final class SampledHessians implements DampedNewton.HessianSource {

    /** Rows the sample keeps per column at least, so the estimate is close to the Hessian. */
    static final int MIN_ROWS_PER_COLUMN = 32;
    /** The largest stride: a sample of at least 1/16 of the rows. */
    static final int MAX_STRIDE = 16;
    /** The exact Hessian once {@code ||g||_inf} is below this fraction of its starting value. */
    static final double EXACT_BELOW = 1e-3;

    private final Glm glm;
    private final int stride;
    private double startNorm = Double.NaN;
    private boolean exact;
    private int sampled;

    private SampledHessians(Glm glm, int stride) {
        this.glm = glm;
        this.stride = stride;
    }

    /**
     * Whether sampling pays for {@code glm}: enough rows per column, and a Hessian that changes with {@code w} (for
     * least squares it does not: one exact Gram and one Cholesky solve are the whole fit).
     */
    static boolean pays(Glm glm) {
        return glm.loss() != GlmLoss.LEAST_SQUARES && stride(glm.data().samples(), glm.dimension()) > 1;
    }

    /** The sampling for {@code f}'s dense Newton run, or {@code null} where it does not pay. */
    static SampledHessians of(Objective f) {
        return f instanceof Glm glm && pays(glm) ? new SampledHessians(glm, stride(glm.data().samples(), glm.dimension()))
                : null;
    }

    /** The stride for {@code n} rows of {@code d} columns; 1 (no sampling) when the rows are too few. */
    static int stride(long n, int d) {
        return (int) Math.max(1, Math.min(MAX_STRIDE, n / (MIN_ROWS_PER_COLUMN * (long) Math.max(1, d))));
    }

    @Override
    public void hessian(Run r, MemorySegment h) {
        double gInf = r.normInf(r.g);
        if (Double.isNaN(startNorm)) {
            startNorm = gInf;
        }
        exact |= gInf <= EXACT_BELOW * startNorm;
        if (exact) {
            r.hessian(r.w, h);
        } else {
            r.subsampledHessian(glm, stride, r.w, h);
            sampled++;
        }
    }

    /** For the result's path: how many iterations used the sample. */
    String note() {
        return "; Hessians of every " + stride + "th row for " + sampled + " iteration" + (sampled == 1 ? "" : "s")
                + ", then exact";
    }
}
