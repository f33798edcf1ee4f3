package io.curvature.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The row-block bodies of the vector kernels: {@code gemv}, {@code gemvT}, the fused GLM pass and the fused
 * HVP. Rows are staged a few at a time from the (off-heap, possibly memory-mapped) matrix into a
 * thread's heap buffer with one bulk copy, and computed there four rows at a time: each element of the
 * vector is loaded once for four rows ({@link #dot4}), the accumulator once for four rows
 * ({@link #axpy4}). On heap arrays with {@code int} indices C2 removes the bounds checks that short
 * {@code long}-indexed segment loops keep (measured: a 100-element dot costs about 13 ns on arrays,
 * 30-50 ns on segments), and the staging copy is a streaming memcpy, the fastest way to read the data.
 */
final class VectorRowPasses {

    private static final VectorSpecies<Double> SPECIES = VectorKernels.SPECIES;
    private static final int L = SPECIES.length();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** Rows computed together. */
    private static final int GROUP = 4;
    /** Target bytes of staged rows: half of a 32 KiB L1 data cache. */
    private static final int STAGE_BYTES = 16 * 1024;

    /** A thread's buffers, grown on demand and reused, so a warm pass allocates nothing. */
    private static final class Workspace {
        double[] rows = new double[0];
        double[] vec = new double[0];
        double[] acc = new double[0];
        final double[] coef = new double[AbstractKernels.GLM_CHUNK];
        final double[] lanes = new double[GROUP * L];

        void ensure(int rowsLen, int d) {
            if (rows.length < rowsLen) {
                rows = new double[rowsLen];
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

    private static Workspace workspace(int d) {
        Workspace ws = WORKSPACE.get();
        ws.ensure(stageRows(d) * d, d);
        return ws;
    }

    /** Copies rows {@code [first, first + count)} of {@code x} into {@code buf}, {@code d} apart. */
    private static void stage(MatrixView x, long first, int count, double[] buf) {
        int d = x.cols();
        if (x.ld() == d) {
            MemorySegment.copy(x.segment(), D, x.rowStart(first) * Double.BYTES, buf, 0, count * d);
        } else {
            for (int r = 0; r < count; r++) {
                MemorySegment.copy(x.segment(), D, x.rowStart(first + r) * Double.BYTES, buf, r * d, d);
            }
        }
    }

    // ---- passes ----

    static void gemv(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        int d = a.cols();
        Workspace ws = workspace(d);
        load(v, vOff, d, ws.vec);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws.rows);
            dots(d, count, ws, ws.coef);
            MemorySegment.copy(ws.coef, 0, out, D, (outOff + c) * Double.BYTES, count);
        }
    }

    static void gemvT(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        int d = a.cols();
        Workspace ws = workspace(d);
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(a, c, count, ws.rows);
            MemorySegment.copy(r, D, (rOff + c) * Double.BYTES, ws.coef, 0, count);
            updates(d, count, ws);
        }
        flush(d, ws, acc);
    }

    static double glm(GlmLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                      MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        int d = x.cols();
        Workspace ws = workspace(d);
        load(w, wOff, d, ws.vec);
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        int stage = stageRows(d);
        double sum = 0;
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(x, c, count, ws.rows);
            dots(d, count, ws, ws.coef);
            // z_i into the weights buffer; the loss leaves D_i there and r_i in acc's scratch (MATH.md 1.1)
            MemorySegment.copy(ws.coef, 0, weights, D, (weightsOff + c) * Double.BYTES, count);
            sum += loss.evaluate(count, weights, weightsOff + c, y, yOff + c, acc, d);
            MemorySegment.copy(acc, D, (long) d * Double.BYTES, ws.coef, 0, count);
            updates(d, count, ws);
        }
        flush(d, ws, acc);
        return sum;
    }

    static void hvp(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                    MemorySegment v, long vOff, MemorySegment acc) {
        int d = x.cols();
        Workspace ws = workspace(d);
        load(v, vOff, d, ws.vec);
        java.util.Arrays.fill(ws.acc, 0, d, 0.0);
        int stage = stageRows(d);
        for (long c = start; c < end; c += stage) {
            int count = (int) Math.min(stage, end - c);
            stage(x, c, count, ws.rows);
            dots(d, count, ws, ws.coef);
            if (weights != null) {
                for (int k = 0; k < count; k++) {
                    ws.coef[k] *= weights.getAtIndex(D, weightsOff + c + k);
                }
            }
            updates(d, count, ws);
        }
        flush(d, ws, acc);
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

    /** {@code out[r] = rows[r] . vec} for the {@code count} staged rows. */
    private static void dots(int d, int count, Workspace ws, double[] out) {
        int r = 0;
        for (; r + GROUP <= count; r += GROUP) {
            dot4(d, ws.rows, r * d, ws.vec, ws.lanes, out, r);
        }
        for (; r < count; r++) {
            out[r] = dot1(d, ws.rows, r * d, ws.vec, ws.lanes);
        }
    }

    /** {@code acc += sum_r coef[r] rows[r]} for the {@code count} staged rows. */
    private static void updates(int d, int count, Workspace ws) {
        int r = 0;
        for (; r + GROUP <= count; r += GROUP) {
            axpy4(d, ws.coef, r, ws.rows, r * d, ws.acc);
        }
        for (; r < count; r++) {
            axpy1(d, ws.coef[r], ws.rows, r * d, ws.acc);
        }
    }

    private static void dot4(int d, double[] x, int x0, double[] v, double[] lanes, double[] out, int outOff) {
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
        // Lanes summed in a fixed order (reduceLanes may change order with the JIT tier).
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, L);
        a2.intoArray(lanes, 2 * L);
        a3.intoArray(lanes, 3 * L);
        double s0 = lanes[0];
        double s1 = lanes[L];
        double s2 = lanes[2 * L];
        double s3 = lanes[3 * L];
        for (int lane = 1; lane < L; lane++) {
            s0 += lanes[lane];
            s1 += lanes[L + lane];
            s2 += lanes[2 * L + lane];
            s3 += lanes[3 * L + lane];
        }
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

    private static double dot1(int d, double[] x, int x0, double[] v, double[] lanes) {
        DoubleVector a = DoubleVector.zero(SPECIES);
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            a = DoubleVector.fromArray(SPECIES, x, x0 + k).fma(DoubleVector.fromArray(SPECIES, v, k), a);
        }
        a.intoArray(lanes, 0);
        double s = lanes[0];
        for (int lane = 1; lane < L; lane++) {
            s += lanes[lane];
        }
        for (; k < d; k++) {
            s = Math.fma(x[x0 + k], v[k], s);
        }
        return s;
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

    private static void axpy1(int d, double coef, double[] x, int x0, double[] acc) {
        DoubleVector c = DoubleVector.broadcast(SPECIES, coef);
        int k = 0;
        int bound = SPECIES.loopBound(d);
        for (; k < bound; k += L) {
            DoubleVector.fromArray(SPECIES, x, x0 + k).fma(c, DoubleVector.fromArray(SPECIES, acc, k)).intoArray(acc, k);
        }
        for (; k < d; k++) {
            acc[k] = Math.fma(coef, x[x0 + k], acc[k]);
        }
    }
}
