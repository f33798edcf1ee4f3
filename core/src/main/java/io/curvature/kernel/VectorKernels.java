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
 *
 * <p>The level-1 kernels ({@code dot}, {@code axpy}, {@code scal}, {@code nrm2}, {@code syr}) are what the
 * optimizers call in their inner loops, and C2 inlines them there, into a compile unit with a node budget.
 * Once the budget is spent ({@code NodeCountInliningCutoff}) C2 still inlines the Vector API's own methods
 * (they are force-inlined) but not ours, and a refused call that passes a vector boxes it on the heap (JFR's
 * {@code jdk.CompilerInlining} events show the refusals; docs/performance.md, "Allocation"). So these
 * kernels call only the Vector API ({@link #dotUnchecked} writes its lane sum out; {@code nrm2} sums squares
 * with it). Helpers that take vectors ({@link #sumLanes}) serve the row passes
 * and the Gram kernel, whose bodies ({@code VectorRowPasses.dot4}, {@code axpy4}, the Gram tiles) are over
 * C2's limit for inlining hot methods ({@code FreqInlineSize}, 325 bytecodes) or are reached through
 * {@code RowBlocks}, so they are compiled as units of their own, and the rarely taken branch of {@code nrm2}
 * ({@link #sumSquaresImpl}).
 */
public final class VectorKernels extends AbstractKernels {

    /** Kernels on the preferred species (prefer {@link KernelProvider#get()}, which checks the Vector API is present). */
    public VectorKernels() {
    }

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final long LB = (long) L * Double.BYTES;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Lane rotations for {@link #sumLanes}: lane {@code i} takes lane {@code i + k} (mod L). */
    private static final VectorShuffle<Double> ROTATE_BY_16 = VectorShuffle.iota(SPECIES, 16, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_8 = VectorShuffle.iota(SPECIES, 8, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_4 = VectorShuffle.iota(SPECIES, 4, 1, true);

    /**
     * Whether the last partial vector of a reduction is a masked load rather than a scalar loop: with
     * four or more lanes (checked allocation-free at AVX2 and AVX-512); with two the tail is at most one
     * element, which one scalar step handles without relying on masked loads at that width.
     */
    static final boolean MASKED_TAILS = L >= 4;

    /** Bytes of a packed row panel of the Gram kernel: both packed panels stay in L2. */
    private static final int GRAM_PANEL_BYTES = 128 * 1024;

    /** Bytes of rows of {@code X} staged on the heap while a Gram panel is packed (a fraction of L1). */
    private static final int GRAM_STAGE_BYTES = 16 * 1024;

    @Override
    public String name() {
        return "vector (" + SPECIES.vectorBitSize() + "-bit, " + L + " doubles)";
    }

    /** {@return the species in use} */
    public static VectorSpecies<Double> species() {
        return SPECIES;
    }

    /**
     * The sum of the lanes in a fixed pairwise order. {@code reduceLanes(ADD)} may add lanes in any order,
     * and the interpreter and C2 do differ, which would make a result depend on JIT warm-up and break
     * the bitwise 1-vs-N-threads guarantee. Handles up to 32 lanes (2048-bit SVE).
     */
    static double sumLanes(DoubleVector v) {
        // Halves added by lane rotations down to four lanes, then those four as scalars: C2 leaves the rotation
        // of 128-bit doubles, and of 256-bit ones without AVX2, to Java (a vector allocated per call); lane
        // extraction it compiles at every width. dotUnchecked writes the same steps out.
        if (L >= 32) {
            v = v.add(v.rearrange(ROTATE_BY_16));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(ROTATE_BY_8));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(ROTATE_BY_4));
        }
        return L >= 4 ? (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3)) : L == 2 ? v.lane(0) + v.lane(1) : v.lane(0);
    }

    @Override
    double dotImpl(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        return dotUnchecked(n, x, xOff, y, yOff);
    }

    /**
     * {@code x . y} over {@code n} elements at element offsets {@code xOff}, {@code yOff}; unchecked. Four
     * accumulators, rotated: one loop of one vector per step whose product goes to the accumulator written
     * four steps before, so the fma latency is hidden as in a loop unrolled by four, but the method has one
     * pair of loads where an unrolled loop and its remainder loop have five. Each load brings in the Vector API's
     * and the segment's checks, and C2 stops inlining our methods once a compile unit passes its node budget
     * ({@code NodeCountInliningCutoff}): an unrolled version came close enough to it that, at 256-bit vectors,
     * its lane-sum call was sometimes refused and boxed a vector per dot; hence also the lane sum written
     * out. Keep this method small (docs/performance.md, "Level 1"). The loop counts
     * bytes in a {@code long} (with an {@code int} counter and {@code long} offsets C2 keeps a bounds check per
     * load), and the last partial vector is one masked load where masks are cheap ({@link #MASKED_TAILS}),
     * added into the accumulator before the one lane sum.
     */
    static double dotUnchecked(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        long xb = xOff * Double.BYTES;
        long yb = yOff * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long bytes = (long) SPECIES.loopBound(n) * Double.BYTES;
        long o = 0;
        for (; o < bytes; o += LB) {
            DoubleVector p = DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER), a0);
            a0 = a1;
            a1 = a2;
            a2 = a3;
            a3 = p;
        }
        DoubleVector acc = a0.add(a1).add(a2.add(a3));
        int done = (int) (o / Double.BYTES);
        if (MASKED_TAILS && done < n) {
            VectorMask<Double> m = SPECIES.indexInRange(done, n);
            acc = DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER, m)
                    .fma(DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER, m), acc);
        }
        // sumLanes(acc), written out: a call of ours that takes a vector may be refused and box it (class
        // comment); the API's own methods are always inlined. The same order as sumLanes, so the same bits.
        // (The method is then over C2's FreqInlineSize, so callers call it rather than inline it.)
        if (L >= 32) {
            acc = acc.add(acc.rearrange(ROTATE_BY_16));
        }
        if (L >= 16) {
            acc = acc.add(acc.rearrange(ROTATE_BY_8));
        }
        if (L >= 8) {
            acc = acc.add(acc.rearrange(ROTATE_BY_4));
        }
        double sum = L >= 4 ? (acc.lane(0) + acc.lane(2)) + (acc.lane(1) + acc.lane(3))
                : L == 2 ? acc.lane(0) + acc.lane(1) : acc.lane(0);
        if (!MASKED_TAILS && done < n) {
            sum += scalarTailDot(n, done, x, xb + o, y, yb + o);
        }
        return sum;
    }

    private static double scalarTailDot(int n, int done, MemorySegment x, long xb, MemorySegment y, long yb) {
        double sum = 0;
        for (long b = 0, end = (long) (n - done) * Double.BYTES; b < end; b += Double.BYTES) {
            sum = Math.fma(x.get(D, xb + b), y.get(D, yb + b), sum);
        }
        return sum;
    }

    // ---- row-block bodies: staged on the heap, four rows at a time (see VectorRowPasses) ----

    @Override
    void gemvRows(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        VectorRowPasses.gemv(a, start, end, v, vOff, out, outOff);
    }

    @Override
    void gemvTRows(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        VectorRowPasses.gemvT(a, start, end, r, rOff, acc);
    }

    @Override
    double glmRows(SampleLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                   MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        return VectorRowPasses.glm(loss, x, start, end, y, yOff, w, wOff, weights, weightsOff, acc);
    }

    @Override
    void hvpRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                 MemorySegment v, long vOff, MemorySegment acc) {
        VectorRowPasses.hvp(x, start, end, weights, weightsOff, v, vOff, acc);
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

    /**
     * Used by {@code nrm2} only when the plain {@code x . x} overflowed or lost squares below the normal
     * range (rare data), so it stays simple: two accumulators and a scalar tail.
     */
    @Override
    double sumSquaresImpl(int n, double scale, MemorySegment x, long xOff) {
        long xb = xOff * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        int k = 0;
        int bound2 = n & -(2 * L);
        for (; k < bound2; k += 2 * L) {
            long o = xb + (long) k * Double.BYTES;
            DoubleVector v0 = DoubleVector.fromMemorySegment(SPECIES, x, o, ORDER).mul(scale);
            DoubleVector v1 = DoubleVector.fromMemorySegment(SPECIES, x, o + LB, ORDER).mul(scale);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
        }
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            DoubleVector v0 = DoubleVector.fromMemorySegment(SPECIES, x, xb + (long) k * Double.BYTES, ORDER)
                    .mul(scale);
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
        long xb = xOff * Double.BYTES;
        DoubleVector m = DoubleVector.zero(SPECIES);
        int k = 0;
        int bound = SPECIES.loopBound(n);
        for (; k < bound; k += L) {
            // Vector max propagates NaN
            m = m.max(DoubleVector.fromMemorySegment(SPECIES, x, xb + (long) k * Double.BYTES, ORDER).abs());
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
        long xb = xOff * Double.BYTES;
        long yb = yOff * Double.BYTES;
        int bound = SPECIES.loopBound(n);
        for (int j = 0; j < n; j++) {
            double xj = x.getAtIndex(D, xOff + j);
            double yj = y.getAtIndex(D, yOff + j);
            long row = aOff + (long) j * lda;
            long rb = row * Double.BYTES;
            int k = 0;
            // Entry (j, k) gets alpha * (x_j y_k + y_j x_k) with one rounding of the update (fma), in the
            // vector body and the scalar tail alike, so (j, k) and (k, j) get the same bits.
            for (; k < bound; k += L) {
                long o = (long) k * Double.BYTES;
                DoubleVector xk = DoubleVector.fromMemorySegment(SPECIES, x, xb + o, ORDER);
                DoubleVector term = rank2
                        ? DoubleVector.fromMemorySegment(SPECIES, y, yb + o, ORDER).mul(xj).add(xk.mul(yj))
                        : xk.mul(xj);
                DoubleVector ak = DoubleVector.fromMemorySegment(SPECIES, a, rb + o, ORDER);
                term.fma(va, ak).intoMemorySegment(a, rb + o, ORDER);
            }
            for (; k < n; k++) {
                double xk = x.getAtIndex(D, xOff + k);
                double term = rank2 ? y.getAtIndex(D, yOff + k) * xj + xk * yj : xk * xj;
                a.setAtIndex(D, row + k, Math.fma(term, alpha, a.getAtIndex(D, row + k)));
            }
        }
    }

    // ---- Gram ----

    /** Rows of a Gram tile held in registers: 4 rows x 2 vectors = 8 accumulators. */
    private static final int TILE_ROWS = 4;
    private static final int TILE_COLS = 2 * L;

    /**
     * A thread's packing buffers for the Gram kernel, reused across calls so the kernel allocates nothing
     * once warm. {@code a}: the panel scaled by {@code D}, packed by groups of 4 columns; {@code b}: the
     * panel packed by groups of {@code 2L} columns; {@code g}: the block's accumulator, padded to whole
     * tiles. Padding is zero, so the micro-kernel never needs a mask.
     */
    private static final class GramWorkspace {
        double[] a = new double[0];
        double[] b = new double[0];
        double[] g = new double[0];
        /** A few rows of {@code X} staged for packing, the panel's weights and its part of an appended column. */
        double[] rows = new double[0];
        double[] weights = new double[0];
        double[] appended = new double[0];

        void ensure(int aLen, int bLen, int gLen, int rowsLen, int weightsLen, int appendedLen) {
            if (a.length < aLen) {
                a = new double[aLen];
            }
            if (b.length < bLen) {
                b = new double[bLen];
            }
            if (g.length < gLen) {
                g = new double[gLen];
            }
            if (rows.length < rowsLen) {
                rows = new double[rowsLen];
            }
            if (weights.length < weightsLen) {
                weights = new double[weightsLen];
            }
            if (appended.length < appendedLen) {
                appended = new double[appendedLen];
            }
        }
    }

    private static final ThreadLocal<GramWorkspace> GRAM = ThreadLocal.withInitial(GramWorkspace::new);

    /** Rows per panel for {@code d} columns: the two packed panels stay in L2. */
    static int gramPanelRows(int d) {
        return Math.max(8, Math.min(512, GRAM_PANEL_BYTES / (Double.BYTES * Math.max(1, d))));
    }

    /** Rows staged on the heap at a time for packing: they stay in L1 while each column group is packed. */
    static int gramStagedRows(int stored) {
        return Math.max(4, Math.min(32, GRAM_STAGE_BYTES / (Double.BYTES * Math.max(1, stored))));
    }

    @Override
    void gramRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff, MemorySegment c,
                  long cOff, MemorySegment acc) {
        int d = c == null ? x.cols() : x.cols() + 1;
        int dRows = roundUp(d, TILE_ROWS);
        int dCols = roundUp(d, TILE_COLS);
        int panel = gramPanelRows(x.cols()); // X's own: an appended column leaves the summation order as it is
        GramWorkspace ws = GRAM.get();
        int staged = gramStagedRows(x.storedCols());
        ws.ensure(panel * dRows, panel * dCols, dRows * dCols, staged * x.storedCols(), panel, c == null ? 0 : panel);
        double[] g = ws.g;
        java.util.Arrays.fill(g, 0, dRows * dCols, 0.0);
        for (long p = start; p < end; p += panel) {
            int rows = (int) Math.min(panel, end - p);
            pack(x, p, rows, weights, weightsOff, c, cOff, ws, staged, dRows, dCols);
            panelProduct(ws.a, ws.b, rows, g, dRows, dCols);
        }
        for (int j = 0; j < d; j++) {
            MemorySegment.copy(g, j * dCols + j, acc, D, ((long) j * d + j) * Double.BYTES, d - j);
        }
    }

    /**
     * {@code g += A^T B} for one packed panel, the tiles that reach the upper triangle. A method of its own, called
     * once per panel, so that C2 compiles it as a whole: an on-stack replacement of the panel loop inside
     * {@link #gramRows}, which runs only a few times per Gram, was deoptimized at its loop exit and left interpreted.
     */
    private static void panelProduct(double[] a, double[] b, int rows, double[] g, int dRows, int dCols) {
        for (int k0 = 0; k0 < dCols; k0 += TILE_COLS) {
            int bBase = k0 * rows; // tile k0 / TILE_COLS starts at (k0 / TILE_COLS) * rows * TILE_COLS
            // Only tiles that reach the upper triangle: j0 < k0 + TILE_COLS.
            int jEnd = Math.min(dRows, k0 + TILE_COLS);
            for (int j0 = 0; j0 < jEnd; j0 += TILE_ROWS) {
                tile(a, j0 * rows, b, bBase, rows, g, j0 * dCols + k0, dCols);
            }
        }
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }

    /**
     * Packs rows {@code [p, p + rows)}: {@code a[(j0 * rows) + ii * 4 + r] = D_i x_i[j0 + r]} for groups
     * {@code j0} of 4 columns, and {@code b[(k0 * rows) + ii * 2L + c] = x_i[k0 + c]} for groups {@code k0}
     * of {@code 2L} columns; columns past {@code d} are zero, an implicit column of ones is 1 in its lane, and an
     * appended column {@code c} (when not null) is the last, {@code c_i} in its lane.
     * A few rows at a time are copied to the heap in bulk, then packed one column group after another, so that
     * each group's panel is written as one sequential stream rather than a dozen streams at once.
     * A vector holds whole groups of 4 columns, or (for 2 lanes) half of one; the groups of a wider vector are
     * stored by masked stores, each shifted to its group's place.
     */
    private static void pack(MatrixView x, long p, int rows, MemorySegment weights, long weightsOff,
                             MemorySegment c, long cOff, GramWorkspace ws, int staged, int dRows, int dCols) {
        int stored = x.storedCols();
        double[] dw = ws.weights;
        if (weights == null) {
            java.util.Arrays.fill(dw, 0, rows, 1.0);
        } else {
            MemorySegment.copy(weights, D, (weightsOff + p) * Double.BYTES, dw, 0, rows);
        }
        if (c != null) {
            MemorySegment.copy(c, D, (cOff + p) * Double.BYTES, ws.appended, 0, rows);
        }
        int ones = x.onesColumn() ? stored : -1;
        int last = c != null ? x.cols() : -1;
        for (int c0 = 0; c0 < rows; c0 += staged) {
            int count = Math.min(staged, rows - c0);
            stageRows(x, p + c0, count, ws.rows);
            packStaged(ws.rows, stored, ones, last, ws.appended, c0, count, rows, dw, ws.a, ws.b, dRows, dCols);
        }
    }

    /** Copies rows {@code [first, first + count)} of {@code x}'s stored columns to {@code buf}, {@code storedCols} apart. */
    private static void stageRows(MatrixView x, long first, int count, double[] buf) {
        int stored = x.storedCols();
        MemorySegment xs = x.segment();
        if (x.ld() == stored) {
            MemorySegment.copy(xs, D, x.rowStart(first) * Double.BYTES, buf, 0, count * stored);
        } else {
            for (int r = 0; r < count; r++) {
                MemorySegment.copy(xs, D, x.rowStart(first + r) * Double.BYTES, buf, r * stored, stored);
            }
        }
    }

    /**
     * Packs {@code count} staged rows as rows {@code [c0, c0 + count)} of a panel of {@code rows}; see {@link #pack}.
     * {@code ones} and {@code last} are the columns of ones and of {@code appended} ({@code -1}: none).
     */
    private static void packStaged(double[] buf, int stored, int ones, int last, double[] appended, int c0, int count,
                                   int rows, double[] dw, double[] a, double[] b, int dRows, int dCols) {
        int full = stored / L * L;
        for (int k = 0; k < dCols; k += L) {
            int kt = k & -TILE_COLS;
            int bBase = kt * rows + (k - kt);
            boolean scaled = k < dRows;
            VectorMask<Double> inRange = SPECIES.indexInRange(k, stored);
            for (int r = 0; r < count; r++) {
                int ii = c0 + r;
                DoubleVector v = k < full
                        ? DoubleVector.fromArray(SPECIES, buf, r * stored + k)
                        : DoubleVector.fromArray(SPECIES, buf, r * stored + k, inRange);
                if (ones >= k && ones < k + L) {
                    v = v.withLane(ones - k, 1.0);
                }
                if (last >= k && last < k + L) {
                    v = v.withLane(last - k, appended[ii]);
                }
                v.intoArray(b, bBase + ii * TILE_COLS);
                if (scaled) {
                    DoubleVector s = v.mul(dw[ii]);
                    int aRow = ii * TILE_ROWS;
                    if (L <= TILE_ROWS) {
                        s.intoArray(a, (k & -TILE_ROWS) * rows + aRow + (k & (TILE_ROWS - 1)));
                    } else {
                        for (int h = 0; h < L && k + h < dRows; h += TILE_ROWS) {
                            // lanes h .. h + 3 to group k + h: stored from h lanes before the group's place
                            s.intoArray(a, (k + h) * rows + aRow - h, SPECIES.indexInRange(-h, TILE_ROWS));
                        }
                    }
                }
            }
        }
    }

    /** The micro-kernel: {@code g[4 x 2L tile] += A_tile^T B_tile} over {@code rows} packed rows. */
    private static void tile(double[] a, int aBase, double[] b, int bBase, int rows, double[] g, int gBase, int ldg) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        for (int ii = 0; ii < rows; ii++) {
            int bo = bBase + ii * TILE_COLS;
            int ao = aBase + ii * TILE_ROWS;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bo);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bo + L);
            DoubleVector s0 = DoubleVector.broadcast(SPECIES, a[ao]);
            DoubleVector s1 = DoubleVector.broadcast(SPECIES, a[ao + 1]);
            DoubleVector s2 = DoubleVector.broadcast(SPECIES, a[ao + 2]);
            DoubleVector s3 = DoubleVector.broadcast(SPECIES, a[ao + 3]);
            c00 = b0.fma(s0, c00);
            c01 = b1.fma(s0, c01);
            c10 = b0.fma(s1, c10);
            c11 = b1.fma(s1, c11);
            c20 = b0.fma(s2, c20);
            c21 = b1.fma(s2, c21);
            c30 = b0.fma(s3, c30);
            c31 = b1.fma(s3, c31);
        }
        // written out, not a helper taking vectors: a refused inline would box them
        int g1 = gBase + ldg;
        int g2 = gBase + 2 * ldg;
        int g3 = gBase + 3 * ldg;
        DoubleVector.fromArray(SPECIES, g, gBase).add(c00).intoArray(g, gBase);
        DoubleVector.fromArray(SPECIES, g, gBase + L).add(c01).intoArray(g, gBase + L);
        DoubleVector.fromArray(SPECIES, g, g1).add(c10).intoArray(g, g1);
        DoubleVector.fromArray(SPECIES, g, g1 + L).add(c11).intoArray(g, g1 + L);
        DoubleVector.fromArray(SPECIES, g, g2).add(c20).intoArray(g, g2);
        DoubleVector.fromArray(SPECIES, g, g2 + L).add(c21).intoArray(g, g2 + L);
        DoubleVector.fromArray(SPECIES, g, g3).add(c30).intoArray(g, g3);
        DoubleVector.fromArray(SPECIES, g, g3 + L).add(c31).intoArray(g, g3 + L);
    }
}
