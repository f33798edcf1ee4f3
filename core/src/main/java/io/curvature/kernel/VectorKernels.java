package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Hand-vectorized kernels ({@code jdk.incubator.vector}): the preferred species of the machine, fixed at
 * class initialization; four independent accumulators in reductions so fused multiply-add latency is
 * hidden; {@code loopBound} plus a scalar tail; lanes reduced once, after the loop. The Gram matrix uses a
 * cache-blocked, register-blocked micro-kernel (4 rows x 2 vectors of {@code X^T D X} in registers).
 */
public final class VectorKernels extends AbstractKernels {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final long LB = (long) L * Double.BYTES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Lane rotations for {@link #sumLanes}: lane {@code i} takes lane {@code i + k} (mod L). */
    private static final VectorShuffle<Double> ROTATE_BY_16 = VectorShuffle.iota(SPECIES, 16, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_8 = VectorShuffle.iota(SPECIES, 8, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_4 = VectorShuffle.iota(SPECIES, 4, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_2 = VectorShuffle.iota(SPECIES, 2, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_1 = VectorShuffle.iota(SPECIES, 1, 1, true);

    /** Bytes of a row panel of the Gram kernel: two panels ({@code X} and {@code D X}) stay in L2. */
    private static final int GRAM_PANEL_BYTES = 128 * 1024;

    @Override
    public String name() {
        return "vector (" + SPECIES.vectorBitSize() + "-bit, " + L + " doubles)";
    }

    /** The species in use. */
    public static VectorSpecies<Double> species() {
        return SPECIES;
    }

    /**
     * The sum of the lanes in a fixed pairwise order. {@code reduceLanes(ADD)} may add lanes in any order,
     * and the interpreter and C2 do differ, which would make a result depend on JIT warm-up and break
     * the bitwise 1-vs-N-threads guarantee. Handles up to 32 lanes (2048-bit SVE).
     */
    static double sumLanes(DoubleVector v) {
        if (L >= 32) {
            v = v.add(v.rearrange(ROTATE_BY_16));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(ROTATE_BY_8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(ROTATE_BY_4));
        }
        if (L >= 4) {
            v = v.add(v.rearrange(ROTATE_BY_2));
        }
        if (L >= 2) {
            v = v.add(v.rearrange(ROTATE_BY_1));
        }
        return v.lane(0);
    }

    private static DoubleVector load(MemorySegment s, long element) {
        return DoubleVector.fromMemorySegment(SPECIES, s, element * Double.BYTES, ORDER);
    }

    @Override
    double dotImpl(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        long xb = xOff * Double.BYTES;
        long yb = yOff * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        int bound4 = n & -(4 * L);
        for (; k < bound4; k += 4 * L) {
            long o = (long) k * Double.BYTES;
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER), a0);
            a1 = DoubleVector.fromMemorySegment(SPECIES, x, xb + o + LB, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o + LB, ORDER), a1);
            a2 = DoubleVector.fromMemorySegment(SPECIES, x, xb + o + 2 * LB, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o + 2 * LB, ORDER), a2);
            a3 = DoubleVector.fromMemorySegment(SPECIES, x, xb + o + 3 * LB, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o + 3 * LB, ORDER), a3);
        }
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER), a0);
        }
        double sum = sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; k < n; k++) {
            sum = Math.fma(x.getAtIndex(D, xOff + k), y.getAtIndex(D, yOff + k), sum);
        }
        return sum;
    }

    @Override
    void axpyImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        long xb = xOff * Double.BYTES;
        long yb = yOff * Double.BYTES;
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER)
                    .fma(va, DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER))
                    .intoMemorySegment(y, yb + o, ORDER);
        }
        for (; k < n; k++) {
            y.setAtIndex(D, yOff + k, Math.fma(alpha, x.getAtIndex(D, xOff + k), y.getAtIndex(D, yOff + k)));
        }
    }

    @Override
    void scalImpl(int n, double alpha, MemorySegment x, long xOff) {
        long xb = xOff * Double.BYTES;
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            long o = xb + (long) k * Double.BYTES;
            DoubleVector.fromMemorySegment(SPECIES, x, o, ORDER).mul(alpha).intoMemorySegment(x, o, ORDER);
        }
        for (; k < n; k++) {
            x.setAtIndex(D, xOff + k, alpha * x.getAtIndex(D, xOff + k));
        }
    }

    @Override
    double sumSquaresImpl(int n, double scale, MemorySegment x, long xOff) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        int k = 0;
        int bound2 = n & -(2 * L);
        for (; k < bound2; k += 2 * L) {
            DoubleVector v0 = load(x, xOff + k).mul(scale);
            DoubleVector v1 = load(x, xOff + k + L).mul(scale);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
        }
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            DoubleVector v0 = load(x, xOff + k).mul(scale);
            a0 = v0.fma(v0, a0);
        }
        double sum = sumLanes(a0.add(a1));
        for (; k < n; k++) {
            double v = scale * x.getAtIndex(D, xOff + k);
            sum = Math.fma(v, v, sum);
        }
        return sum;
    }

    @Override
    double maxAbsImpl(int n, MemorySegment x, long xOff) {
        DoubleVector m = DoubleVector.zero(SPECIES);
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            m = m.max(load(x, xOff + k).abs()); // Vector max propagates NaN
        }
        double max = m.reduceLanes(VectorOperators.MAX);
        for (; k < n; k++) {
            double v = Math.abs(x.getAtIndex(D, xOff + k));
            max = Math.max(max, v);
        }
        return max;
    }

    @Override
    void syrImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                 MemorySegment a, long aOff, int lda, boolean rank2) {
        DoubleVector va = DoubleVector.broadcast(SPECIES, alpha);
        int bound = SPECIES.loopBound(n);
        for (int j = 0; j < n; j++) {
            double xj = x.getAtIndex(D, xOff + j);
            double yj = y.getAtIndex(D, yOff + j);
            long row = aOff + (long) j * lda;
            int k = 0;
            // Entry (j, k) gets alpha * (x_j y_k + y_j x_k) with one rounding of the update (fma), in the
            // vector body and the scalar tail alike, so (j, k) and (k, j) get the same bits.
            for (; k < bound; k += L) {
                DoubleVector term = rank2
                        ? load(y, yOff + k).mul(xj).add(load(x, xOff + k).mul(yj))
                        : load(x, xOff + k).mul(xj);
                term.fma(va, load(a, row + k)).intoMemorySegment(a, (row + k) * Double.BYTES, ORDER);
            }
            for (; k < n; k++) {
                double xk = x.getAtIndex(D, xOff + k);
                double term = rank2 ? y.getAtIndex(D, yOff + k) * xj + xk * yj : xk * xj;
                a.setAtIndex(D, row + k, Math.fma(term, alpha, a.getAtIndex(D, row + k)));
            }
        }
    }

    // ---- Gram ----

    /** Rows per panel for {@code d} columns. */
    static int gramPanelRows(int d) {
        return Math.max(8, Math.min(512, GRAM_PANEL_BYTES / (Double.BYTES * Math.max(1, d))));
    }

    @Override
    int gramScratch(int d) {
        return Math.multiplyExact(gramPanelRows(d), d);
    }

    @Override
    void gramRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff, MemorySegment acc) {
        int d = x.cols();
        int panel = gramPanelRows(d);
        long sOff = (long) d * d; // the scaled panel D_i x_i lives after the accumulator
        MemorySegment xs = x.segment();
        for (long p = start; p < end; p += panel) {
            int rows = (int) Math.min(panel, end - p);
            for (int ii = 0; ii < rows; ii++) {
                double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + p + ii);
                copyScaled(d, di, xs, x.rowStart(p + ii), acc, sOff + (long) ii * d);
            }
            gramPanel(x, p, rows, acc, sOff);
        }
    }

    private static void copyScaled(int n, double alpha, MemorySegment x, long xOff, MemorySegment out, long outOff) {
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            load(x, xOff + k).mul(alpha).intoMemorySegment(out, (outOff + k) * Double.BYTES, ORDER);
        }
        for (; k < n; k++) {
            out.setAtIndex(D, outOff + k, alpha * x.getAtIndex(D, xOff + k));
        }
    }

    /**
     * Adds {@code S^T X} for one panel to the upper triangle of {@code acc}, where {@code S} (at
     * {@code sOff} in {@code acc}, {@code rows x d}) is the panel scaled by {@code D}. Tiles of 4 rows of
     * the result by 2 vectors of columns; tiles that straddle the diagonal are computed whole (the lower
     * part is overwritten by the final mirror).
     */
    private static void gramPanel(MatrixView x, long p, int rows, MemorySegment acc, long sOff) {
        int d = x.cols();
        int jMain = d & ~3;
        int kTile = 2 * L;
        for (int j0 = 0; j0 < jMain; j0 += 4) {
            int k0 = j0 / kTile * kTile;
            for (; k0 + kTile <= d; k0 += kTile) {
                tile4x2(x, p, rows, acc, sOff, j0, k0);
            }
            for (; k0 < d; k0 += L) {
                tile4x1(x, p, rows, acc, sOff, j0, k0, SPECIES.indexInRange(k0, d));
            }
        }
        for (int j = jMain; j < d; j++) {
            for (int k0 = j / L * L; k0 < d; k0 += L) {
                tile1x1(x, p, rows, acc, sOff, j, k0, SPECIES.indexInRange(k0, d));
            }
        }
    }

    private static void tile4x2(MatrixView x, long p, int rows, MemorySegment acc, long sOff, int j0, int k0) {
        int d = x.cols();
        MemorySegment xs = x.segment();
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int ii = 0; ii < rows; ii++) {
            long xb = (x.rowStart(p + ii) + k0) * Double.BYTES;
            DoubleVector b0 = DoubleVector.fromMemorySegment(SPECIES, xs, xb, ORDER);
            DoubleVector b1 = DoubleVector.fromMemorySegment(SPECIES, xs, xb + LB, ORDER);
            long s = sOff + (long) ii * d + j0;
            DoubleVector s0 = DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s));
            DoubleVector s1 = DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 1));
            DoubleVector s2 = DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 2));
            DoubleVector s3 = DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 3));
            c00 = b0.fma(s0, c00);
            c01 = b1.fma(s0, c01);
            c10 = b0.fma(s1, c10);
            c11 = b1.fma(s1, c11);
            c20 = b0.fma(s2, c20);
            c21 = b1.fma(s2, c21);
            c30 = b0.fma(s3, c30);
            c31 = b1.fma(s3, c31);
        }
        addTo(acc, (long) j0 * d + k0, c00, c01);
        addTo(acc, (long) (j0 + 1) * d + k0, c10, c11);
        addTo(acc, (long) (j0 + 2) * d + k0, c20, c21);
        addTo(acc, (long) (j0 + 3) * d + k0, c30, c31);
    }

    private static void addTo(MemorySegment acc, long element, DoubleVector v0, DoubleVector v1) {
        long b = element * Double.BYTES;
        DoubleVector.fromMemorySegment(SPECIES, acc, b, ORDER).add(v0).intoMemorySegment(acc, b, ORDER);
        DoubleVector.fromMemorySegment(SPECIES, acc, b + LB, ORDER).add(v1).intoMemorySegment(acc, b + LB, ORDER);
    }

    private static void tile4x1(MatrixView x, long p, int rows, MemorySegment acc, long sOff, int j0, int k0,
                                VectorMask<Double> m) {
        int d = x.cols();
        MemorySegment xs = x.segment();
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        for (int ii = 0; ii < rows; ii++) {
            DoubleVector b = DoubleVector.fromMemorySegment(SPECIES, xs, (x.rowStart(p + ii) + k0) * Double.BYTES,
                    ORDER, m);
            long s = sOff + (long) ii * d + j0;
            c0 = b.fma(DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s)), c0);
            c1 = b.fma(DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 1)), c1);
            c2 = b.fma(DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 2)), c2);
            c3 = b.fma(DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, s + 3)), c3);
        }
        addTo(acc, (long) j0 * d + k0, c0, m);
        addTo(acc, (long) (j0 + 1) * d + k0, c1, m);
        addTo(acc, (long) (j0 + 2) * d + k0, c2, m);
        addTo(acc, (long) (j0 + 3) * d + k0, c3, m);
    }

    private static void tile1x1(MatrixView x, long p, int rows, MemorySegment acc, long sOff, int j, int k0,
                                VectorMask<Double> m) {
        int d = x.cols();
        MemorySegment xs = x.segment();
        DoubleVector c = DoubleVector.zero(SPECIES);
        for (int ii = 0; ii < rows; ii++) {
            DoubleVector b = DoubleVector.fromMemorySegment(SPECIES, xs, (x.rowStart(p + ii) + k0) * Double.BYTES,
                    ORDER, m);
            c = b.fma(DoubleVector.broadcast(SPECIES, acc.getAtIndex(D, sOff + (long) ii * d + j)), c);
        }
        addTo(acc, (long) j * d + k0, c, m);
    }

    private static void addTo(MemorySegment acc, long element, DoubleVector v, VectorMask<Double> m) {
        long b = element * Double.BYTES;
        DoubleVector.fromMemorySegment(SPECIES, acc, b, ORDER, m).add(v).intoMemorySegment(acc, b, ORDER, m);
    }
}
