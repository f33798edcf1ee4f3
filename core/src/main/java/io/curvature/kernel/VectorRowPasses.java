package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The row-block bodies of the vector kernels: {@code gemv}, {@code gemvT}, the fused GLM pass and the fused
 * HVP, four rows at a time: each element of the vector is loaded once for four rows ({@link #dot4}), the
 * accumulator once for four rows ({@link #axpy4}).
 * <ul>
 * <li>Rows narrower than {@link #DIRECT_FROM_COLUMNS} are staged into a thread's heap buffer with bulk
 * copies (a sequential stream from memory) and computed there: on heap arrays with {@code int} indices C2
 * removes the bounds checks that short segment loops keep ({@code DotLoopBenchmark}; docs/performance.md,
 * "Level 1"). The GLM pass and the HVP overlap the copy of the next four rows
 * with the computation of the current four ({@link #pipelined}); gemv and gemvT stage a few rows at a time.</li>
 * <li>Wider rows are computed in place from the (off-heap, possibly memory-mapped) segment, as four
 * interleaved streams; so are gemv and gemvT on matrices small enough to be in cache (see {@link #direct}).</li>
 * </ul>
 */
final class VectorRowPasses {

    private static final VectorSpecies<Double> SPECIES = VectorKernels.SPECIES;
    private static final int L = SPECIES.length();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Lane {@code i} takes lane {@code i + 1} (the last, lane 0). */
    private static final VectorShuffle<Double> DOWN_ONE_LANE = VectorShuffle.iota(SPECIES, 1, 1, true);
    private static final VectorMask<Double> LAST_LANE = VectorMask.fromLong(SPECIES, 1L << (L - 1));

    /** Rows computed together. */
    private static final int GROUP = 4;
    /**
     * Rows a pipelined GLM pass stages at a time: two groups, whose losses are then evaluated back to back, two
     * independent chains of {@link VectorLogistic}'s polynomials and divisions that the core overlaps; one group
     * at a time, each waited for its losses' latency before its update.
     */
    private static final int GLM_STEP = 2 * GROUP;
    /** From this many columns the rows are computed in place, not staged (docs/performance.md, "Fused passes"). */
    static final int DIRECT_FROM_COLUMNS = 256;
    /** gemv and gemvT compute a matrix up to this size in place at any width: it is likely in L2. */
    static final long DIRECT_UP_TO_BYTES = 1L << 20;
    /** Target bytes of staged rows: half of a 32 KiB L1 data cache. */
    private static final int STAGE_BYTES = 16 * 1024;

    /**
     * A thread's buffers, grown on demand and reused, so a warm pass allocates nothing. The heap arrays
     * that bulk copies fill have their segment views cached: {@code MemorySegment.copy} into a bare array
     * wraps it in a new heap segment on every call, which would allocate per staged chunk.
     */
    private static final class Workspace {
        double[] rows = new double[0];
        MemorySegment rowsView = MemorySegment.ofArray(rows);
        double[] vec = new double[0];
        double[] acc = new double[0];
        /** A chunk's coefficients; the pipelined passes use two groups of four, filling one while using the other. */
        final double[] coef = new double[Math.max(AbstractKernels.GLM_CHUNK, 2 * GLM_STEP)];
        final MemorySegment coefView = MemorySegment.ofArray(coef);
        /** The vector's last {@code L} elements, zero in the lanes the vector loop already covered (see {@code dot4}). */
        final double[] vecTail = new double[L];
        /** 1 in the lanes of the last {@code L} elements the vector loop did not cover, 0 in the others. */
        final double[] tailKeep = new double[L];

        void ensure(int rowsLen, int d) {
            if (rows.length < rowsLen) {
                rows = new double[rowsLen];
                rowsView = MemorySegment.ofArray(rows);
            }
            if (vec.length < d) {
                vec = new double[d];
                acc = new double[d];
            }
        }
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private VectorRowPasses() {
    }

    /** Rows staged at once for {@code d} columns: a multiple of 4, at most {@code GLM_CHUNK}. */
    static int stageRows(int d) {
        int rows = STAGE_BYTES / (Double.BYTES * Math.max(1, d));
        return Math.max(GROUP, Math.min(AbstractKernels.GLM_CHUNK, rows & -GROUP));
    }

    /**
     * Whether to compute {@code x}'s rows in place from the segment instead of staging them. Staging pays
     * a copy; in place, short rows cost more per row (bounds checks on {@code long} offsets, four short
     * interleaved streams the hardware prefetcher follows less well). Wide rows and small matrices gain in
     * place, streamed narrow rows lose (docs/performance.md, "Fused passes"; docs/performance-log.md).
     */
    private static boolean direct(MatrixView x, boolean level2) {
        return (!x.onesColumn() || onesByLane(x))
                && (x.cols() >= DIRECT_FROM_COLUMNS || (level2 && x.rows() * x.ld() * Double.BYTES <= DIRECT_UP_TO_BYTES));
    }

    /**
     * Whether {@code x}'s implicit column of ones is supplied in the last lane of each row's last vector, made from
     * a load of the row's last stored elements moved down a lane ({@link #dot4}): rows wider than a vector. The
     * rows are then read, in place or staged, {@code d - 1} apart; narrower ones are staged with their ones.
     */
    private static boolean onesByLane(MatrixView x) {
        return x.onesColumn() && x.cols() > L;
    }

    /** Elements from one staged row to the next. */
    private static int stagedStride(MatrixView x) {
        return onesByLane(x) ? x.cols() - 1 : x.cols();
    }

    /**
     * Where the whole vectors of {@link #dot4} and {@link #axpy4} end: {@code loopBound(d)}, or in place with an
     * implicit column of ones supplied by lane ({@link #onesByLane}), one vector less when that would reach
     * {@code d}: the last vector, which holds the ones, is always made apart.
     */
    private static int covered(int d, boolean onesByLane) {
        int bound = SPECIES.loopBound(d);
        return onesByLane && bound == d ? d - L : bound;
    }

    private static Workspace workspace(int d, boolean onesByLane) {
        Workspace ws = WORKSPACE.get();
        ws.ensure(Math.max(stageRows(d), 2 * GLM_STEP) * d, d);
        int covered = covered(d, onesByLane);
        for (int j = 0; j < L; j++) {
            ws.tailKeep[j] = d - L + j >= covered ? 1.0 : 0.0;
        }
        return ws;
    }

    /** Copies rows {@code [first, first + count)} of {@code x} into the workspace ({@link #stageAt}). */
    private static void stage(MatrixView x, long first, int count, Workspace ws, boolean direct) {
        if (!direct) {
            stageAt(x, first, count, ws, 0);
        }
    }

    /**
     * Copies rows {@code [first, first + count)} into the workspace from element {@code at}, {@link #stagedStride}
     * apart; rows no wider than a vector with an implicit column of ones get their ones written out, {@code d} apart.
     */
    private static void stageAt(MatrixView x, long first, int count, Workspace ws, int at) {
        int d = x.cols();
        if (x.onesColumn() && !onesByLane(x)) { // rows no wider than a vector: staged with their ones
            int s = d - 1;
            for (int r = 0; r < count; r++) {
                MemorySegment.copy(x.segment(), x.rowStart(first + r) * Double.BYTES, ws.rowsView,
                        (long) (at + r * d) * Double.BYTES, (long) s * Double.BYTES);
                ws.rows[at + r * d + s] = 1.0;
            }
            return;
        }
        int stride = stagedStride(x);
        long rowBytes = (long) stride * Double.BYTES;
        long to = (long) at * Double.BYTES;
        if (x.ld() == stride) {
            MemorySegment.copy(x.segment(), x.rowStart(first) * Double.BYTES, ws.rowsView, to, count * rowBytes);
        } else {
            for (int r = 0; r < count; r++) {
                MemorySegment.copy(x.segment(), x.rowStart(first + r) * Double.BYTES, ws.rowsView, to + r * rowBytes, rowBytes);
            }
        }
    }

    /** {@code count} doubles from {@code src} (element offset) into the coefficients. */
    private static void loadCoef(Workspace ws, MemorySegment src, long srcOff, int count) {
        MemorySegment.copy(src, srcOff * Double.BYTES, ws.coefView, 0, (long) count * Double.BYTES);
    }

    /** The first {@code count} coefficients into {@code dst} (element offset). */
    private static void storeCoef(Workspace ws, MemorySegment dst, long dstOff, int count) {
        MemorySegment.copy(ws.coefView, 0, dst, dstOff * Double.BYTES, (long) count * Double.BYTES);
    }

    // ---- passes ----

    static void gemv(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        int d = a.cols();
        boolean direct = direct(a, true);
        Workspace ws = workspace(d, onesByLane(a));
        load(v, vOff, d, ws);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws, direct);
            dots(a, c, count, ws, ws.coef, direct);
            storeCoef(ws, out, outOff + c, count);
        }
    }

    static void gemvT(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        int d = a.cols();
        boolean direct = direct(a, true);
        Workspace ws = workspace(d, onesByLane(a));
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws, direct);
            loadCoef(ws, r, rOff + c, count);
            updates(a, c, count, ws, direct);
        }
        flush(d, ws, acc);
    }

    static double glm(SampleLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                      MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        return fused(loss, x, start, end, y, yOff, w, wOff, weights, weightsOff, acc);
    }

    static void hvp(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                    MemorySegment v, long vOff, MemorySegment acc) {
        fused(null, x, start, end, null, 0, v, vOff, weights, weightsOff, acc);
    }

    /**
     * The fused GLM pass ({@code loss} given) or HVP ({@code loss} null) over rows {@code [start, end)}:
     * for each few rows their dots, their coefficients ({@link #coefficients}), then the rank-4 update of
     * the gradient or product; rows narrower than {@link #DIRECT_FROM_COLUMNS} by {@link #pipelined},
     * wider ones in place: four rows' dots as four interleaved streams ({@link #dot4}), then {@link #axpy4} on the
     * same rows, now in cache. (Their dots one row after the other, a single stream, were 1.1-1.4x slower on an
     * AVX-512 host: docs/performance-log.md.)
     */
    private static double fused(SampleLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                                MemorySegment v, long vOff, MemorySegment weights, long weightsOff,
                                MemorySegment acc) {
        int d = x.cols();
        boolean inPlace = d >= DIRECT_FROM_COLUMNS && direct(x, false);
        Workspace ws = workspace(d, onesByLane(x));
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        double sum = 0;
        load(v, vOff, d, ws); // dot4 reads v from the workspace
        if (d < DIRECT_FROM_COLUMNS) {
            sum = pipelined(loss, x, start, end, y, yOff, weights, weightsOff, ws);
        } else {
            int stage = stageRows(d);
            for (long c = start; c < end; c += stage) {
                int count = (int) Math.min(stage, end - c);
                stage(x, c, count, ws, inPlace);
                dots(x, c, count, ws, ws.coef, inPlace);
                sum += coefficients(loss, count, ws, 0, y, yOff + c, weights, weightsOff + c);
                updates(x, c, count, ws, inPlace);
            }
        }
        flush(d, ws, acc);
        return sum;
    }

    /**
     * The fused pass, software-pipelined through two staging buffers: the copy of each group of four rows of the
     * next step (one bulk copy: a sequential stream from memory) is issued before the same group of this step is
     * computed from the other buffer (heap arrays: no segment checks), so while the copy waits for memory the core
     * computes. The distance matters: four rows keep the computation inside the out-of-order window when the copy
     * stalls (a step's eight rows copied at once were slower on rows streamed from memory). A GLM step is two
     * groups ({@link #GLM_STEP}), an HVP step one. The alternatives tried (deeper look-ahead, dots straight from the
     * segment, this pipeline on wide rows) were slower: docs/performance-log.md.
     */
    private static double pipelined(SampleLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                                    MemorySegment weights, long weightsOff, Workspace ws) {
        int d = x.cols();
        int stride = stagedStride(x);
        boolean ones = onesByLane(x);
        int step = loss != null ? GLM_STEP : GROUP;
        if (start < end) {
            stageAt(x, start, (int) Math.min(step, end - start), ws, 0);
        }
        double sum = 0;
        int half = 0;
        for (long c = start; c < end; c += step, half ^= 1) {
            int count = (int) Math.min(step, end - c);
            int rows = half * step * stride;
            int at = half * step;
            int padded = padToGroup(stride, count, ws, rows); // the last rows: zero rows and coefficients pad the group
            int nextRows = (half ^ 1) * step * stride;
            for (int g = 0; g < padded; g += GROUP) {
                long next = c + step + g; // the next step's group g, copied while this step's group g is computed
                if (next < end) {
                    stageAt(x, next, (int) Math.min(GROUP, end - next), ws, nextRows + g * stride);
                }
                dot4(d, stride, ones, ws.rows, rows + g * stride, ws, ws.coef, at + g);
            }
            sum += coefficients(loss, count, ws, at, y, yOff + c, weights, weightsOff + c);
            for (int r = count; r < padded; r++) {
                ws.coef[at + r] = 0;
            }
            for (int g = 0; g < padded; g += GROUP) {
                axpy4(d, stride, ones, ws.coef, at + g, ws.rows, rows + g * stride, ws);
            }
        }
        return sum;
    }

    /**
     * Turns the dots {@code coef[at, at + count)} into the update coefficients: GLM, {@code z_i -> r_i} with
     * {@code D_i} into {@code weights} (docs/math.md 1.1), returning the losses' sum; HVP, {@code (x_i . v) ->
     * D_i (x_i . v)} ({@code weights} null: {@code D = I}).
     */
    private static double coefficients(SampleLoss loss, int count, Workspace ws, int at, MemorySegment y, long yOff,
                                       MemorySegment weights, long weightsOff) {
        if (loss != null) {
            return loss.evaluateInPlace(true, count, ws.coef, ws.coefView, at, y, yOff, weights, weightsOff);
        }
        if (weights != null) {
            for (int k = 0; k < count; k++) {
                ws.coef[at + k] *= weights.getAtIndex(D, weightsOff + k);
            }
        }
        return 0;
    }

    /**
     * Copies {@code d} doubles from a segment into the workspace vector (a loop: no heap-segment wrapper), and
     * its last {@code L} into {@link Workspace#vecTail}, zeroing the lanes the vector loop covers.
     */
    private static void load(MemorySegment v, long vOff, int d, Workspace ws) {
        for (int k = 0; k < d; k++) {
            ws.vec[k] = v.getAtIndex(D, vOff + k);
        }
        for (int j = 0; j < L; j++) {
            ws.vecTail[j] = ws.tailKeep[j] != 0 ? ws.vec[d - L + j] : 0.0; // a lane kept lies inside the vector
        }
    }

    /** Adds the thread's accumulator to the block's partial. */
    private static void flush(int d, Workspace ws, MemorySegment acc) {
        for (int k = 0; k < d; k++) {
            acc.setAtIndex(D, k, acc.getAtIndex(D, k) + ws.acc[k]);
        }
    }

    // ---- four-row primitives on the staged rows ----

    /**
     * {@code out[r] = rows[r] . vec} for the {@code count} staged rows. A last group of fewer than four rows
     * is padded with zero rows, so only {@link #dot4} ever runs: a separate one-row path would run a few
     * times per pass, stay in C1 (the Vector API without intrinsics, allocating per operation) and
     * allocate on every call.
     */
    private static void dots(MatrixView x, long first, int count, Workspace ws, double[] out, boolean direct) {
        int d = x.cols();
        if (direct) {
            for (int r = 0; r < count; r += GROUP) {
                long b0 = rowBytes(x, first, r, count);
                long b1 = rowBytes(x, first, r + 1, count);
                long b2 = rowBytes(x, first, r + 2, count);
                long b3 = rowBytes(x, first, r + 3, count);
                dot4(d, x.segment(), b0, b1, b2, b3, ws, out, r, onesByLane(x));
            }
            return;
        }
        int stride = stagedStride(x);
        int padded = padToGroup(stride, count, ws, 0);
        for (int r = 0; r < padded; r += GROUP) {
            dot4(d, stride, onesByLane(x), ws.rows, r * stride, ws, out, r);
        }
    }

    /** {@code acc += sum_r coef[r] rows[r]} for the {@code count} staged rows (padding rows get coefficient 0). */
    private static void updates(MatrixView x, long first, int count, Workspace ws, boolean direct) {
        int d = x.cols();
        int padded = (count + GROUP - 1) / GROUP * GROUP;
        for (int r = count; r < padded; r++) {
            ws.coef[r] = 0;
        }
        if (direct) {
            for (int r = 0; r < count; r += GROUP) {
                long b0 = rowBytes(x, first, r, count);
                long b1 = rowBytes(x, first, r + 1, count);
                long b2 = rowBytes(x, first, r + 2, count);
                long b3 = rowBytes(x, first, r + 3, count);
                axpy4(d, ws.coef, r, x.segment(), b0, b1, b2, b3, ws, onesByLane(x));
            }
            return;
        }
        int stride = stagedStride(x);
        padToGroup(stride, count, ws, 0);
        for (int r = 0; r < padded; r += GROUP) {
            axpy4(d, stride, onesByLane(x), ws.coef, r, ws.rows, r * stride, ws);
        }
    }

    /**
     * Byte offset of row {@code first + r}; a row past {@code count} (the padding of a last group) is the
     * group's first row again, read for a dot that is discarded, or updated with coefficient 0.
     */
    private static long rowBytes(MatrixView x, long first, int r, int count) {
        return x.rowStart(first + (r < count ? r : r & -GROUP)) * Double.BYTES;
    }

    /**
     * Zeroes the staged rows {@code [count, padded)} ({@code stride} apart) of the rows staged from element {@code base}; returns
     * {@code padded}, {@code count} rounded up to 4: a padding row is read by {@link #dot4} and updated with
     * coefficient 0, so it must not hold stale data (0 times a stale infinity is NaN).
     */
    private static int padToGroup(int stride, int count, Workspace ws, int base) {
        int padded = (count + GROUP - 1) / GROUP * GROUP;
        java.util.Arrays.fill(ws.rows, base + count * stride, base + padded * stride, 0.0);
        return padded;
    }

    /**
     * {@code out[outOff + i] = rows[x0 + i d] . v} for four staged rows. The last {@code d mod L} elements (when
     * {@code d > L}) are one more vector, the row's last {@code L} elements against {@link Workspace#vecTail},
     * whose lanes already covered are zero: no scalar tail, no mask, nothing read outside the row (masked
     * loads here pushed the passes past C2's inlining budget; docs/performance-log.md). (The price: an infinite element
     * among a row's last {@code L} makes that dot NaN where a scalar loop might give an infinity; data with
     * infinities are rejected on loading.) The lanes are summed by {@link VectorKernels#sumLanes} (a fixed
     * order), not by storing the accumulators and re-reading their lanes as scalars: a 64-byte store feeding
     * 8-byte loads is not store-forwarded.
     */
    private static void dot4(int d, int stride, boolean ones, double[] x, int x0, Workspace ws, double[] out,
                             int outOff) {
        double[] v = ws.vec;
        int x1 = x0 + stride;
        int x2 = x1 + stride;
        int x3 = x2 + stride;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        int bound = covered(d, ones);
        for (; k < bound; k += L) {
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, k);
            a0 = DoubleVector.fromArray(SPECIES, x, x0 + k).fma(vv, a0);
            a1 = DoubleVector.fromArray(SPECIES, x, x1 + k).fma(vv, a1);
            a2 = DoubleVector.fromArray(SPECIES, x, x2 + k).fma(vv, a2);
            a3 = DoubleVector.fromArray(SPECIES, x, x3 + k).fma(vv, a3);
        }
        if (bound != d && bound != 0) {
            int t = d - L;
            DoubleVector vv = DoubleVector.fromArray(SPECIES, ws.vecTail, 0);
            if (ones) { // the row's last L - 1 elements, moved down a lane, and the implicit 1 in the last lane
                t--;
                a0 = DoubleVector.fromArray(SPECIES, x, x0 + t).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(vv, a0);
                a1 = DoubleVector.fromArray(SPECIES, x, x1 + t).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(vv, a1);
                a2 = DoubleVector.fromArray(SPECIES, x, x2 + t).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(vv, a2);
                a3 = DoubleVector.fromArray(SPECIES, x, x3 + t).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(vv, a3);
            } else {
                a0 = DoubleVector.fromArray(SPECIES, x, x0 + t).fma(vv, a0);
                a1 = DoubleVector.fromArray(SPECIES, x, x1 + t).fma(vv, a1);
                a2 = DoubleVector.fromArray(SPECIES, x, x2 + t).fma(vv, a2);
                a3 = DoubleVector.fromArray(SPECIES, x, x3 + t).fma(vv, a3);
            }
        }
        double s0 = VectorKernels.sumLanes(a0);
        double s1 = VectorKernels.sumLanes(a1);
        double s2 = VectorKernels.sumLanes(a2);
        double s3 = VectorKernels.sumLanes(a3);
        for (k = bound == 0 ? 0 : d; k < d; k++) { // rows shorter than one vector
            double vk = v[k];
            s0 = Math.fma(x[x0 + k], vk, s0);
            s1 = Math.fma(x[x1 + k], vk, s1);
            s2 = Math.fma(x[x2 + k], vk, s2);
            s3 = Math.fma(x[x3 + k], vk, s3);
        }
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    /**
     * {@code acc += sum_r coef[c0 + r] rows[x0 + r d]} for four staged rows. The last {@code d mod L} elements
     * (when {@code d > L}) are one more vector, the rows' last {@code L} elements with the coefficients times
     * {@link Workspace#tailKeep}: the lanes already updated get {@code 0 * x}, which leaves them as they are.
     */
    private static void axpy4(int d, int stride, boolean ones, double[] coef, int c0, double[] x, int x0,
                              Workspace ws) {
        double[] acc = ws.acc;
        int x1 = x0 + stride;
        int x2 = x1 + stride;
        int x3 = x2 + stride;
        double k0 = coef[c0];
        double k1 = coef[c0 + 1];
        double k2 = coef[c0 + 2];
        double k3 = coef[c0 + 3];
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, k0);
        DoubleVector v1 = DoubleVector.broadcast(SPECIES, k1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, k2);
        DoubleVector v3 = DoubleVector.broadcast(SPECIES, k3);
        int k = 0;
        int bound = covered(d, ones);
        for (; k < bound; k += L) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, k);
            a = DoubleVector.fromArray(SPECIES, x, x0 + k).fma(v0, a);
            a = DoubleVector.fromArray(SPECIES, x, x1 + k).fma(v1, a);
            a = DoubleVector.fromArray(SPECIES, x, x2 + k).fma(v2, a);
            a = DoubleVector.fromArray(SPECIES, x, x3 + k).fma(v3, a);
            a.intoArray(acc, k);
        }
        if (bound != d && bound != 0) {
            int t = d - L;
            DoubleVector keep = DoubleVector.fromArray(SPECIES, ws.tailKeep, 0);
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, t);
            if (ones) { // as in dot4
                int u = t - 1;
                a = DoubleVector.fromArray(SPECIES, x, x0 + u).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(v0.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x1 + u).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(v1.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x2 + u).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(v2.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x3 + u).rearrange(DOWN_ONE_LANE).blend(1.0, LAST_LANE).fma(v3.mul(keep), a);
            } else {
                a = DoubleVector.fromArray(SPECIES, x, x0 + t).fma(v0.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x1 + t).fma(v1.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x2 + t).fma(v2.mul(keep), a);
                a = DoubleVector.fromArray(SPECIES, x, x3 + t).fma(v3.mul(keep), a);
            }
            a.intoArray(acc, t);
        }
        for (k = bound == 0 ? 0 : d; k < d; k++) { // rows shorter than one vector
            double a = acc[k];
            a = Math.fma(k0, x[x0 + k], a);
            a = Math.fma(k1, x[x1 + k], a);
            a = Math.fma(k2, x[x2 + k], a);
            a = Math.fma(k3, x[x3 + k], a);
            acc[k] = a;
        }
    }


    // ---- the same four-row primitives, in place on the segment (b0..b3: byte offsets of the rows) ----
    // Written twice on purpose: over heap arrays C2 removes the bounds checks that segment loads keep, and one
    // generic version (a segment view of the heap buffer) would pay the segment checks on the staged rows too.
    // Passing the loads in as functions is no option either: the vectors would cross our own method calls.

    private static void dot4(int d, MemorySegment x, long b0, long b1, long b2, long b3, Workspace ws, double[] out,
                             int outOff, boolean ones) {
        double[] v = ws.vec;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        int bound = covered(d, ones);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, k);
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(vv, a0);
            a1 = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(vv, a1);
            a2 = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(vv, a2);
            a3 = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(vv, a3);
        }
        if (bound != d && bound != 0) {
            long o = (long) (d - L) * Double.BYTES;
            DoubleVector vv = DoubleVector.fromArray(SPECIES, ws.vecTail, 0);
            if (ones) { // the row's last L - 1 elements, moved down a lane, and the implicit 1 in the last lane
                o -= Double.BYTES;
                a0 = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(vv, a0);
                a1 = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(vv, a1);
                a2 = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(vv, a2);
                a3 = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(vv, a3);
            } else {
                a0 = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(vv, a0);
                a1 = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(vv, a1);
                a2 = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(vv, a2);
                a3 = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(vv, a3);
            }
        }
        double s0 = VectorKernels.sumLanes(a0);
        double s1 = VectorKernels.sumLanes(a1);
        double s2 = VectorKernels.sumLanes(a2);
        double s3 = VectorKernels.sumLanes(a3);
        for (k = bound == 0 ? 0 : d; k < d; k++) { // rows shorter than one vector
            long o = (long) k * Double.BYTES;
            double vk = v[k];
            s0 = Math.fma(x.get(D, b0 + o), vk, s0);
            s1 = Math.fma(x.get(D, b1 + o), vk, s1);
            s2 = Math.fma(x.get(D, b2 + o), vk, s2);
            s3 = Math.fma(x.get(D, b3 + o), vk, s3);
        }
        out[outOff] = s0;
        out[outOff + 1] = s1;
        out[outOff + 2] = s2;
        out[outOff + 3] = s3;
    }

    private static void axpy4(int d, double[] coef, int c0, MemorySegment x, long b0, long b1, long b2, long b3,
                              Workspace ws, boolean ones) {
        double[] acc = ws.acc;
        double k0 = coef[c0];
        double k1 = coef[c0 + 1];
        double k2 = coef[c0 + 2];
        double k3 = coef[c0 + 3];
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, k0);
        DoubleVector v1 = DoubleVector.broadcast(SPECIES, k1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, k2);
        DoubleVector v3 = DoubleVector.broadcast(SPECIES, k3);
        int k = 0;
        int bound = covered(d, ones);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, k);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(v0, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(v1, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(v2, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(v3, a);
            a.intoArray(acc, k);
        }
        if (bound != d && bound != 0) {
            int t = d - L;
            long o = (long) t * Double.BYTES;
            DoubleVector keep = DoubleVector.fromArray(SPECIES, ws.tailKeep, 0);
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, t);
            if (ones) { // as in dot4
                o -= Double.BYTES;
                a = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(v0.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(v1.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(v2.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).rearrange(DOWN_ONE_LANE)
                        .blend(1.0, LAST_LANE).fma(v3.mul(keep), a);
            } else {
                a = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(v0.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(v1.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(v2.mul(keep), a);
                a = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(v3.mul(keep), a);
            }
            a.intoArray(acc, t);
        }
        for (k = bound == 0 ? 0 : d; k < d; k++) { // rows shorter than one vector
            long o = (long) k * Double.BYTES;
            double a = acc[k];
            a = Math.fma(k0, x.get(D, b0 + o), a);
            a = Math.fma(k1, x.get(D, b1 + o), a);
            a = Math.fma(k2, x.get(D, b2 + o), a);
            a = Math.fma(k3, x.get(D, b3 + o), a);
            acc[k] = a;
        }
    }
}
