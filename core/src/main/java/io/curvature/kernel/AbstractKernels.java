package io.curvature.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The row-block structure shared by both implementations (arguments are checked before, by
 * {@link CheckedKernels}): the passes split the rows into {@link RowBlocks} and run a {@link PassJob} on
 * each; the fused passes are written once here in terms of the primitives {@code dot} and {@code axpy} on a
 * row. Implementations supply the primitives and the Gram micro-kernel, and may override a row body.
 */
public abstract class AbstractKernels extends CheckedKernels {

    /** For implementations, which supply the row primitives. */
    protected AbstractKernels() {
    }

    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** Rows per chunk of the GLM pass: dots for the chunk, then the losses, then the updates. */
    static final int GLM_CHUNK = 16;

    /** Gram partials are {@code d x d}: no more than {@link #GRAM_MAX_BLOCKS} blocks, of this many rows at least. */
    static final int GRAM_MIN_BLOCK_ROWS = 1024;
    /** The most {@code d x d} block partials a multi-threaded Gram holds at once (memory planning reads it). */
    public static final int GRAM_MAX_BLOCKS = 8;

    // ---- primitives of the implementations ----

    /** {@code sum (scale x_k)^2}. */
    abstract double sumSquaresImpl(int n, double scale, MemorySegment x, long xOff);

    /** {@code max |x_k|}; NaN if any is NaN. */
    abstract double maxAbsImpl(int n, MemorySegment x, long xOff);

    // ---- row-block bodies, written once in terms of the primitives ----

    /** {@code out_i = x_i . v} for rows {@code [start, end)}. */
    void gemvRows(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        for (long i = start; i < end; i++) {
            out.setAtIndex(D, outOff + i, rowDot(a, i, v, vOff));
        }
    }

    /** {@code acc += sum_i r_i x_i} over rows {@code [start, end)}. */
    void gemvTRows(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        for (long i = start; i < end; i++) {
            rowAxpy(a, i, r.getAtIndex(D, rOff + i), acc);
        }
    }

    /**
     * {@code x_i . v}: the stored columns by {@code dotImpl}, then the column of ones. Bit-equal to a stored
     * column of ones only for a dot that adds its terms one by one in order (the scalar kernels').
     */
    final double rowDot(MatrixView x, long i, MemorySegment v, long vOff) {
        int s = x.storedCols();
        double dot = dotImpl(s, x.segment(), x.rowStart(i), v, vOff);
        return x.onesColumn() ? dot + v.getAtIndex(D, vOff + s) : dot;
    }

    /** {@code acc[0, d) += alpha x_i}: the stored columns by {@code axpyImpl}, then the column of ones. */
    final void rowAxpy(MatrixView x, long i, double alpha, MemorySegment acc) {
        int s = x.storedCols();
        axpyImpl(s, alpha, x.segment(), x.rowStart(i), acc, 0);
        if (x.onesColumn()) {
            acc.setAtIndex(D, s, acc.getAtIndex(D, s) + alpha);
        }
    }

    /**
     * The fused GLM pass over rows {@code [start, end)} (docs/math.md 1.1): {@code acc[0, d) += sum_i r_i x_i},
     * {@code weights_i = D_i}; returns {@code sum_i l_i}. Works in chunks of {@link #GLM_CHUNK} rows:
     * the chunk's {@code z_i} go into {@code weights}, {@link SampleLoss#evaluate} turns them into {@code D_i}
     * and leaves {@code r_i} in {@code acc[d, d + GLM_CHUNK)}, then the gradient update re-reads the rows,
     * still in L1/L2.
     */
    double glmRows(SampleLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                   MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        int d = x.cols();
        double sum = 0;
        for (long c = start; c < end; c += GLM_CHUNK) {
            int count = (int) Math.min(GLM_CHUNK, end - c);
            for (int k = 0; k < count; k++) {
                weights.setAtIndex(D, weightsOff + c + k, rowDot(x, c + k, w, wOff));
            }
            sum += loss.evaluate(count, weights, weightsOff + c, y, yOff + c, acc, d, weights, weightsOff + c);
            for (int k = 0; k < count; k++) {
                rowAxpy(x, c + k, acc.getAtIndex(D, d + k), acc);
            }
        }
        return sum;
    }

    /** {@code acc += sum_i D_i (x_i . v) x_i} over rows {@code [start, end)}; {@code weights} null means D = I. */
    void hvpRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                 MemorySegment v, long vOff, MemorySegment acc) {
        for (long i = start; i < end; i++) {
            double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + i);
            rowAxpy(x, i, di * rowDot(x, i, v, vOff), acc);
        }
    }

    /**
     * Adds {@code sum_{i in [start, end)} D_i x_i x_i^T} to the upper triangle of {@code acc} ({@code m x m} at 0),
     * where {@code x_i} is row {@code i} of {@code X} followed by {@code c_i} when {@code c} is not null
     * ({@code m = d + 1}; else {@code m = d}).
     */
    abstract void gramRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                           MemorySegment c, long cOff, MemorySegment acc);

    // ---- the passes: row blocks, each running this thread's PassJob ----

    @Override
    final double nrm2Impl(int n, MemorySegment x, long xOff) {
        // The plain sum of squares is x . x: the dot kernel, which passes no vector to a method of ours (see
        // VectorKernels). It is exact enough unless it overflowed or some squares fell below the normal range.
        double ss = dotImpl(n, x, xOff, x, xOff);
        if (Double.isNaN(ss) || (ss >= 0x1p-900 && ss < Double.POSITIVE_INFINITY)) {
            return Math.sqrt(ss);
        }
        double max = maxAbsImpl(n, x, xOff);
        if (max == 0 || Double.isNaN(max) || Double.isInfinite(max)) {
            return max;
        }
        // Scale by a power of two (exact) that brings the largest element near 1.
        int e = Math.getExponent(max);
        double scaled = sumSquaresImpl(n, Math.scalb(1.0, -e), x, xOff);
        return Math.scalb(Math.sqrt(scaled), e);
    }

    @Override
    final void gemvImpl(MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff, int threads) {
        PassJob job = PassJob.gemv(this, a, v, vOff, out, outOff);
        try {
            RowBlocks.forEach(threads, a.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, job);
        } finally {
            job.clear();
        }
    }

    @Override
    final void gemvTImpl(MatrixView a, MemorySegment r, long rOff, MemorySegment out, long outOff, int threads) {
        PassJob job = PassJob.gemvT(this, a, r, rOff);
        try {
            RowBlocks.reduce(threads, a.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, a.cols(), 0, job, out,
                    outOff);
        } finally {
            job.clear();
        }
    }

    @Override
    final double glmImpl(SampleLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w, long wOff,
                         MemorySegment grad, long gradOff, MemorySegment weights, long weightsOff, int threads) {
        PassJob job = PassJob.glm(this, loss, x, y, yOff, w, wOff, weights, weightsOff);
        try {
            return RowBlocks.reduce(threads, x.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, x.cols(),
                    GLM_CHUNK, job, grad, gradOff);
        } finally {
            job.clear();
        }
    }

    @Override
    final void hvpImpl(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment v, long vOff,
                       MemorySegment out, long outOff, int threads) {
        PassJob job = PassJob.hvp(this, x, weights, weightsOff, v, vOff);
        try {
            RowBlocks.reduce(threads, x.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, x.cols(), 0, job, out, outOff);
        } finally {
            job.clear();
        }
    }

    @Override
    final void gramImpl(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment c, long cOff,
                        MemorySegment out, long outOff, int threads) {
        int d = c == null ? x.cols() : Math.addExact(x.cols(), 1);
        int length = Math.multiplyExact(d, d);
        PassJob job = PassJob.gram(this, x, weights, weightsOff, c, cOff);
        try {
            RowBlocks.reduce(threads, x.rows(), GRAM_MIN_BLOCK_ROWS, GRAM_MAX_BLOCKS, length, 0, job, out, outOff);
        } finally {
            job.clear();
        }
        mirrorUpper(d, out, outOff, d);
    }

    @Override
    final void symvImpl(int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff,
                        double beta, MemorySegment y, long yOff) {
        for (int j = 0; j < n; j++) {
            double ax = alpha * dotImpl(n, a, aOff + (long) j * lda, x, xOff);
            y.setAtIndex(D, yOff + j, beta == 0 ? ax : ax + beta * y.getAtIndex(D, yOff + j));
        }
    }

    /** Copies the upper triangle of the {@code d x d} matrix at {@code off} into the lower one. */
    static void mirrorUpper(int d, MemorySegment a, long off, int lda) {
        for (int j = 0; j < d; j++) {
            for (int k = j + 1; k < d; k++) {
                a.setAtIndex(D, off + (long) k * lda + j, a.getAtIndex(D, off + (long) j * lda + k));
            }
        }
    }
}
