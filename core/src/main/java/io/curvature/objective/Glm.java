package io.curvature.objective;

import io.curvature.data.Dataset;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A generalized linear model (docs/math.md 1.1): {@code f(w) = (1/n) sum_i l(x_i . w, y_i) + (lambda/2)
 * ||w_penalized||^2}, the intercept column (if the data set has one) unpenalized. Value, gradient and the
 * Hessian weights {@code D} come from one fused pass; {@code H v} from one fused pass with the weights of
 * the last evaluation point; the dense Hessian {@code X^T D X / n + lambda I} from the Gram kernel.
 */
public final class Glm implements Objective, AutoCloseable {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final Dataset data;
    private final GlmLoss loss;
    private final double lambda;
    private final Kernels kernels;
    private final int threads;
    private final MatrixView x;
    private final int d;
    private final long n;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment weights;
    private final MemorySegment scratch;
    private final MemorySegment weightsAt;
    private boolean weightsValid;
    /** The weights of {@link #subsampledHessian}'s rows, gathered; allocated at its first use. */
    private MemorySegment sampleWeights;
    private final SingleThreadedUse use = new SingleThreadedUse("this Glm objective");

    /**
     * With the kernels {@link KernelProvider} chooses and one thread per available processor.
     *
     * @param data   the data (not owned: the caller closes it after the objective)
     * @param loss   the per-sample loss
     * @param lambda the L2 penalty, {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite {@code lambda}, or labels outside the
     *                                  loss's domain (naming the first bad row)
     */
    public Glm(Dataset data, GlmLoss loss, double lambda) {
        this(data, loss, lambda, KernelProvider.get(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * With the given kernels and thread count.
     *
     * @param data    the data (not owned: the caller closes it after the objective)
     * @param loss    the per-sample loss
     * @param lambda  the L2 penalty, {@code >= 0}
     * @param kernels the kernels to use
     * @param threads threads for the row passes, {@code >= 1}; the result has the same bits for any count
     * @throws IllegalArgumentException for a negative or non-finite {@code lambda}, or labels outside the
     *                                  loss's domain (naming the first bad row)
     */
    public Glm(Dataset data, GlmLoss loss, double lambda, Kernels kernels, int threads) {
        Penalty.checkArguments(data, loss, lambda, threads);
        this.data = data;
        this.loss = loss;
        this.lambda = lambda;
        this.kernels = kernels;
        this.threads = threads;
        this.x = MatrixView.of(data.x());
        this.d = data.features();
        this.n = data.samples();
        io.curvature.data.MemoryBudget.require(8.0 * (n + 2.0 * d) + 8.0 * 16 * d,
                "a GLM of " + n + " rows and " + d + " parameters (its workspace and an optimizer's vectors)");
        this.weights = arena.allocate(n * 8, 64);
        this.scratch = arena.allocate(Math.max(1, d) * 8L, 64);
        this.weightsAt = arena.allocate(Math.max(1, d) * 8L, 64);
    }

    static void checkLabels(Dataset data, GlmLoss loss) {
        MemorySegment y = data.y().segment();
        for (long i = 0; i < data.samples(); i++) {
            double v = y.getAtIndex(D, i);
            if (!loss.accepts(v)) {
                String domain = loss.labelDomain();
                throw new LabelException(i, v, "is not " + domain + " as the "
                        + loss.name().toLowerCase(java.util.Locale.ROOT) + " loss needs");
            }
        }
    }

    /** {@return the loss} */
    public GlmLoss loss() {
        return loss;
    }

    /** {@return the penalty} */
    public double lambda() {
        return lambda;
    }

    /** {@return the data} */
    public Dataset data() {
        return data;
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
            double sum = kernels.glm(loss.kernelLoss(), x, data.y().segment(), 0, w, 0, grad, 0, weights, 0, threads);
            MemorySegment.copy(w, 0, weightsAt, 0, d * 8L);
            weightsValid = true;
            return Penalty.valueAndGradient(data, lambda, n, d, sum, w, grad);
        } finally {
            use.release(claimed);
        }
    }

    /** Makes sure {@code D} belongs to {@code w} (a gradient evaluation there, or a fresh pass). */
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
            kernels.hvp(x, weights, 0, v, 0, out, 0, threads);
            Penalty.hessianVector(data, lambda, n, d, v, out);
        } finally {
            use.release(claimed);
        }
    }

    @Override
    public void hessian(MemorySegment w, MemorySegment h) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            gram(x, weights, n, h);
        } finally {
            use.release(claimed);
        }
    }

    /**
     * The Hessian estimated from the rows {@code i = 0, stride, 2 stride, ...} alone (docs/math.md 2.2):
     * {@code X_S^T D_S X_S / m + lambda I} (penalized entries) for the {@code m} rows of the sample, read in
     * place through a strided view of {@code X}. The same contract as {@link #hessian}; {@code stride = 1} is it.
     *
     * @throws IllegalArgumentException for {@code stride < 1}
     * @param w the point
     * @param h where the {@code d x d} estimate goes
     * @param stride the sample takes every {@code stride}-th row
     */
    public void subsampledHessian(MemorySegment w, MemorySegment h, int stride) {
        boolean claimed = use.claim();
        try {
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be >= 1, got " + stride);
            }
            weightsFor(w);
            long m = (n + stride - 1) / stride;
            if (sampleWeights == null || sampleWeights.byteSize() < m * 8) {
                sampleWeights = arena.allocate(m * 8, 64);
            }
            for (long i = 0; i < m; i++) {
                sampleWeights.setAtIndex(D, i, weights.getAtIndex(D, i * stride));
            }
            MatrixView sample = new MatrixView(x.segment(), x.offset(), m, d, Math.multiplyExact(x.ld(), stride));
            gram(sample, sampleWeights, m, h);
        } finally {
            use.release(claimed);
        }
    }

    /** {@code h = rows^T diag(dd) rows / count + lambda P}. */
    private void gram(MatrixView rows, MemorySegment dd, long count, MemorySegment h) {
        // Above the measured crossover OpenBLAS dsyrk wins (LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS).
        io.curvature.linalg.GramRoute route = io.curvature.linalg.LinearAlgebra.gram(d);
        if (route != null) {
            route.gram(rows, dd, 0, h, 0);
        } else {
            kernels.gram(rows, dd, 0, h, 0, threads);
        }
        kernels.scal(d * d, 1.0 / count, h, 0);
        for (int j = 0; j < d; j++) {
            if (data.isPenalized(j)) {
                long jj = (long) j * d + j;
                h.setAtIndex(D, jj, h.getAtIndex(D, jj) + lambda);
            }
        }
    }

    /** {@code diag(H) = (X * X)^T D / n + lambda} (penalized entries), one pass over {@code X}. */
    @Override
    public boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            MemorySegment xs = x.segment();
            for (int j = 0; j < d; j++) {
                out.setAtIndex(D, j, 0.0);
            }
            for (long i = 0; i < n; i++) {
                double di = weights.getAtIndex(D, i);
                long row = x.rowStart(i);
                for (int j = 0; j < d; j++) {
                    double v = xs.getAtIndex(D, row + j);
                    out.setAtIndex(D, j, out.getAtIndex(D, j) + di * v * v);
                }
            }
            Penalty.diagonal(data, lambda, n, d, out);
            return true;
        } finally {
            use.release(claimed);
        }
    }

    /** Frees the workspace (not the data). */
    @Override
    public void close() {
        arena.close();
    }
}
