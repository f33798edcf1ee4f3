package io.curvature.kernel;

import java.lang.foreign.MemorySegment;

/**
 * One row pass's arguments, for {@link RowBlocks}: set before the pass and cleared after it. Each thread
 * reuses its own instance, since a lambda capturing the arguments would be a new object per call; the
 * worker threads of a multi-threaded pass read the fields after the executor's hand-off, which orders the
 * writes before the reads. Only the fields of the pass being run are set.
 */
final class PassJob implements RowBlocks.BlockTask, RowBlocks.RangeTask {

    /** The row passes a job can run. */
    private enum Pass { GEMV, GEMV_T, GLM, HVP, GRAM }

    private static final ThreadLocal<PassJob> PER_THREAD = ThreadLocal.withInitial(PassJob::new);

    private AbstractKernels kernels;
    private Pass pass;
    private MatrixView x;
    /** The vector multiplied by the rows: {@code v} of GEMV and HVP, {@code w} of GLM. */
    private MemorySegment v;
    private long vOff;
    /** The per-row coefficients of GEMV_T ({@code r}); GRAM's appended column ({@code null}: none). */
    private MemorySegment r;
    private long rOff;
    /** GEMV's per-row output. */
    private MemorySegment out;
    private long outOff;
    /** GLM's labels. */
    private SampleLoss loss;
    private MemorySegment y;
    private long yOff;
    /** The Hessian weights {@code D}: written by GLM, read by HVP and GRAM ({@code null}: {@code D = I}). */
    private MemorySegment weights;
    private long weightsOff;

    private PassJob() {
    }

    private static PassJob start(AbstractKernels k, Pass p, MatrixView x) {
        PassJob job = PER_THREAD.get();
        job.kernels = k;
        job.pass = p;
        job.x = x;
        return job;
    }

    /** {@code out_i = x_i . v}. */
    static PassJob gemv(AbstractKernels k, MatrixView a, MemorySegment v, long vOff, MemorySegment out, long outOff) {
        PassJob job = start(k, Pass.GEMV, a);
        job.v = v;
        job.vOff = vOff;
        job.out = out;
        job.outOff = outOff;
        return job;
    }

    /** {@code acc += sum_i r_i x_i}. */
    static PassJob gemvT(AbstractKernels k, MatrixView a, MemorySegment r, long rOff) {
        PassJob job = start(k, Pass.GEMV_T, a);
        job.r = r;
        job.rOff = rOff;
        return job;
    }

    /** The fused GLM pass at {@code w}. */
    static PassJob glm(AbstractKernels k, SampleLoss loss, MatrixView x, MemorySegment y, long yOff, MemorySegment w,
                       long wOff, MemorySegment weights, long weightsOff) {
        PassJob job = start(k, Pass.GLM, x);
        job.loss = loss;
        job.y = y;
        job.yOff = yOff;
        job.v = w;
        job.vOff = wOff;
        job.weights = weights;
        job.weightsOff = weightsOff;
        return job;
    }

    /** The fused HVP with direction {@code v}. */
    static PassJob hvp(AbstractKernels k, MatrixView x, MemorySegment weights, long weightsOff, MemorySegment v,
                       long vOff) {
        PassJob job = start(k, Pass.HVP, x);
        job.weights = weights;
        job.weightsOff = weightsOff;
        job.v = v;
        job.vOff = vOff;
        return job;
    }

    /** The Gram matrix {@code X^T D X}, of {@code [X c]} when {@code c} is not null. */
    static PassJob gram(AbstractKernels k, MatrixView x, MemorySegment weights, long weightsOff, MemorySegment c,
                        long cOff) {
        PassJob job = start(k, Pass.GRAM, x);
        job.weights = weights;
        job.weightsOff = weightsOff;
        job.r = c;
        job.rOff = cOff;
        return job;
    }

    /** Drops every reference, so a finished pass keeps no segment reachable. */
    void clear() {
        kernels = null;
        pass = null;
        x = null;
        v = null;
        r = null;
        out = null;
        loss = null;
        y = null;
        weights = null;
        vOff = rOff = outOff = yOff = weightsOff = 0;
    }

    @Override
    public double run(long start, long end, MemorySegment acc) {
        switch (pass) {
            case GLM -> {
                return kernels.glmRows(loss, x, start, end, y, yOff, v, vOff, weights, weightsOff, acc);
            }
            case HVP -> kernels.hvpRows(x, start, end, weights, weightsOff, v, vOff, acc);
            case GEMV_T -> kernels.gemvTRows(x, start, end, r, rOff, acc);
            case GRAM -> kernels.gramRows(x, start, end, weights, weightsOff, r, rOff, acc);
            default -> throw new IllegalStateException(pass + " is not a reduction");
        }
        return 0;
    }

    @Override
    public void run(long start, long end) {
        kernels.gemvRows(x, start, end, v, vOff, out, outOff);
    }
}
