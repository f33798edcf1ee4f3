package io.curvature.objective;

import io.curvature.data.Dataset;
import io.curvature.data.MemoryBudget;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the generalized linear models on dense ({@link Glm}) and sparse ({@link SparseGlm}) data share
 * (docs/math.md 1.1): the checks, the workspace (the Hessian weights {@code D} of the last evaluation point and
 * that point), the guard against use from two threads, and turning a pass's sums into the mean plus the L2
 * penalty on the penalized parameters. Subclasses supply the passes over their storage.
 */
public abstract sealed class GlmBase implements Objective, AutoCloseable permits Glm, SparseGlm {

    static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    final Dataset data;
    final GlmLoss loss;
    final double lambda;
    final int threads;
    final int d;
    final long n;
    private final Arena arena = Arena.ofShared();
    /** {@code D_i}, one per row, of the point in {@link #weightsAt}. */
    final MemorySegment weights;
    /** A gradient nobody asked for (in {@link #value} and {@link #weightsFor}). */
    final MemorySegment scratch;
    private final MemorySegment weightsAt;
    private boolean weightsValid;
    final SingleThreadedUse use;

    GlmBase(Dataset data, GlmLoss loss, double lambda, int threads) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (data.samples() == 0) {
            throw new IllegalArgumentException("the data set has no rows");
        }
        checkLabels(data, loss);
        this.data = data;
        this.loss = loss;
        this.lambda = lambda;
        this.threads = threads;
        this.d = data.features();
        this.n = data.samples();
        MemoryBudget.require(8.0 * (n + 2.0 * d) + 8.0 * 16 * d,
                "a GLM of " + n + " rows and " + d + " parameters (its workspace and an optimizer's vectors)");
        this.weights = arena.allocate(n * 8, 64);
        this.scratch = arena.allocate(Math.max(1, d) * 8L, 64);
        this.weightsAt = arena.allocate(Math.max(1, d) * 8L, 64);
        this.use = new SingleThreadedUse("this " + getClass().getSimpleName() + " objective");
    }

    static void checkLabels(Dataset data, GlmLoss loss) {
        MemorySegment y = data.y().segment();
        for (long i = 0; i < data.samples(); i++) {
            double v = y.getAtIndex(D, i);
            if (!loss.accepts(v)) {
                throw new LabelException(i, v, "is not " + loss.labelDomain() + " as the "
                        + loss.name().toLowerCase(java.util.Locale.ROOT) + " loss needs");
            }
        }
    }

    @Override
    public final int dimension() {
        return d;
    }

    @Override
    public final double value(MemorySegment w) {
        return valueAndGradient(w, scratch);
    }

    /**
     * After a pass at {@code w} that left {@code sum_i l_i} in {@code sum}, the summed gradient in {@code grad}
     * and {@code D} in {@link #weights}: remembers {@code w} as the weights' point, makes {@code grad} the mean plus
     * {@code lambda w} (penalized entries) and returns {@code sum / n + (lambda/2) ||w_pen||^2}.
     */
    final double finishValueAndGradient(double sum, MemorySegment w, MemorySegment grad) {
        MemorySegment.copy(w, 0, weightsAt, 0, d * 8L);
        weightsValid = true;
        double penalty = 0;
        double inv = 1.0 / n;
        for (int j = 0; j < d; j++) {
            double wj = w.getAtIndex(D, j);
            double g = grad.getAtIndex(D, j) * inv;
            if (data.isPenalized(j)) {
                penalty += wj * wj;
                g += lambda * wj;
            }
            grad.setAtIndex(D, j, g);
        }
        return sum * inv + 0.5 * lambda * penalty;
    }

    /** Any thread but a confined segment's owner: a segment it may access is shared, global or automatic. */
    private static final Thread OTHER_THREAD = new Thread(() -> { });

    /**
     * With more than one thread, the kernels' helper threads read {@code v}: one confined to the calling thread would
     * fail there, so it is refused here, whatever the data's size.
     *
     * @throws IllegalArgumentException if {@code v} is confined to its thread and this objective has threads
     */
    final void checkReadableByKernelThreads(MemorySegment v, String name) {
        if (threads > 1 && !v.isAccessibleBy(OTHER_THREAD)) {
            throw new IllegalArgumentException(name + " is confined to its thread, and this objective's " + threads
                    + " threads read it: allocate it in a shared, global or automatic arena, or use one thread");
        }
    }

    /** Makes sure {@code D} belongs to {@code w} (a gradient evaluation there, or a fresh pass). */
    final void weightsFor(MemorySegment w) {
        if (!weightsValid || MemorySegment.mismatch(w, 0, d * 8L, weightsAt, 0, d * 8L) != -1) {
            valueAndGradient(w, scratch);
        }
    }

    /** {@code out = out / n + lambda v} on the penalized entries (a Hessian-vector product's sums). */
    final void finishHessianVector(MemorySegment v, MemorySegment out) {
        double inv = 1.0 / n;
        for (int j = 0; j < d; j++) {
            double h = out.getAtIndex(D, j) * inv;
            if (data.isPenalized(j)) {
                h += lambda * v.getAtIndex(D, j);
            }
            out.setAtIndex(D, j, h);
        }
    }

    /**
     * The leading {@code order x order} entries of {@code m} (row-major) divided by {@code n}, then {@code lambda}
     * added to the diagonal entries of the penalized parameters: a Gram's sums made the mean plus the penalty.
     */
    final void finishMatrix(MemorySegment m, int order) {
        double inv = 1.0 / n;
        for (long e = 0; e < (long) order * order; e++) {
            m.setAtIndex(D, e, m.getAtIndex(D, e) * inv);
        }
        for (int j = 0; j < Math.min(d, order); j++) {
            if (data.isPenalized(j)) {
                long jj = (long) j * order + j;
                m.setAtIndex(D, jj, m.getAtIndex(D, jj) + lambda);
            }
        }
    }

    /** {@code out = out / n + lambda} on the penalized entries (the Hessian diagonal's sums). */
    final void finishDiagonal(MemorySegment out) {
        for (int j = 0; j < d; j++) {
            out.setAtIndex(D, j, out.getAtIndex(D, j) / n + (data.isPenalized(j) ? lambda : 0));
        }
    }

    /**
     * The normal equations of least squares in one pass over {@code X} (docs/math.md 2.2): into the
     * {@code (d + 1) x (d + 1)} row-major matrix {@code m}, {@code H = X^T X / n + lambda P} (the Hessian, with the
     * bits of {@link #hessian}) in the leading block, {@code b = X^T y / n} in the last column and row, and
     * {@code c = y . y / n} in the corner; then {@code f(w) = w . H w / 2 - b . w + c / 2} and {@code g(w) = H w - b}
     * at every {@code w}.
     *
     * @param m where the {@code (d + 1)^2} entries go
     * @throws IllegalStateException for a loss other than least squares
     * @throws IllegalArgumentException if {@code m} is smaller than {@code (d + 1)^2} doubles
     */
    public abstract void normalEquations(MemorySegment m);

    /** The checks of {@link #normalEquations}. */
    final void checkNormalEquations(MemorySegment m) {
        if (loss != GlmLoss.LEAST_SQUARES) {
            throw new IllegalStateException("the normal equations are those of least squares, not of the "
                    + loss.name().toLowerCase(java.util.Locale.ROOT) + " loss");
        }
        long order = d + 1L;
        if (m.byteSize() < order * order * Double.BYTES) {
            throw new IllegalArgumentException("m has " + m.byteSize() / Double.BYTES + " doubles, the normal equations "
                    + "of " + d + " parameters need " + order * order);
        }
    }

    /** {@return the loss} */
    public final GlmLoss loss() {
        return loss;
    }

    /** {@return the penalty} */
    public final double lambda() {
        return lambda;
    }

    /** {@return the data} */
    public final Dataset data() {
        return data;
    }

    /** {@return a zeroed workspace segment of {@code bytes}, freed with the objective} */
    final MemorySegment allocate(long bytes) {
        return arena.allocate(bytes, 64);
    }

    /** Frees the workspace (not the data). */
    @Override
    public void close() {
        arena.close();
    }
}
