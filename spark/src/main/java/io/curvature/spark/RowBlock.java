package io.curvature.spark;

import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.kernel.SampleLoss;
import io.curvature.linalg.GramRoute;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.GlmLoss;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One partition's rows on its executor, off-heap and row-major (the intercept's column of ones included), cached
 * for the whole fit. Each method is one fused kernel pass over the block (docs/math.md 1.1) and returns the
 * partition's unnormalized sums as a plain array for the driver; the Hessian weights {@code D} of the last point are
 * kept, so a Hessian-vector product at that point costs one pass. Results have the point's length, so an empty
 * block (which cannot know the width) adds zeros of the right size. The rows are core's {@link DenseMatrix}:
 * {@link #free()} releases them at once (the objective's {@code close()}); a block Spark drops without it is freed
 * by the garbage collector.
 */
final class RowBlock {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final long rows;
    private final int cols;
    private final DenseMatrix data;
    private final DenseVector labels;
    private final MatrixView x;
    private final MemorySegment y;
    private final Arena arena = Arena.ofAuto();
    private boolean freed;
    private final Kernels kernels = KernelProvider.get();
    private MemorySegment weights;
    private MemorySegment w;
    private MemorySegment v;
    private MemorySegment out;
    /** The point of {@link #weights}; {@code null} until a pass computed them. */
    private double[] weightsAt;

    /** A block that owns {@code x} ({@code rows x cols}) and {@code y}; both {@code null} when it has no rows. */
    RowBlock(DenseMatrix x, DenseVector y, long rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.data = x;
        this.labels = y;
        this.x = rows == 0 ? null : MatrixView.of(x);
        this.y = rows == 0 ? null : y.segment();
    }

    /** Frees the rows now; a later use of the block throws {@link IllegalStateException}. */
    synchronized void free() {
        freed = true;
        if (data != null) {
            data.close();
            labels.close();
        }
    }

    long rows() {
        return rows;
    }

    /** {@return the parameters a row holds: its features and the intercept's 1 (0 for an empty block)} */
    int cols() {
        return cols;
    }

    /** {@code [sum_i l_i, sum_i l'_i x_i]}: one pass, which also keeps {@code D} at {@code point}. */
    synchronized double[] valueAndGradient(GlmLoss loss, double[] point) {
        requireLive();
        double[] result = new double[1 + point.length];
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
    synchronized double[] valueGradientAndGram(GlmLoss loss, double[] point) {
        requireLive();
        double[] result = new double[1 + point.length + point.length * point.length];
        if (rows > 0) {
            result[0] = pass(loss, point);
            MemorySegment.copy(out, D, 0, result, 1, cols);
            gramInto(result, 1 + cols);
        }
        return result;
    }

    /** {@code X^T D X} at {@code point}, row-major. */
    synchronized double[] gram(GlmLoss loss, double[] point) {
        requireLive();
        double[] result = new double[point.length * point.length];
        if (rows > 0) {
            weightsAt(loss, point);
            gramInto(result, 0);
        }
        return result;
    }

    /** {@code X^T (D (X dir))} at {@code point}. */
    synchronized double[] hessianVector(GlmLoss loss, double[] point, double[] dir) {
        requireLive();
        double[] result = new double[point.length];
        if (rows > 0) {
            weightsAt(loss, point);
            MemorySegment.copy(dir, 0, v, D, 0, cols);
            kernels.hvp(x, weights, 0, v, 0, out, 0, 1);
            MemorySegment.copy(out, D, 0, result, 0, cols);
        }
        return result;
    }

    /** {@code sum_i D_i x_ij^2} at {@code point}: the Hessian's diagonal (Newton-CG's preconditioner). */
    synchronized double[] diagonal(GlmLoss loss, double[] point) {
        requireLive();
        double[] result = new double[point.length];
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

    private void requireLive() {
        if (freed) {
            throw new IllegalStateException("the rows of this block were freed: its objective was closed");
        }
    }

    /** The fused pass at {@code point}: the loss sum returned, the gradient sums in {@link #out}, {@code D} kept. */
    private double pass(GlmLoss loss, double[] point) {
        if (weights == null) {
            weights = arena.allocate(rows * 8, 64);
            w = arena.allocate(cols * 8L, 64);
            v = arena.allocate(cols * 8L, 64);
            out = arena.allocate(cols * 8L, 64);
        }
        MemorySegment.copy(point, 0, w, D, 0, cols);
        // each GlmLoss is computed by the kernels' SampleLoss of the same name
        double sum = kernels.glm(SampleLoss.valueOf(loss.name()), x, y, 0, w, 0, out, 0, weights, 0, 1);
        weightsAt = point.clone();
        return sum;
    }

    /** Makes sure {@link #weights} belong to {@code point}. */
    private void weightsAt(GlmLoss loss, double[] point) {
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
