package io.curvature.objective;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A user objective from plain Java functions on {@code double[]}: value and gradient, optionally an
 * exact Hessian-vector product. Without one, {@code H v} is a central difference of the gradient
 * (docs/math.md 1.4): {@code (g(w + e v) - g(w - e v)) / (2 e)}, {@code e = sqrt(eps) (1 + ||w||) / ||v||}.
 * Arrays passed to the functions are reused between calls (no allocation per evaluation); the gradient and
 * {@code out} arrays are zeroed before each call, so a function may accumulate into them. Check the functions
 * with {@link GradientCheck} before a fit. Not thread-safe: concurrent calls throw
 * {@link ConcurrentUseException}.
 */
public final class FunctionObjective implements Objective {

    /** {@code f(w)}, writing the gradient into {@code grad}. */
    @FunctionalInterface
    public interface ValueAndGradient {
        /**
         * Evaluates the function.
         *
         * @param w    the point (read only)
         * @param grad the gradient at {@code w}, to be written (zeroed before the call)
         * @return {@code f(w)}
         */
        double apply(double[] w, double[] grad);
    }

    /** {@code out = H(w) v}. */
    @FunctionalInterface
    public interface HessianVector {
        /**
         * Multiplies by the Hessian.
         *
         * @param w   the point (read only)
         * @param v   the direction (read only)
         * @param out {@code H(w) v}, to be written (zeroed before the call)
         */
        void apply(double[] w, double[] v, double[] out);
    }

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final double SQRT_EPS = Math.sqrt(Math.ulp(1.0));

    private final int d;
    private final ValueAndGradient fg;
    private final HessianVector hv;
    private final double[] w;
    private final double[] g;
    private final double[] v;
    private final double[] out;
    private final double[] gMinus;
    private final SingleThreadedUse use = new SingleThreadedUse("this FunctionObjective");

    /**
     * Without a Hessian-vector product: {@code H v} by central differences of the gradient.
     *
     * @param dimension {@code d}
     * @param fg        value and gradient
     */
    public FunctionObjective(int dimension, ValueAndGradient fg) {
        this(dimension, fg, null);
    }

    /**
     * An objective from user functions, with exact Hessian-vector products when {@code hv} is given.
     *
     * @param dimension {@code d}
     * @param fg        value and gradient
     * @param hv        exact Hessian-vector products, or {@code null} for central differences
     */
    public FunctionObjective(int dimension, ValueAndGradient fg, HessianVector hv) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (fg == null) {
            throw new IllegalArgumentException("the value-and-gradient function is null");
        }
        this.d = dimension;
        this.fg = fg;
        this.hv = hv;
        this.w = new double[d];
        this.g = new double[d];
        this.v = new double[d];
        this.out = new double[d];
        this.gMinus = new double[d];
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double value(MemorySegment ws) {
        boolean claimed = use.claim();
        try {
            return gradientAt(ws, g);
        } finally {
            use.release(claimed);
        }
    }

    @Override
    public double valueAndGradient(MemorySegment ws, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            double f = gradientAt(ws, g);
            MemorySegment.copy(g, 0, grad, D, 0, d);
            return f;
        } finally {
            use.release(claimed);
        }
    }

    private double gradientAt(MemorySegment ws, double[] into) {
        MemorySegment.copy(ws, D, 0, w, 0, d);
        java.util.Arrays.fill(into, 0.0);
        return fg.apply(w, into);
    }

    @Override
    public void hessianVector(MemorySegment ws, MemorySegment vs, MemorySegment result) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(ws, D, 0, w, 0, d);
            MemorySegment.copy(vs, D, 0, v, 0, d);
            java.util.Arrays.fill(out, 0.0);
            if (hv != null) {
                hv.apply(w, v, out);
            } else {
                centralDifference();
            }
            MemorySegment.copy(out, 0, result, D, 0, d);
        } finally {
            use.release(claimed);
        }
    }

    private void centralDifference() {
        double wn = 0;
        double vn = 0;
        for (int j = 0; j < d; j++) {
            wn += w[j] * w[j];
            vn += v[j] * v[j];
        }
        if (vn == 0) {
            java.util.Arrays.fill(out, 0.0);
            return;
        }
        double e = SQRT_EPS * (1 + Math.sqrt(wn)) / Math.sqrt(vn);
        for (int j = 0; j < d; j++) {
            w[j] += e * v[j];
        }
        fg.apply(w, out);
        for (int j = 0; j < d; j++) {
            w[j] -= 2 * e * v[j];
        }
        java.util.Arrays.fill(gMinus, 0.0);
        fg.apply(w, gMinus);
        for (int j = 0; j < d; j++) {
            w[j] += e * v[j];
            out[j] = (out[j] - gMinus[j]) / (2 * e);
        }
    }
}
