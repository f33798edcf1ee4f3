package io.curvature.objective;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;

import java.lang.foreign.MemorySegment;

/**
 * A generalized linear model (docs/math.md 1.1): {@code f(w) = (1/n) sum_i l(x_i . w, y_i) + (lambda/2)
 * ||w_penalized||^2}, the intercept column (if the data set has one) unpenalized. Value, gradient and the
 * Hessian weights {@code D} come from one fused pass; {@code H v} from one fused pass with the weights of
 * the last evaluation point; the dense Hessian {@code X^T D X / n + lambda I} from the Gram kernel.
 */
public final class Glm extends GlmBase {

    private final Kernels kernels;
    private final MatrixView x;
    /** A row of {@code X} and the column sums of {@link #hessianDiagonal}; allocated at its first use. */
    private double[] diagonalRow;
    private double[] diagonalSums;
    /** The weights of {@link #subsampledHessian}'s rows, gathered; allocated at its first use. */
    private MemorySegment sampleWeights;

    /**
     * With the default kernels and one thread per available processor.
     *
     * @param data   the data (not owned: the caller closes it after the objective)
     * @param loss   the per-sample loss
     * @param lambda the L2 penalty, {@code >= 0}
     * @throws IllegalArgumentException for a negative or non-finite {@code lambda}, or labels outside the
     *                                  loss's domain (naming the first bad row)
     */
    public Glm(Dataset data, GlmLoss loss, double lambda) {
        this(data, loss, lambda, KernelChoice.DEFAULT, Runtime.getRuntime().availableProcessors());
    }

    /**
     * With the given kernels and thread count.
     *
     * @param data    the data (not owned: the caller closes it after the objective)
     * @param loss    the per-sample loss
     * @param lambda  the L2 penalty, {@code >= 0}
     * @param kernels the kernels to use
     * @throws IllegalStateException    for {@code VECTOR} kernels where they cannot run
     * @param threads threads for the row passes, {@code >= 1}; the result has the same bits for any count
     * @throws IllegalArgumentException for a negative or non-finite {@code lambda}, or labels outside the
     *                                  loss's domain (naming the first bad row)
     */
    public Glm(Dataset data, GlmLoss loss, double lambda, KernelChoice kernels, int threads) {
        super(data, loss, lambda, threads);
        this.kernels = KernelProvider.of(kernels);
        this.x = MatrixView.of(data);
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            checkReadableByKernelThreads(w, "w");
            double sum = kernels.glm(loss.kernelLoss(), x, data.y().segment(), 0, w, 0, grad, 0, weights, 0, threads);
            return finishValueAndGradient(sum, w, grad);
        } finally {
            use.release(claimed);
        }
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            checkReadableByKernelThreads(v, "v");
            kernels.hvp(x, weights, 0, v, 0, out, 0, threads);
            finishHessianVector(v, out);
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

    /** {@inheritDoc} Above {@link io.curvature.linalg.LinearAlgebra#NATIVE_GRAM_FROM_COLUMNS} columns the native Gram
     * takes {@code H}, and {@code b} a second pass. */
    @Override
    public void normalEquations(MemorySegment m) {
        checkNormalEquations(m);
        int order = d + 1;
        boolean claimed = use.claim();
        try {
            MemorySegment y = data.y().segment();
            io.curvature.linalg.GramRoute route = io.curvature.linalg.LinearAlgebra.gram(d);
            if (route == null) {
                kernels.augmentedGram(x, y, 0, m, 0, threads);
            } else {
                route.gram(x, null, 0, m, 0);
                for (int j = d - 1; j > 0; j--) { // rows d apart to d + 1 apart, the last first (copy is a memmove)
                    MemorySegment.copy(m, (long) j * d * Double.BYTES, m, (long) j * order * Double.BYTES,
                            (long) d * Double.BYTES);
                }
                kernels.gemvT(x, y, 0, m, (long) d * order, threads);
                double yy = 0;
                for (long i = 0; i < n; i++) {
                    double yi = y.getAtIndex(D, i);
                    yy += yi * yi;
                }
                m.setAtIndex(D, (long) d * order + d, yy);
                for (int j = 0; j < d; j++) {
                    m.setAtIndex(D, (long) j * order + d, m.getAtIndex(D, (long) d * order + j));
                }
            }
            finishMatrix(m, order);
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
        subsampledHessian(w, h, stride, false);
    }

    /**
     * As {@link #subsampledHessian(MemorySegment, MemorySegment, int)}, with the products in single precision where
     * {@code singlePrecision} asks and the native route exists ({@link #singlePrecisionHessian}): an estimate whose
     * sampling error, about {@code sqrt(d / m)}, dwarfs the {@code 1e-7} of the rounding.
     *
     * @throws IllegalArgumentException for {@code stride < 1}
     * @param w the point
     * @param h where the {@code d x d} estimate goes
     * @param stride the sample takes every {@code stride}-th row
     * @param singlePrecision whether the products may be taken in single precision
     */
    public void subsampledHessian(MemorySegment w, MemorySegment h, int stride, boolean singlePrecision) {
        boolean claimed = use.claim();
        try {
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be >= 1, got " + stride);
            }
            weightsFor(w);
            long m = (n + stride - 1) / stride;
            if (sampleWeights == null || sampleWeights.byteSize() < m * 8) {
                sampleWeights = allocate(m * 8);
            }
            for (long i = 0; i < m; i++) {
                sampleWeights.setAtIndex(D, i, weights.getAtIndex(D, i * stride));
            }
            MatrixView sample = x.everyRow(stride);
            io.curvature.linalg.GramRoute single = singlePrecision
                    ? io.curvature.linalg.LinearAlgebra.singlePrecisionGram() : null;
            gram(sample, sampleWeights, m, h, single != null ? single : io.curvature.linalg.LinearAlgebra.gram(d));
        } finally {
            use.release(claimed);
        }
    }

    /**
     * The Hessian as {@link #hessian}, but with the products of {@code X^T D X} in single precision (docs/math.md
     * 2.2): about twice the Gram's rate, entries correct to about {@code 1e-7} of the diagonal. For the steps of an
     * inexact Newton method, whose gradient stays exact; needs the native BLAS.
     *
     * @param w the point
     * @param h where the {@code d x d} Hessian goes
     * @return whether it was computed; {@code false}, with {@code h} untouched, when no single-precision route exists
     */
    public boolean singlePrecisionHessian(MemorySegment w, MemorySegment h) {
        io.curvature.linalg.GramRoute route = io.curvature.linalg.LinearAlgebra.singlePrecisionGram();
        if (route == null) {
            return false;
        }
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            gram(x, weights, n, h, route);
            return true;
        } finally {
            use.release(claimed);
        }
    }

    /** {@code h = rows^T diag(dd) rows / count + lambda P}. */
    private void gram(MatrixView rows, MemorySegment dd, long count, MemorySegment h) {
        // Above the measured crossover OpenBLAS dsyrk wins (LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS).
        gram(rows, dd, count, h, io.curvature.linalg.LinearAlgebra.gram(d));
    }

    /** {@code h = rows^T diag(dd) rows / count + lambda P} by {@code route}, or by the kernels when it is null. */
    private void gram(MatrixView rows, MemorySegment dd, long count, MemorySegment h,
                      io.curvature.linalg.GramRoute route) {
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
            int stored = x.storedCols();
            if (diagonalRow == null) {
                diagonalRow = new double[stored];
                diagonalSums = new double[d];
            }
            double[] row = diagonalRow;
            double[] sums = diagonalSums;
            java.util.Arrays.fill(sums, 0.0);
            double weightSum = 0;
            // each row copied to the heap: C2 vectorizes the loop on arrays, not one reading and writing segments
            for (long i = 0; i < n; i++) {
                double di = weights.getAtIndex(D, i);
                MemorySegment.copy(x.segment(), D, x.rowStart(i) * Double.BYTES, row, 0, stored);
                for (int j = 0; j < stored; j++) {
                    sums[j] += di * row[j] * row[j];
                }
                weightSum += di;
            }
            if (x.onesColumn()) {
                sums[stored] = weightSum;
            }
            MemorySegment.copy(sums, 0, out, D, 0, d);
            finishDiagonal(out);
            return true;
        } finally {
            use.release(claimed);
        }
    }
}
