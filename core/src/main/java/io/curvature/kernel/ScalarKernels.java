package io.curvature.kernel;

import java.lang.foreign.MemorySegment;

/**
 * The reference kernels: plain loops, one accumulator, no vectorization by hand. Slow and obviously
 * right; {@link VectorKernels} is tested against them.
 */
public final class ScalarKernels extends AbstractKernels {

    /** The reference kernels (prefer {@link KernelProvider#get()}). */
    public ScalarKernels() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    double dotImpl(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += x.getAtIndex(D, xOff + k) * y.getAtIndex(D, yOff + k);
        }
        return sum;
    }

    @Override
    void axpyImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        for (int k = 0; k < n; k++) {
            y.setAtIndex(D, yOff + k, y.getAtIndex(D, yOff + k) + alpha * x.getAtIndex(D, xOff + k));
        }
    }

    @Override
    void scalImpl(int n, double alpha, MemorySegment x, long xOff) {
        for (int k = 0; k < n; k++) {
            x.setAtIndex(D, xOff + k, alpha * x.getAtIndex(D, xOff + k));
        }
    }

    @Override
    double sumSquaresImpl(int n, double scale, MemorySegment x, long xOff) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
            double v = scale * x.getAtIndex(D, xOff + k);
            sum += v * v;
        }
        return sum;
    }

    @Override
    double maxAbsImpl(int n, MemorySegment x, long xOff) {
        double max = 0;
        for (int k = 0; k < n; k++) {
            double v = Math.abs(x.getAtIndex(D, xOff + k));
            if (!(v <= max)) {
                max = v; // also takes NaN, which then sticks
                if (Double.isNaN(v)) {
                    return v;
                }
            }
        }
        return max;
    }

    @Override
    void gramRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff, MemorySegment c,
                  long cOff, MemorySegment acc) {
        int cols = x.cols();
        int d = c == null ? cols : cols + 1;
        for (long i = start; i < end; i++) {
            double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + i);
            for (int j = 0; j < d; j++) {
                double s = di * (j < cols ? x.get(i, j) : c.getAtIndex(D, cOff + i));
                for (int k = j; k < d; k++) {
                    long idx = (long) j * d + k;
                    acc.setAtIndex(D, idx, acc.getAtIndex(D, idx) + s * (k < cols ? x.get(i, k)
                            : c.getAtIndex(D, cOff + i)));
                }
            }
        }
    }

    @Override
    void syrImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                 MemorySegment a, long aOff, int lda, boolean rank2) {
        for (int j = 0; j < n; j++) {
            double xj = x.getAtIndex(D, xOff + j);
            double yj = y.getAtIndex(D, yOff + j);
            long row = aOff + (long) j * lda;
            for (int k = 0; k < n; k++) {
                double xk = x.getAtIndex(D, xOff + k);
                double term = rank2 ? xj * y.getAtIndex(D, yOff + k) + yj * xk : xj * xk;
                a.setAtIndex(D, row + k, a.getAtIndex(D, row + k) + alpha * term);
            }
        }
    }
}
