package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The row-block bodies of the vector kernels: {@code gemv}, {@code gemvT}, the fused GLM pass and the fused
 * HVP, four rows at a time: each element of the vector is loaded once for four rows ({@link #dot4}), the
 * accumulator once for four rows ({@link #axpy4}).
 * <ul>
 * <li>The GLM pass and the HVP run in place from the (off-heap, possibly memory-mapped) segment. Rows
 * narrower than {@link #DIRECT_FROM_COLUMNS} are software-pipelined, the dots four rows ahead of the
 * updates (see {@link #fused}); wider rows are read as four interleaved streams.</li>
 * <li>gemv and gemvT stage rows narrower than {@link #DIRECT_FROM_COLUMNS} a few at a time into a thread's
 * heap buffer with one bulk copy and compute there: on heap arrays with {@code int} indices C2 removes
 * the bounds checks that short segment loops keep ({@code DotLoopBenchmark}). Wide rows, and matrices
 * small enough to be in cache, are computed in place (see {@link #direct}).</li>
 * </ul>
 */
final class VectorRowPasses {

    private static final VectorSpecies<Double> SPECIES = VectorKernels.SPECIES;
    private static final int L = SPECIES.length();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long LB = (long) L * Double.BYTES;

    /** Rows computed together. */
    private static final int GROUP = 4;
    /** From this many columns the rows are computed in place, not staged (measured: d = 1000 faster). */
    static final int DIRECT_FROM_COLUMNS = 256;
    /** gemv and gemvT compute a matrix up to this size in place at any width: it is likely in L2. */
    static final long DIRECT_UP_TO_BYTES = 1L << 20;
    /** Target bytes of staged rows: half of a 32 KiB L1 data cache. */
    private static final int STAGE_BYTES = 16 * 1024;

    /**
     * A thread's buffers, grown on demand and reused, so a warm pass allocates nothing. The heap arrays
     * that bulk copies fill have their segment views cached: {@code MemorySegment.copy} into a bare array
     * wraps it in a new heap segment on every call (measured: 32 bytes per staged chunk, 200 KB per pass).
     */
    private static final class Workspace {
        double[] rows = new double[0];
        MemorySegment rowsView = MemorySegment.ofArray(rows);
        double[] vec = new double[0];
        double[] acc = new double[0];
        /** A chunk's coefficients; the pipelined passes use two groups of four, filling one while using the other. */
        final double[] coef = new double[Math.max(AbstractKernels.GLM_CHUNK, 2 * GROUP)];
        final MemorySegment coefView = MemorySegment.ofArray(coef);

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
     * interleaved streams the hardware prefetcher follows less well). Measured with JMH, staged -> in
     * place (README, performance): gemv and gemvT on 256 x 1000 in cache 14,077 -> 31,644 and 14,026 ->
     * 32,579 ops/s, HVP at d = 1000 streamed 12.8 -> 16.2 ops/s, gemv on 256 x 100 in cache 179,887 ->
     * 199,678 ops/s. Streamed 100-column passes stay staged: in place they were slower when tried.
     */
    private static boolean direct(MatrixView x, boolean level2) {
        return x.cols() >= DIRECT_FROM_COLUMNS
                || (level2 && x.rows() * x.ld() * Double.BYTES <= DIRECT_UP_TO_BYTES);
    }

    private static Workspace workspace(int d) {
        Workspace ws = WORKSPACE.get();
        ws.ensure(stageRows(d) * d, d);
        return ws;
    }

    /** Copies rows {@code [first, first + count)} of {@code x} into the workspace, {@code d} apart. */
    private static void stage(MatrixView x, long first, int count, Workspace ws, boolean direct) {
        if (direct) {
            return;
        }
        int d = x.cols();
        long rowBytes = (long) d * Double.BYTES;
        if (x.ld() == d) {
            MemorySegment.copy(x.segment(), x.rowStart(first) * Double.BYTES, ws.rowsView, 0, count * rowBytes);
        } else {
            for (int r = 0; r < count; r++) {
                MemorySegment.copy(x.segment(), x.rowStart(first + r) * Double.BYTES, ws.rowsView, r * rowBytes, rowBytes);
            }
        }
    }

    /** {@code count} doubles from {@code src} (element offset) into the coefficients from {@code at}. */
    private static void loadCoef(Workspace ws, int at, MemorySegment src, long srcOff, int count) {
        MemorySegment.copy(src, srcOff * Double.BYTES, ws.coefView, (long) at * Double.BYTES, (long) count * Double.BYTES);
    }

    /** {@code count} coefficients from {@code at} into {@code dst} (element offset). */
    private static void storeCoef(Workspace ws, int at, MemorySegment dst, long dstOff, int count) {
        MemorySegment.copy(ws.coefView, (long) at * Double.BYTES, dst, dstOff * Double.BYTES, (long) count * Double.BYTES);
    }

    // ---- passes ----

    static void gemv(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        int d = a.cols();
        Workspace ws = workspace(d);
        load(v, vOff, d, ws.vec);
        boolean direct = direct(a, true);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws, direct);
            dots(a, c, count, ws, ws.coef, 0, direct);
            storeCoef(ws, 0, out, outOff + c, count);
        }
    }

    static void gemvT(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        int d = a.cols();
        Workspace ws = workspace(d);
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        boolean direct = direct(a, true);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws, direct);
            loadCoef(ws, 0, r, rOff + c, count);
            updates(a, c, count, ws, 0, direct);
        }
        flush(d, ws, acc);
    }

    static double glm(GlmLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                      MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        return fused(loss, x, start, end, y, yOff, w, wOff, weights, weightsOff, acc);
    }

    static void hvp(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                    MemorySegment v, long vOff, MemorySegment acc) {
        fused(null, x, start, end, null, 0, v, vOff, weights, weightsOff, acc);
    }

    /**
     * The fused GLM pass ({@code loss} given) or HVP ({@code loss} null), in place from the segment: the
     * dots of a few rows, their coefficients ({@link #coefficients}), then the rank-4 updates of the
     * gradient or product.
     * <p>
     * Rows narrower than {@link #DIRECT_FROM_COLUMNS} are software-pipelined four rows at a time: the dots
     * of rows {@code i + 4 .. i + 7}, one row after the other, are issued before the update with rows
     * {@code i .. i + 3}, so while the dots wait for memory the core computes the update from L1. Both the
     * order (one row after the other: one sequential stream) and the distance (four rows: the update is
     * still inside the out-of-order window when the loads stall; sixteen or eight rows ahead measured
     * slower) matter. JMH, HVP on 100000 x 100, four forks (bench-results/issue2-hvp-d100-4forks-*.json):
     * the former staged copy-then-compute 122.5 ops/s (forks 122-123), pipelined in place 138.0 (127-152),
     * the bandwidth reference 237-241. Wide rows keep the four interleaved streams of {@link #dot4}: one
     * row after the other measured slower there.
     */
    private static double fused(GlmLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                                MemorySegment v, long vOff, MemorySegment weights, long weightsOff,
                                MemorySegment acc) {
        int d = x.cols();
        Workspace ws = workspace(d);
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        boolean pipelined = d < DIRECT_FROM_COLUMNS;
        load(v, vOff, d, ws.vec);
        int stage = pipelined ? GROUP : stageRows(d);
        int flip = pipelined ? GROUP : 0; // pipelined: coefficients of the next rows in the other half
        if (pipelined && start < end) {
            rowDots(x, start, (int) Math.min(stage, end - start), ws, 0);
        }
        double sum = 0;
        int at = 0;
        for (long c = start; c < end; c += stage, at ^= flip) {
            int count = (int) Math.min(stage, end - c);
            long next = c + stage;
            if (!pipelined) {
                dots(x, c, count, ws, ws.coef, at, true);
            } else if (next < end) {
                rowDots(x, next, (int) Math.min(stage, end - next), ws, at ^ flip);
            }
            sum += coefficients(loss, count, ws, at, y, yOff + c, weights, weightsOff + c);
            updates(x, c, count, ws, at, true);
        }
        flush(d, ws, acc);
        return sum;
    }

    /**
     * Turns the dots {@code coef[at, at + count)} into the update coefficients: GLM, {@code z_i -> r_i} with
     * {@code D_i} into {@code weights} (MATH.md 1.1), returning the losses' sum; HVP, {@code (x_i . v) ->
     * D_i (x_i . v)} ({@code weights} null: {@code D = I}).
     */
    private static double coefficients(GlmLoss loss, int count, Workspace ws, int at, MemorySegment y, long yOff,
                                       MemorySegment weights, long weightsOff) {
        if (loss != null) {
            return loss.evaluate(count, ws.coefView, at, y, yOff, ws.coefView, at, weights, weightsOff);
        }
        if (weights != null) {
            for (int k = 0; k < count; k++) {
                ws.coef[at + k] *= weights.getAtIndex(D, weightsOff + k);
            }
        }
        return 0;
    }

    /** {@code coef[at + r] = x_{first + r} . v} for {@code count} rows, one row after the other, in place. */
    private static void rowDots(MatrixView x, long first, int count, Workspace ws, int at) {
        int d = x.cols();
        MemorySegment xs = x.segment();
        for (int r = 0; r < count; r++) {
            ws.coef[at + r] = dot(d, xs, x.rowStart(first + r) * Double.BYTES, ws.vec);
        }
    }

    /**
     * {@code x_row . v} for the row at byte offset {@code b} and the staged vector {@code v}: four
     * accumulators. The loop counts bytes in a {@code long}: with an {@code int} counter and {@code long}
     * offsets C2 keeps a bounds check per load ({@code DotLoopBenchmark}, 100 elements: 45 -> 34 ns).
     */
    private static double dot(int d, MemorySegment x, long b, double[] v) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long bytes4 = (long) (d & -(4 * L)) * Double.BYTES;
        long bytes = (long) SPECIES.loopBound(d) * Double.BYTES;
        long o = 0;
        int k = 0;
        for (; o < bytes4; o += 4 * LB, k += 4 * L) {
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, b + o, ORDER).fma(DoubleVector.fromArray(SPECIES, v, k), a0);
            a1 = DoubleVector.fromMemorySegment(SPECIES, x, b + o + LB, ORDER)
                    .fma(DoubleVector.fromArray(SPECIES, v, k + L), a1);
            a2 = DoubleVector.fromMemorySegment(SPECIES, x, b + o + 2 * LB, ORDER)
                    .fma(DoubleVector.fromArray(SPECIES, v, k + 2 * L), a2);
            a3 = DoubleVector.fromMemorySegment(SPECIES, x, b + o + 3 * LB, ORDER)
                    .fma(DoubleVector.fromArray(SPECIES, v, k + 3 * L), a3);
        }
        for (; o < bytes; o += LB, k += L) {
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, b + o, ORDER).fma(DoubleVector.fromArray(SPECIES, v, k), a0);
        }
        double s = VectorKernels.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; k < d; k++, o += Double.BYTES) {
            s = Math.fma(x.get(D, b + o), v[k], s);
        }
        return s;
    }

    /** Copies {@code d} doubles from a segment into the workspace vector (a loop: no heap-segment wrapper). */
    private static void load(MemorySegment v, long vOff, int d, double[] into) {
        for (int k = 0; k < d; k++) {
            into[k] = v.getAtIndex(D, vOff + k);
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
     * allocate some 200 KB per pass (measured).
     */
    private static void dots(MatrixView x, long first, int count, Workspace ws, double[] out, int at, boolean direct) {
        int d = x.cols();
        if (direct) {
            for (int r = 0; r < count; r += GROUP) {
                long b0 = rowBytes(x, first, r, count);
                long b1 = rowBytes(x, first, r + 1, count);
                long b2 = rowBytes(x, first, r + 2, count);
                long b3 = rowBytes(x, first, r + 3, count);
                dot4(d, x.segment(), b0, b1, b2, b3, ws.vec, out, at + r);
            }
            return;
        }
        int padded = padToGroup(d, count, ws);
        for (int r = 0; r < padded; r += GROUP) {
            dot4(d, ws.rows, r * d, ws.vec, out, at + r);
        }
    }

    /** {@code acc += sum_r coef[r] rows[r]} for the {@code count} staged rows (padding rows get coefficient 0). */
    private static void updates(MatrixView x, long first, int count, Workspace ws, int at, boolean direct) {
        int d = x.cols();
        int padded = (count + GROUP - 1) / GROUP * GROUP;
        for (int r = count; r < padded; r++) {
            ws.coef[at + r] = 0;
        }
        if (direct) {
            for (int r = 0; r < count; r += GROUP) {
                long b0 = rowBytes(x, first, r, count);
                long b1 = rowBytes(x, first, r + 1, count);
                long b2 = rowBytes(x, first, r + 2, count);
                long b3 = rowBytes(x, first, r + 3, count);
                axpy4(d, ws.coef, at + r, x.segment(), b0, b1, b2, b3, ws.acc);
            }
            return;
        }
        padToGroup(d, count, ws);
        for (int r = 0; r < padded; r += GROUP) {
            axpy4(d, ws.coef, at + r, ws.rows, r * d, ws.acc);
        }
    }

    /**
     * Byte offset of row {@code first + r}; a row past {@code count} (the padding of a last group) is the
     * group's first row again, read for a dot that is discarded, or updated with coefficient 0.
     */
    private static long rowBytes(MatrixView x, long first, int r, int count) {
        return x.rowStart(first + (r < count ? r : r & -GROUP)) * Double.BYTES;
    }

    /** Zeroes staged rows {@code [count, padded)} and returns {@code padded}, {@code count} rounded up to 4. */
    private static int padToGroup(int d, int count, Workspace ws) {
        int padded = (count + GROUP - 1) / GROUP * GROUP;
        java.util.Arrays.fill(ws.rows, count * d, padded * d, 0.0);
        return padded;
    }

    /**
     * {@code out[outOff + i] = rows[x0 + i d] . v} for four staged rows. The lanes are summed by
     * {@link VectorKernels#sumLanes} (a fixed order), not by storing the accumulators and re-reading their
     * lanes as scalars: a 64-byte store feeding 8-byte loads is not store-forwarded. (JMH shows no change
     * of the whole HVP pass at d = 100 from this, in cache or streamed.)
     */
    private static void dot4(int d, double[] x, int x0, double[] v, double[] out, int outOff) {
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, k);
            a0 = DoubleVector.fromArray(SPECIES, x, x0 + k).fma(vv, a0);
            a1 = DoubleVector.fromArray(SPECIES, x, x1 + k).fma(vv, a1);
            a2 = DoubleVector.fromArray(SPECIES, x, x2 + k).fma(vv, a2);
            a3 = DoubleVector.fromArray(SPECIES, x, x3 + k).fma(vv, a3);
        }
        double s0 = VectorKernels.sumLanes(a0);
        double s1 = VectorKernels.sumLanes(a1);
        double s2 = VectorKernels.sumLanes(a2);
        double s3 = VectorKernels.sumLanes(a3);
        for (; k < d; k++) {
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

    private static void axpy4(int d, double[] coef, int c0, double[] x, int x0, double[] acc) {
        int x1 = x0 + d;
        int x2 = x1 + d;
        int x3 = x2 + d;
        double k0 = coef[c0];
        double k1 = coef[c0 + 1];
        double k2 = coef[c0 + 2];
        double k3 = coef[c0 + 3];
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, k0);
        DoubleVector v1 = DoubleVector.broadcast(SPECIES, k1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, k2);
        DoubleVector v3 = DoubleVector.broadcast(SPECIES, k3);
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, k);
            a = DoubleVector.fromArray(SPECIES, x, x0 + k).fma(v0, a);
            a = DoubleVector.fromArray(SPECIES, x, x1 + k).fma(v1, a);
            a = DoubleVector.fromArray(SPECIES, x, x2 + k).fma(v2, a);
            a = DoubleVector.fromArray(SPECIES, x, x3 + k).fma(v3, a);
            a.intoArray(acc, k);
        }
        for (; k < d; k++) {
            double a = acc[k];
            a = Math.fma(k0, x[x0 + k], a);
            a = Math.fma(k1, x[x1 + k], a);
            a = Math.fma(k2, x[x2 + k], a);
            a = Math.fma(k3, x[x3 + k], a);
            acc[k] = a;
        }
    }


    // ---- the same four-row primitives, in place on the segment (b0..b3: byte offsets of the rows) ----

    private static void dot4(int d, MemorySegment x, long b0, long b1, long b2, long b3, double[] v, double[] out,
                             int outOff) {
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, k);
            a0 = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(vv, a0);
            a1 = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(vv, a1);
            a2 = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(vv, a2);
            a3 = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(vv, a3);
        }
        double s0 = VectorKernels.sumLanes(a0);
        double s1 = VectorKernels.sumLanes(a1);
        double s2 = VectorKernels.sumLanes(a2);
        double s3 = VectorKernels.sumLanes(a3);
        for (; k < d; k++) {
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
                              double[] acc) {
        double k0 = coef[c0];
        double k1 = coef[c0 + 1];
        double k2 = coef[c0 + 2];
        double k3 = coef[c0 + 3];
        DoubleVector v0 = DoubleVector.broadcast(SPECIES, k0);
        DoubleVector v1 = DoubleVector.broadcast(SPECIES, k1);
        DoubleVector v2 = DoubleVector.broadcast(SPECIES, k2);
        DoubleVector v3 = DoubleVector.broadcast(SPECIES, k3);
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            DoubleVector a = DoubleVector.fromArray(SPECIES, acc, k);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b0 + o, ORDER).fma(v0, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b1 + o, ORDER).fma(v1, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b2 + o, ORDER).fma(v2, a);
            a = DoubleVector.fromMemorySegment(SPECIES, x, b3 + o, ORDER).fma(v3, a);
            a.intoArray(acc, k);
        }
        for (; k < d; k++) {
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
