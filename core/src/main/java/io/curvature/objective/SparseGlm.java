package io.curvature.objective;

import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.kernel.RowBlocks;
import io.curvature.kernel.SampleLoss;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The generalized linear model of {@link Glm} (docs/math.md 1.1) on a sparse {@code X} ({@link CsrMatrix}): every
 * pass visits the nonzeros only. Value, gradient and the Hessian weights {@code D} come from one pass; {@code H v}
 * and the diagonal of {@code H} from one pass each with the weights of the last evaluation point; the dense
 * Hessian {@code X^T D X / n + lambda I} from one pass into a {@code d x d} matrix, for the dense methods when
 * it fits. Rows are split into the blocks of {@link RowBlocks} with partials added in block order, so the
 * result has the same bits for any thread count. Scalar loops: the Vector API versions (gathers of {@code w}) are
 * not written yet.
 */
public final class SparseGlm implements Objective, AutoCloseable {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** Rows per chunk of the value pass: predictors for the chunk, then the losses, then the gradient updates. */
    private static final int CHUNK = 16;
    private static final int MIN_BLOCK_ROWS = RowBlocks.MIN_BLOCK_ROWS;
    private static final int GRAM_MIN_BLOCK_ROWS = 4096;
    private static final int GRAM_MAX_BLOCKS = 8;

    private final Dataset data;
    private final CsrMatrix x;
    private final GlmLoss loss;
    private final double lambda;
    private final int threads;
    private final int d;
    private final long n;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment weights;
    private final MemorySegment scratch;
    private final MemorySegment weightsAt;
    private boolean weightsValid;
    private final double rowNonzerosSquared;
    private final ValuePass valuePass = new ValuePass();
    private final HvpPass hvpPass = new HvpPass();
    private final DiagonalPass diagonalPass = new DiagonalPass();
    private final GramPass gramPass = new GramPass();
    private final SingleThreadedUse use = new SingleThreadedUse("this SparseGlm objective");

    /**
     * A GLM on sparse data.
     *
     * @param data    a sparse data set ({@link Dataset#isSparse()}), not owned
     * @param loss    the per-sample loss
     * @param lambda  the L2 penalty, {@code >= 0}
     * @param threads threads for the passes, {@code >= 1}; the result has the same bits for any count
     * @throws IllegalArgumentException for dense data, a bad {@code lambda} or thread count, or labels outside the
     *                                  loss's domain ({@link LabelException})
     */
    public SparseGlm(Dataset data, GlmLoss loss, double lambda, int threads) {
        if (!data.isSparse()) {
            throw new IllegalArgumentException("SparseGlm needs a sparse data set; use Glm for dense data");
        }
        Penalty.checkArguments(data, loss, lambda, threads);
        this.data = data;
        this.x = data.sparseX();
        this.loss = loss;
        this.lambda = lambda;
        this.threads = threads;
        this.d = data.features();
        this.n = data.samples();
        io.curvature.data.MemoryBudget.require(8.0 * (n + 2.0 * d) + 8.0 * 16 * d,
                "a GLM of " + n + " rows and " + d + " parameters (its workspace and an optimizer's vectors)");
        this.weights = arena.allocate(n * 8, 64);
        this.scratch = arena.allocate(Math.max(1, d) * 8L, 64);
        this.weightsAt = arena.allocate(Math.max(1, d) * 8L, 64);
        double squares = 0;
        for (long i = 0; i < n; i++) {
            double k = x.rowStart(i + 1) - x.rowStart(i);
            squares += k * k;
        }
        this.rowNonzerosSquared = squares;
    }

    /** {@return the rows {@code n}} */
    public long samples() {
        return n;
    }

    /** {@return the stored entries of {@code X}} */
    public long nonzeros() {
        return x.nonzeros();
    }

    /** {@return {@code sum_i nnz_i^2}, the products of a dense Hessian (a planning figure for AUTO)} */
    public double rowNonzerosSquared() {
        return rowNonzerosSquared;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public double value(MemorySegment w) {
        return valueAndGradient(w, scratch);
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            valuePass.w = w;
            double sum;
            try {
                sum = RowBlocks.reduce(threads, n, MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, d, CHUNK, valuePass, grad, 0);
            } finally {
                valuePass.w = null;
            }
            MemorySegment.copy(w, 0, weightsAt, 0, d * 8L);
            weightsValid = true;
            return Penalty.valueAndGradient(data, lambda, n, d, sum, w, grad);
        } finally {
            use.release(claimed);
        }
    }

    /** {@code x_i . v}. */
    private double dot(long i, MemorySegment v) {
        double s = 0;
        for (long k = x.rowStart(i), end = x.rowStart(i + 1); k < end; k++) {
            s = Math.fma(x.value(k), v.getAtIndex(D, x.column(k)), s);
        }
        return s;
    }

    /** {@code acc += a x_i}. */
    private void axpy(long i, double a, MemorySegment acc) {
        for (long k = x.rowStart(i), end = x.rowStart(i + 1); k < end; k++) {
            int j = x.column(k);
            acc.setAtIndex(D, j, Math.fma(a, x.value(k), acc.getAtIndex(D, j)));
        }
    }

    private void weightsFor(MemorySegment w) {
        if (!weightsValid || MemorySegment.mismatch(w, 0, d * 8L, weightsAt, 0, d * 8L) != -1) {
            valueAndGradient(w, scratch);
        }
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            hvpPass.v = v;
            try {
                RowBlocks.reduce(threads, n, MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, d, 0, hvpPass, out, 0);
            } finally {
                hvpPass.v = null;
            }
            Penalty.hessianVector(data, lambda, n, d, v, out);
        } finally {
            use.release(claimed);
        }
    }

    @Override
    public boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            RowBlocks.reduce(threads, n, MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, d, 0, diagonalPass, out, 0);
            Penalty.diagonal(data, lambda, n, d, out);
            return true;
        } finally {
            use.release(claimed);
        }
    }

    /** {@code h = X^T D X / n + lambda P}: each row adds its {@code nnz^2} products, both triangles. */
    @Override
    public void hessian(MemorySegment w, MemorySegment h) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            int length = Math.multiplyExact(d, d);
            RowBlocks.reduce(threads, n, GRAM_MIN_BLOCK_ROWS, GRAM_MAX_BLOCKS, length, 0, gramPass, h, 0);
            double inv = 1.0 / n;
            for (long k = 0; k < (long) d * d; k++) {
                h.setAtIndex(D, k, h.getAtIndex(D, k) * inv);
            }
            for (int j = 0; j < d; j++) {
                if (data.isPenalized(j)) {
                    long jj = (long) j * d + j;
                    h.setAtIndex(D, jj, h.getAtIndex(D, jj) + lambda);
                }
            }
        } finally {
            use.release(claimed);
        }
    }

    // The passes, one reusable instance each (set, run, cleared), so that an evaluation allocates nothing.

    /** Value, {@code D} and gradient partials of a block, in chunks: predictors, then losses, then updates. */
    private final class ValuePass implements RowBlocks.BlockTask {
        MemorySegment w;

        @Override
        public double run(long start, long end, MemorySegment partial) {
            SampleLoss l = loss.kernelLoss();
            MemorySegment y = data.y().segment();
            double s = 0;
            for (long c = start; c < end; c += CHUNK) {
                int count = (int) Math.min(CHUNK, end - c);
                for (int k = 0; k < count; k++) {
                    weights.setAtIndex(D, c + k, dot(c + k, w));
                }
                s += l.evaluate(count, weights, c, y, c, partial, d, weights, c);
                for (int k = 0; k < count; k++) {
                    axpy(c + k, partial.getAtIndex(D, d + k), partial);
                }
            }
            return s;
        }
    }

    /** {@code sum_i D_i (x_i . v) x_i} over a block. */
    private final class HvpPass implements RowBlocks.BlockTask {
        MemorySegment v;

        @Override
        public double run(long start, long end, MemorySegment partial) {
            for (long i = start; i < end; i++) {
                axpy(i, weights.getAtIndex(D, i) * dot(i, v), partial);
            }
            return 0;
        }
    }

    /** {@code sum_i D_i x_ij^2} over a block. */
    private final class DiagonalPass implements RowBlocks.BlockTask {
        @Override
        public double run(long start, long end, MemorySegment partial) {
            for (long i = start; i < end; i++) {
                double di = weights.getAtIndex(D, i);
                for (long k = x.rowStart(i), e = x.rowStart(i + 1); k < e; k++) {
                    int j = x.column(k);
                    double v = x.value(k);
                    partial.setAtIndex(D, j, Math.fma(di * v, v, partial.getAtIndex(D, j)));
                }
            }
            return 0;
        }
    }

    /** {@code sum_i D_i x_i x_i^T} over a block, both triangles: each row adds its {@code nnz_i^2} products. */
    private final class GramPass implements RowBlocks.BlockTask {
        @Override
        public double run(long start, long end, MemorySegment partial) {
            for (long i = start; i < end; i++) {
                double di = weights.getAtIndex(D, i);
                long s = x.rowStart(i);
                long e = x.rowStart(i + 1);
                for (long a = s; a < e; a++) {
                    double va = di * x.value(a);
                    long row = (long) x.column(a) * d;
                    for (long b = s; b < e; b++) {
                        long at = row + x.column(b);
                        partial.setAtIndex(D, at, Math.fma(va, x.value(b), partial.getAtIndex(D, at)));
                    }
                }
            }
            return 0;
        }
    }

    /** Frees the workspace (not the data). */
    @Override
    public void close() {
        arena.close();
    }
}
