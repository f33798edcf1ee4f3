package io.curvature.optim;

import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;

import java.lang.foreign.MemorySegment;

/**
 * The Hessians of AUTO's dense Newton on a logistic or Poisson GLM (docs/math.md 2.2), and of {@code newton} with
 * {@link MethodSettings#newtonSinglePrecision}. With many more rows than columns, while the gradient is far from zero
 * the Hessian comes from every {@code stride}-th row only ({@code X_S^T D_S X_S / m + lambda I}, a fraction
 * {@code 1 / stride} of the Gram's work), which still gives steps of nearly Newton's quality; once {@code ||g||_inf}
 * has fallen below {@link #EXACT_BELOW} of its starting value, exact Newton steps give the fast convergence of the
 * last iterations ({@link SampledNewton}: from the exact Hessian, or by CG preconditioned with the sample's factor).
 * The sample is fixed (strided rows), so runs repeat bit for bit. Where the Gram goes to OpenBLAS
 * ({@link LinearAlgebra#NATIVE_GRAM_FROM_COLUMNS} columns or more), its products are taken in single precision,
 * twice as fast: always for the sample, whose own error is far larger; for the exact Hessians the gradient stays
 * exact, so these are inexact Newton steps and the reached gradient norm is unchanged, and an iteration after which
 * {@code ||g||_inf} has not fallen {@link #SINGLE_MIN_FALL}-fold means the float error is felt: the rest are double.
 * With fewer rows per column, a rougher sample's factor still preconditions CG well ({@link #preconditioner}).
 */
final class SampledHessians implements DampedNewton.HessianSource {

    /** Rows the sample keeps per column at least, so the estimate is close to the Hessian. */
    static final int MIN_ROWS_PER_COLUMN = 32;
    /** The largest stride: a sample of at least 1/16 of the rows. */
    static final int MAX_STRIDE = 16;
    /** The exact Hessian once {@code ||g||_inf} is below this fraction of its starting value. */
    static final double EXACT_BELOW = 1e-3;
    /** A single-precision Hessian must be followed by at least this fall of {@code ||g||_inf}, or the rest are double. */
    static final double SINGLE_MIN_FALL = 10;
    /**
     * Rows per column, at least, of the sample whose Hessian only preconditions CG ({@link #preconditioner}): as a
     * preconditioner a rougher estimate than {@link #MIN_ROWS_PER_COLUMN}'s does, CG taking a few more HVPs.
     */
    static final int PRECONDITIONER_ROWS_PER_COLUMN = 8;
    /**
     * A step by CG that took more HVPs than this has outlived its preconditioner ({@code D} has moved far from the
     * sample's): the next Hessian is sampled afresh at the current point.
     */
    static final int REFRESH_AFTER_HVPS = 12;

    private final Glm glm;
    private final int stride;
    private double startNorm = Double.NaN;
    private boolean exact;
    private int sampled;
    /** Whether the exact Hessians may be taken in single precision; cleared when one did not pay. */
    private boolean single;
    private int singles;
    /** Whether the sampled Hessians are taken in single precision: where the exact ones may be, always. */
    private final boolean singleSample;
    private int exactHessians;
    /** {@code ||g||_inf} when the last single-precision Hessian was taken, NaN when the last was not one. */
    private double singleAt = Double.NaN;
    /** Whether every Hessian is the sample's, each one preconditioning the exact steps after it ({@link #preconditioner}). */
    private final boolean preconditionerOnly;

    private SampledHessians(Glm glm, int stride, boolean single, boolean preconditionerOnly) {
        this.glm = glm;
        this.stride = stride;
        this.single = single;
        this.singleSample = single && LinearAlgebra.singlePrecisionGram() != null;
        this.preconditionerOnly = preconditionerOnly;
    }

    /**
     * Whether sampling pays for {@code glm}: enough rows per column, and a Hessian that changes with {@code w} (for
     * least squares it does not: one exact Gram and one Cholesky solve are the whole fit).
     */
    static boolean pays(Glm glm) {
        return glm.loss() != GlmLoss.LEAST_SQUARES && stride(glm.data().samples(), glm.dimension()) > 1;
    }

    /**
     * Every Hessian exact, with single-precision products while they pay ({@link MethodSettings#newtonSinglePrecision});
     * {@code null} unless {@code f} is a dense GLM.
     */
    static SampledHessians singlePrecision(Objective f) {
        return f instanceof Glm glm ? new SampledHessians(glm, 1, true, false) : null;
    }

    /**
     * AUTO's Hessians for {@code f}'s dense Newton run: sampled early where that pays, with single-precision products
     * from {@link LinearAlgebra#NATIVE_GRAM_FROM_COLUMNS} columns (not for least squares, whose one exact step is the
     * whole fit); {@code null} where neither applies.
     */
    static SampledHessians of(Objective f) {
        if (!(f instanceof Glm glm) || glm.loss() == GlmLoss.LEAST_SQUARES) {
            return null;
        }
        int stride = stride(glm.data().samples(), glm.dimension());
        boolean single = glm.dimension() >= LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS;
        return stride > 1 || single ? new SampledHessians(glm, stride, single, false) : null;
    }

    /**
     * AUTO's Hessians for Newton-CG preconditioned by a sample's Cholesky factor, on a logistic or Poisson GLM with too
     * few rows per column for {@link #pays sampled Newton steps} (docs/math.md 2.2): the first step is Newton's on
     * the Hessian of every {@link #preconditionerStride}-th row (single-precision products from
     * {@link LinearAlgebra#NATIVE_GRAM_FROM_COLUMNS} columns), every later one the exact step by CG preconditioned
     * with its factor, until a step takes more than {@link #REFRESH_AFTER_HVPS} HVPs and the next Hessian is sampled
     * afresh; {@code null} unless {@code f} is such a GLM.
     */
    static SampledHessians preconditioner(Objective f) {
        if (!(f instanceof Glm glm) || glm.loss() == GlmLoss.LEAST_SQUARES) {
            return null;
        }
        return new SampledHessians(glm, preconditionerStride(glm.data().samples(), glm.dimension()),
                glm.dimension() >= LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS, true);
    }

    /** The stride of {@link #preconditioner}'s sample for {@code n} rows of {@code d} columns; 1: every row. */
    static int preconditionerStride(long n, int d) {
        return (int) Math.max(1, Math.min(MAX_STRIDE, n / (PRECONDITIONER_ROWS_PER_COLUMN * (long) Math.max(1, d))));
    }

    /** Whether a step by CG that took {@code hvps} HVPs calls for a fresh sample ({@link #REFRESH_AFTER_HVPS}). */
    boolean outlived(long hvps) {
        return preconditionerOnly && hvps > REFRESH_AFTER_HVPS;
    }

    /** {@code k} as an English ordinal: 2nd, 3rd, 4th, 11th, 21st. */
    static String ordinal(int k) {
        int tens = k % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (k % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return k + suffix;
    }

    /** The stride for {@code n} rows of {@code d} columns; 1 (no sampling) when the rows are too few. */
    static int stride(long n, int d) {
        return (int) Math.max(1, Math.min(MAX_STRIDE, n / (MIN_ROWS_PER_COLUMN * (long) Math.max(1, d))));
    }

    /** Whether {@code r}'s iterate is in the exact phase: no sample, or {@code ||g||_inf} fallen far enough. */
    private boolean exactAt(Run r, double gInf) {
        if (Double.isNaN(startNorm)) {
            startNorm = gInf;
        }
        exact |= stride == 1 || gInf <= EXACT_BELOW * startNorm;
        return exact;
    }

    /**
     * Whether this iteration's step should be the exact Newton step by CG preconditioned with a sample's factor
     * ({@link SampledNewton}): in the exact phase of a sampled run.
     */
    boolean preconditionedStep(Run r) {
        return (stride > 1 || preconditionerOnly) && exactAt(r, r.normInf(r.g));
    }

    @Override
    public void hessian(Run r, MemorySegment h) {
        if (preconditionerOnly) {
            r.subsampledHessian(glm, stride, singleSample, r.w, h);
            sampled++;
            exact = true; // every later step by CG on exact HVPs
            return;
        }
        double gInf = r.normInf(r.g);
        exactAt(r, gInf);
        if (single && gInf > singleAt / SINGLE_MIN_FALL) {
            single = false;
        }
        singleAt = Double.NaN;
        if (exact && single && r.singlePrecisionHessian(glm, r.w, h)) {
            singleAt = gInf;
            singles++;
            exactHessians++;
        } else if (exact) {
            r.hessian(r.w, h);
            exactHessians++;
        } else {
            r.subsampledHessian(glm, stride, singleSample, r.w, h);
            sampled++;
        }
    }

    /**
     * For the result's path: how many iterations used the sample, then how many took exact Newton steps by CG
     * ({@code preconditioned}) or from exact Hessians.
     */
    String note(int preconditioned, long hvps) {
        if (preconditionerOnly) {
            return "; the first step by the Cholesky factor of the Hessian of " + (stride == 1 ? "every row"
                    : "every " + ordinal(stride) + " row") + (singleSample ? " (single-precision products)" : "") + ", "
                    + preconditioned + " step" + (preconditioned == 1 ? "" : "s") + " by CG (" + hvps
                    + " HVPs) preconditioned by it" + (sampled > 1 ? ", sampled " + sampled + " times" : "");
        }
        String single = singles == 0 ? "" : " (" + singles + " with single-precision products)";
        if (stride == 1) {
            return "; exact Hessians" + single;
        }
        String note = "; Hessians of every " + ordinal(stride) + " row" + (singleSample ? " (single-precision products)" : "")
                + " for " + sampled + " iteration" + (sampled == 1 ? "" : "s");
        if (preconditioned > 0) {
            note += ", then " + preconditioned + " exact Newton step" + (preconditioned == 1 ? "" : "s") + " by CG ("
                    + hvps + " HVPs) preconditioned by the sample's Cholesky factor";
        }
        return exactHessians > 0 ? note + ", " + exactHessians + " exact Hessian" + (exactHessians == 1 ? "" : "s")
                + single : note;
    }
}
