package io.curvature.spark;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.kernel.SampleLoss;
import io.curvature.linalg.GramRoute;
import io.curvature.linalg.LinearAlgebra;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One partition's rows on its executor, off-heap and row-major (the intercept's column of ones included), cached
 * for the whole fit. Each method is one fused kernel pass over the block (docs/math.md 1.1) and returns the
 * partition's unnormalized sums as a plain array for the driver; the Hessian weights {@code D} of the last point are
 * kept, so a Hessian-vector product at that point costs one pass. The memory belongs to an automatic arena: when
 * Spark drops the cached block, the garbage collector frees it.
 */
final class RowBlock {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final long rows;
    private final int cols;
    private final MatrixView x;
    private final MemorySegment y;
    private final Arena arena = Arena.ofAuto();
    private final Kernels kernels = KernelProvider.get();
    private MemorySegment weights;
    private MemorySegment w;
    private MemorySegment v;
    private MemorySegment out;
    /** The point of {@link #weights}; {@code null} until a pass computed them. */
    private double[] weightsAt;

    /**
     * A block over {@code rows x cols} doubles in {@code x} and {@code rows} labels in {@code y}, both owned by
     * automatic arenas.
     */
    RowBlock(MemorySegment x, MemorySegment y, long rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.x = rows == 0 ? null : new MatrixView(x, 0, rows, cols, cols);
        this.y = y;
    }

    long rows() {
        return rows;
    }

    /** {@code [sum_i l_i, sum_i l'_i x_i]}: one pass, which also keeps {@code D} at {@code point}. */
    synchronized double[] valueAndGradient(SampleLoss loss, double[] point) {
        double[] result = new double[1 + cols];
        if (rows > 0) {
            result[0] = pass(loss, point);
            MemorySegment.copy(out, D, 0, result, 1, cols);
        }
        return result;
    }

    /**
     * {@code [sum_i l_i, sum_i l'_i x_i, X^T D X]} (the Gram row-major after the gradient): a Newton iteration's
     * evaluation and its Hessian in one job.
     */
    synchronized double[] valueGradientAndGram(SampleLoss loss, double[] point) {
        double[] result = new double[1 + cols + cols * cols];
        if (rows > 0) {
            result[0] = pass(loss, point);
            MemorySegment.copy(out, D, 0, result, 1, cols);
            gramInto(result, 1 + cols);
        }
        return result;
    }

    /** {@code X^T D X} at {@code point}, row-major. */
    synchronized double[] gram(SampleLoss loss, double[] point) {
        double[] result = new double[cols * cols];
        if (rows > 0) {
            weightsAt(loss, point);
            gramInto(result, 0);
        }
        return result;
    }

    /** {@code X^T (D (X dir))} at {@code point}. */
    synchronized double[] hessianVector(SampleLoss loss, double[] point, double[] dir) {
        double[] result = new double[cols];
        if (rows > 0) {
            weightsAt(loss, point);
            MemorySegment.copy(dir, 0, v, D, 0, cols);
            kernels.hvp(x, weights, 0, v, 0, out, 0, 1);
            MemorySegment.copy(out, D, 0, result, 0, cols);
        }
        return result;
    }

    /** {@code sum_i D_i x_ij^2} at {@code point}: the Hessian's diagonal (Newton-CG's preconditioner). */
    synchronized double[] diagonal(SampleLoss loss, double[] point) {
        double[] result = new double[cols];
        if (rows > 0) {
            weightsAt(loss, point);
            MemorySegment xs = x.segment();
            for (long i = 0; i < rows; i++) {
                double di = weights.getAtIndex(D, i);
                long row = i * cols;
                for (int j = 0; j < cols; j++) {
                    double e = xs.getAtIndex(D, row + j);
                    result[j] += di * e * e;
                }
            }
        }
        return result;
    }

    /** The fused pass at {@code point}: the loss sum returned, the gradient sums in {@link #out}, {@code D} kept. */
    private double pass(SampleLoss loss, double[] point) {
        if (weights == null) {
            weights = arena.allocate(rows * 8, 64);
            w = arena.allocate(cols * 8L, 64);
            v = arena.allocate(cols * 8L, 64);
            out = arena.allocate(cols * 8L, 64);
        }
        MemorySegment.copy(point, 0, w, D, 0, cols);
        double sum = kernels.glm(loss, x, y, 0, w, 0, out, 0, weights, 0, 1);
        weightsAt = point.clone();
        return sum;
    }

    /** Makes sure {@link #weights} belong to {@code point}. */
    private void weightsAt(SampleLoss loss, double[] point) {
        if (weightsAt == null || !java.util.Arrays.equals(weightsAt, point)) {
            pass(loss, point);
        }
    }

    /** {@code X^T D X} into {@code result} from {@code offset}; OpenBLAS above its crossover, as the local fit. */
    private void gramInto(double[] result, int offset) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment h = scratch.allocate((long) cols * cols * 8, 64);
            GramRoute route = LinearAlgebra.gram(cols);
            if (route != null) {
                route.gram(x, weights, 0, h, 0);
            } else {
                kernels.gram(x, weights, 0, h, 0, 1);
            }
            MemorySegment.copy(h, D, 0, result, offset, cols * cols);
        }
    }
}
