package io.curvature.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Argument checks in one place, and the row-block structure shared by both implementations: the fused
 * passes are written once here in terms of the primitives {@code dot} and {@code axpy} on a row, which
 * each implementation provides. Implementations supply the primitives and the Gram micro-kernel.
 */
public abstract class AbstractKernels implements Kernels {

    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** Rows per chunk of the GLM pass: dots for the chunk, then the losses, then the updates. */
    static final int GLM_CHUNK = 16;


    /** Gram partials are {@code d x d}: fewer, larger blocks than the vector-length operations. */
    static final int GRAM_MIN_BLOCK_ROWS = 4096;
    static final int GRAM_MAX_BLOCKS = 8;

    // ---- primitives, unchecked ----

    abstract double dotImpl(int n, MemorySegment x, long xOff, MemorySegment y, long yOff);

    abstract void axpyImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff);

    abstract void scalImpl(int n, double alpha, MemorySegment x, long xOff);

    /** {@code sum (scale x_k)^2}. */
    abstract double sumSquaresImpl(int n, double scale, MemorySegment x, long xOff);

    /** {@code max |x_k|}; NaN if any is NaN. */
    abstract double maxAbsImpl(int n, MemorySegment x, long xOff);

    // ---- row-block bodies, written once in terms of the primitives ----

    /** {@code out_i = x_i . v} for rows {@code [start, end)}. */
    void gemvRows(MatrixView a, long start, long end, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        for (long i = start; i < end; i++) {
            out.setAtIndex(D, outOff + i, dotImpl(a.cols(), a.segment(), a.rowStart(i), v, vOff));
        }
    }

    /** {@code acc += sum_i r_i x_i} over rows {@code [start, end)}. */
    void gemvTRows(MatrixView a, long start, long end, MemorySegment r, long rOff, MemorySegment acc) {
        for (long i = start; i < end; i++) {
            axpyImpl(a.cols(), r.getAtIndex(D, rOff + i), a.segment(), a.rowStart(i), acc, 0);
        }
    }

    /**
     * The fused GLM pass over rows {@code [start, end)} (docs/math.md 1.1): {@code acc[0, d) += sum_i r_i x_i},
     * {@code weights_i = D_i}; returns {@code sum_i l_i}. Works in chunks of {@link #GLM_CHUNK} rows:
     * the chunk's {@code z_i} go into {@code weights}, {@link GlmLoss#evaluate} turns them into {@code D_i}
     * and leaves {@code r_i} in {@code acc[d, d + GLM_CHUNK)}, then the gradient update re-reads the rows,
     * still in L1/L2.
     */
    double glmRows(GlmLoss loss, MatrixView x, long start, long end, MemorySegment y, long yOff,
                   MemorySegment w, long wOff, MemorySegment weights, long weightsOff, MemorySegment acc) {
        int d = x.cols();
        double sum = 0;
        for (long c = start; c < end; c += GLM_CHUNK) {
            int count = (int) Math.min(GLM_CHUNK, end - c);
            for (int k = 0; k < count; k++) {
                weights.setAtIndex(D, weightsOff + c + k, dotImpl(d, x.segment(), x.rowStart(c + k), w, wOff));
            }
            sum += loss.evaluate(count, weights, weightsOff + c, y, yOff + c, acc, d, weights, weightsOff + c);
            for (int k = 0; k < count; k++) {
                axpyImpl(d, acc.getAtIndex(D, d + k), x.segment(), x.rowStart(c + k), acc, 0);
            }
        }
        return sum;
    }

    /** {@code acc += sum_i D_i (x_i . v) x_i} over rows {@code [start, end)}; {@code weights} null means D = I. */
    void hvpRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                 MemorySegment v, long vOff, MemorySegment acc) {
        int d = x.cols();
        for (long i = start; i < end; i++) {
            long row = x.rowStart(i);
            double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + i);
            axpyImpl(d, di * dotImpl(d, x.segment(), row, v, vOff), x.segment(), row, acc, 0);
        }
    }

    /** Adds {@code sum_{i in [start, end)} D_i x_i x_i^T} to the upper triangle of {@code acc} (d x d at 0). */
    abstract void gramRows(MatrixView x, long start, long end, MemorySegment weights, long weightsOff,
                           MemorySegment acc);

    abstract void syrImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                          MemorySegment a, long aOff, int lda, boolean rank2);

    // ---- reusable block tasks for the passes an optimizer calls every iteration ----
    // A lambda capturing the arguments would be a new object per call (~100 bytes); these are per thread,
    // filled before the pass and cleared after it (the worker threads of a multi-threaded pass read them
    // after the executor's hand-off, which orders the writes before the reads).

    /** The row passes a {@link PassJob} can run. */
    private enum Pass { GEMV, GEMV_T, GLM, HVP, GRAM }

    /**
     * One pass's arguments, set before the pass and cleared after it. Segment {@code a} is {@code v}
     * (GEMV, HVP), {@code r} (GEMV_T), {@code y} (GLM) or the weights (GRAM); {@code b} is {@code out} (GEMV),
     * {@code w} (GLM) or the weights (HVP); {@code c} is the weights (GLM).
     */
    private static final class PassJob implements RowBlocks.BlockTask, RowBlocks.RangeTask {
        private AbstractKernels kernels;
        private Pass pass;
        private GlmLoss loss;
        private MatrixView x;
        private MemorySegment a;
        private long aOff;
        private MemorySegment b;
        private long bOff;
        private MemorySegment c;
        private long cOff;

        PassJob set(AbstractKernels k, Pass p, MatrixView xv, MemorySegment as, long ao, MemorySegment bs, long bo) {
            kernels = k;
            pass = p;
            x = xv;
            a = as;
            aOff = ao;
            b = bs;
            bOff = bo;
            return this;
        }

        PassJob glm(GlmLoss l, MemorySegment weights, long weightsOff) {
            loss = l;
            c = weights;
            cOff = weightsOff;
            return this;
        }

        void clear() {
            set(null, null, null, null, 0, null, 0).glm(null, null, 0);
        }

        @Override
        public double run(long start, long end, MemorySegment acc) {
            switch (pass) {
                case GLM -> {
                    return kernels.glmRows(loss, x, start, end, a, aOff, b, bOff, c, cOff, acc);
                }
                case HVP -> kernels.hvpRows(x, start, end, b, bOff, a, aOff, acc);
                case GEMV_T -> kernels.gemvTRows(x, start, end, a, aOff, acc);
                case GRAM -> kernels.gramRows(x, start, end, a, aOff, acc);
                default -> throw new IllegalStateException(pass + " is not a reduction");
            }
            return 0;
        }

        @Override
        public void run(long start, long end) {
            kernels.gemvRows(x, start, end, a, aOff, b, bOff);
        }
    }

    private static final ThreadLocal<PassJob> PASS_JOB = ThreadLocal.withInitial(PassJob::new);

    // ---- checked entry points ----

    @Override
    public final double dot(int n, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        checkVector("x", x, xOff, n);
        checkVector("y", y, yOff, n);
        return dotImpl(n, x, xOff, y, yOff);
    }

    @Override
    public final void axpy(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff) {
        checkVector("x", x, xOff, n);
        checkVector("y", y, yOff, n);
        axpyImpl(n, alpha, x, xOff, y, yOff);
    }

    @Override
    public final void scal(int n, double alpha, MemorySegment x, long xOff) {
        checkVector("x", x, xOff, n);
        scalImpl(n, alpha, x, xOff);
    }

    @Override
    public final double nrm2(int n, MemorySegment x, long xOff) {
        checkVector("x", x, xOff, n);
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
    public final void gemv(MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff, int threads) {
        checkVector("v", v, vOff, a.cols());
        checkLongVector("out", out, outOff, a.rows());
        checkThreads(threads);
        PassJob job = PASS_JOB.get().set(this, Pass.GEMV, a, v, vOff, out, outOff);
        try {
            RowBlocks.forEach(threads, a.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, job);
        } finally {
            job.clear();
        }
    }

    @Override
    public final void gemvT(MatrixView a, MemorySegment r, long rOff, MemorySegment out, long outOff, int threads) {
        checkLongVector("r", r, rOff, a.rows());
        checkVector("out", out, outOff, a.cols());
        checkThreads(threads);
        PassJob job = PASS_JOB.get().set(this, Pass.GEMV_T, a, r, rOff, null, 0);
        try {
            RowBlocks.reduce(threads, a.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, a.cols(), 0, job, out,
                    outOff);
        } finally {
            job.clear();
        }
    }

    @Override
    public final double glm(GlmLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w, long wOff,
                            MemorySegment grad, long gradOff, MemorySegment weights, long weightsOff, int threads) {
        if (loss == null) {
            throw new IllegalArgumentException("loss is null");
        }
        checkLongVector("y", y, yOff, x.rows());
        checkVector("w", w, wOff, x.cols());
        checkVector("grad", grad, gradOff, x.cols());
        checkLongVector("weights", weights, weightsOff, x.rows());
        checkThreads(threads);
        PassJob job = PASS_JOB.get().set(this, Pass.GLM, x, y, yOff, w, wOff).glm(loss, weights, weightsOff);
        try {
            return RowBlocks.reduce(threads, x.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, x.cols(),
                    GLM_CHUNK, job, grad, gradOff);
        } finally {
            job.clear();
        }
    }

    @Override
    public final void hvp(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment v, long vOff,
                          MemorySegment out, long outOff, int threads) {
        if (weights != null) {
            checkLongVector("weights", weights, weightsOff, x.rows());
        }
        checkVector("v", v, vOff, x.cols());
        checkVector("out", out, outOff, x.cols());
        checkThreads(threads);
        PassJob job = PASS_JOB.get().set(this, Pass.HVP, x, v, vOff, weights, weightsOff);
        try {
            RowBlocks.reduce(threads, x.rows(), RowBlocks.MIN_BLOCK_ROWS, RowBlocks.MAX_BLOCKS, x.cols(), 0, job, out, outOff);
        } finally {
            job.clear();
        }
    }

    @Override
    public final void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff,
                           int threads) {
        if (weights != null) {
            checkLongVector("weights", weights, weightsOff, x.rows());
        }
        int d = x.cols();
        checkLongVector("out", out, outOff, (long) d * d);
        checkThreads(threads);
        int length = Math.multiplyExact(d, d);
        PassJob job = PASS_JOB.get().set(this, Pass.GRAM, x, weights, weightsOff, null, 0);
        try {
            RowBlocks.reduce(threads, x.rows(), GRAM_MIN_BLOCK_ROWS, GRAM_MAX_BLOCKS, length, 0, job, out, outOff);
        } finally {
            job.clear();
        }
        mirrorUpper(d, out, outOff, d);
    }

    @Override
    public final void syr(int n, double alpha, MemorySegment x, long xOff, MemorySegment a, long aOff, int lda) {
        checkVector("x", x, xOff, n);
        checkSquare(n, a, aOff, lda);
        syrImpl(n, alpha, x, xOff, x, xOff, a, aOff, lda, false);
    }

    @Override
    public final void syr2(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                           MemorySegment a, long aOff, int lda) {
        checkVector("x", x, xOff, n);
        checkVector("y", y, yOff, n);
        checkSquare(n, a, aOff, lda);
        syrImpl(n, alpha, x, xOff, y, yOff, a, aOff, lda, true);
    }

    @Override
    public final void symv(int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff,
                           double beta, MemorySegment y, long yOff) {
        checkSquare(n, a, aOff, lda);
        checkVector("x", x, xOff, n);
        checkVector("y", y, yOff, n);
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

    // ---- checks ----

    static void checkVector(String name, MemorySegment s, long off, int n) {
        checkLongVector(name, s, off, n);
    }

    static void checkLongVector(String name, MemorySegment s, long off, long n) {
        if (s == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (n < 0) {
            throw new IllegalArgumentException(name + ": negative length " + n);
        }
        if (off < 0) {
            throw new IllegalArgumentException(name + ": negative offset " + off);
        }
        if (n > 0 && (off + n) * Double.BYTES > s.byteSize()) {
            throw new IllegalArgumentException(name + ": " + n + " elements at offset " + off + " need "
                    + (off + n) * Double.BYTES + " bytes, the segment has " + s.byteSize());
        }
    }

    static void checkSquare(int n, MemorySegment a, long aOff, int lda) {
        if (n < 0) {
            throw new IllegalArgumentException("negative order " + n);
        }
        if (lda < Math.max(1, n)) {
            throw new IllegalArgumentException("lda " + lda + " is smaller than the order " + n);
        }
        if (n > 0) {
            checkLongVector("A", a, aOff, (long) (n - 1) * lda + n);
        }
    }

    static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
