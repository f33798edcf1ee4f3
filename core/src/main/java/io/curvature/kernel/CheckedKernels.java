package io.curvature.kernel;

import java.lang.foreign.MemorySegment;

/**
 * Every argument check of the kernels, in one place: each public operation checks its sizes, offsets and
 * segment bounds here, then calls an unchecked hook that only computes. A bad call is an
 * {@link IllegalArgumentException} naming the argument, before any work.
 */
public abstract class CheckedKernels implements Kernels {

    /** For implementations, which supply the unchecked operations. */
    protected CheckedKernels() {
    }

    // ---- the hooks: arguments already checked ----

    abstract double dotImpl(int n, MemorySegment x, long xOff, MemorySegment y, long yOff);

    abstract void axpyImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff);

    abstract void scalImpl(int n, double alpha, MemorySegment x, long xOff);

    abstract double nrm2Impl(int n, MemorySegment x, long xOff);

    abstract void gemvImpl(MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff, int threads);

    abstract void gemvTImpl(MatrixView a, MemorySegment r, long rOff, MemorySegment out, long outOff, int threads);

    abstract double glmImpl(SampleLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w, long wOff,
                            MemorySegment grad, long gradOff, MemorySegment weights, long weightsOff, int threads);

    abstract void hvpImpl(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment v, long vOff,
                          MemorySegment out, long outOff, int threads);

    /** {@code [X c]^T D [X c]}, or {@code X^T D X} when {@code c} is null. */
    abstract void gramImpl(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment c, long cOff,
                           MemorySegment out, long outOff, int threads);

    abstract void syrImpl(int n, double alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                          MemorySegment a, long aOff, int lda, boolean rank2);

    abstract void symvImpl(int n, double alpha, MemorySegment a, long aOff, int lda, MemorySegment x, long xOff,
                           double beta, MemorySegment y, long yOff);

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
        return nrm2Impl(n, x, xOff);
    }

    @Override
    public final void gemv(MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff, int threads) {
        checkVector("v", v, vOff, a.cols());
        checkLongVector("out", out, outOff, a.rows());
        checkThreads(threads);
        gemvImpl(a, v, vOff, out, outOff, threads);
    }

    @Override
    public final void gemvT(MatrixView a, MemorySegment r, long rOff, MemorySegment out, long outOff, int threads) {
        checkLongVector("r", r, rOff, a.rows());
        checkVector("out", out, outOff, a.cols());
        checkThreads(threads);
        gemvTImpl(a, r, rOff, out, outOff, threads);
    }

    @Override
    public final double glm(SampleLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w, long wOff,
                            MemorySegment grad, long gradOff, MemorySegment weights, long weightsOff, int threads) {
        if (loss == null) {
            throw new IllegalArgumentException("loss is null");
        }
        checkLongVector("y", y, yOff, x.rows());
        checkVector("w", w, wOff, x.cols());
        checkVector("grad", grad, gradOff, x.cols());
        checkLongVector("weights", weights, weightsOff, x.rows());
        checkThreads(threads);
        return glmImpl(loss, x, y, yOff, w, wOff, grad, gradOff, weights, weightsOff, threads);
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
        hvpImpl(x, weights, weightsOff, v, vOff, out, outOff, threads);
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
        gramImpl(x, weights, weightsOff, null, 0, out, outOff, threads);
    }

    @Override
    public final void augmentedGram(MatrixView x, MemorySegment c, long cOff, MemorySegment out, long outOff,
                                    int threads) {
        checkLongVector("c", c, cOff, x.rows());
        long order = x.cols() + 1L;
        checkLongVector("out", out, outOff, order * order);
        checkThreads(threads);
        gramImpl(x, null, 0, c, cOff, out, outOff, threads);
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
        symvImpl(n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    // ---- checks ----

    private static void checkVector(String name, MemorySegment s, long off, int n) {
        checkLongVector(name, s, off, n);
    }

    private static void checkLongVector(String name, MemorySegment s, long off, long n) {
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

    private static void checkSquare(int n, MemorySegment a, long aOff, int lda) {
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

    private static void checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }
}
