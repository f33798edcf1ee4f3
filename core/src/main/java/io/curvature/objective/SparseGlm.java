package io.curvature.objective;

import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.kernel.AbstractKernels;
import io.curvature.kernel.RowBlocks;
import io.curvature.kernel.SampleLoss;

import java.lang.foreign.MemorySegment;

/**
 * The generalized linear model of {@link Glm} (docs/math.md 1.1) on a sparse {@code X} ({@link CsrMatrix}): every
 * pass visits the nonzeros only. Value, gradient and the Hessian weights {@code D} come from one pass; {@code H v}
 * and the diagonal of {@code H} from one pass each with the weights of the last evaluation point; the dense
 * Hessian {@code X^T D X / n + lambda I} from one pass into a {@code d x d} matrix, for the dense methods when
 * it fits. Rows are split into the blocks of {@link RowBlocks} with partials added in block order, so the
 * result has the same bits for any thread count. Scalar loops: Vector API gathers of {@code w} were no faster at
 * tens of entries a row (docs/performance-log.md); the logistic losses of a chunk take the vector kernels'
 * formulas where those run ({@link SampleLoss#evaluateInPlace}). The value and HVP passes read a chunk's entries,
 * the vector and their accumulator as heap arrays (bulk copies): on segments, each entry's three reads and a write
 * paid a bounds check that C2 did not remove.
 */
public final class SparseGlm extends GlmBase {

    /** Rows per chunk of the value pass: predictors for the chunk, then the losses, then the gradient updates. */
    private static final int CHUNK = 16;
    /** Gram partials are {@code d x d}: fewer, larger blocks, and no more than the memory plan counts on. */
    private static final int GRAM_MIN_BLOCK_ROWS = 4096;
    /**
     * Nonzeros a block of a vector pass reads per column of its partial at least: zeroing and adding a block's
     * {@code d}-long partial must stay small against its work, which on wide sparse data it is not at 2048 rows.
     */
    static final int NONZEROS_PER_PARTIAL_COLUMN = 8;

    private final CsrMatrix x;
    /** The data set's intercept column is implicit: each row has one more entry, 1 in column {@code d - 1}. */
    private final boolean ones;
    /** Blocks of the vector passes (value and gradient, HVP, diagonal), from {@link #NONZEROS_PER_PARTIAL_COLUMN}. */
    private final int vectorBlocks;
    private final double rowNonzerosSquared;
    private final ValuePass valuePass = new ValuePass();
    private final HvpPass hvpPass = new HvpPass();
    private final DiagonalPass diagonalPass = new DiagonalPass();
    private final GramPass gramPass = new GramPass();
    /** Whether the losses take the vector kernels' formulas ({@link SampleLoss#evaluateInPlace}). */
    private final boolean vectorLosses = io.curvature.kernel.KernelProvider.vectorByDefault();

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
        super(requireSparse(data), loss, lambda, threads);
        this.x = data.sparseX();
        this.ones = data.hasImplicitIntercept();
        double squares = 0;
        for (long i = 0; i < n; i++) {
            double k = x.rowStart(i + 1) - x.rowStart(i) + (ones ? 1 : 0);
            squares += k * k;
        }
        this.rowNonzerosSquared = squares;
        // from the data alone, never the thread count: 1 and N threads add the same partials in the same order
        this.vectorBlocks = (int) Math.max(1, Math.min(RowBlocks.MAX_BLOCKS,
                nonzeros() / ((long) NONZEROS_PER_PARTIAL_COLUMN * Math.max(1, d))));
    }

    private static Dataset requireSparse(Dataset data) {
        if (!data.isSparse()) {
            throw new IllegalArgumentException("SparseGlm needs a sparse data set; use Glm for dense data");
        }
        return data;
    }

    /** {@return the rows {@code n}} */
    public long samples() {
        return n;
    }

    /** {@return the entries of {@code X}: those stored, and the implicit intercept column's {@code n} ones} */
    public long nonzeros() {
        return x.nonzeros() + (ones ? n : 0);
    }

    /** {@return {@code sum_i nnz_i^2}, the products of a dense Hessian (a planning figure for AUTO)} */
    public double rowNonzerosSquared() {
        return rowNonzerosSquared;
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            valuePass.w = heapVector(w);
            double sum;
            try {
                sum = RowBlocks.reduce(threads, n, RowBlocks.MIN_BLOCK_ROWS, vectorBlocks, d, 0, valuePass,
                        grad, 0);
            } finally {
                valuePass.w = null;
            }
            return finishValueAndGradient(sum, w, grad);
        } finally {
            use.release(claimed);
        }
    }

    /** Column of entry {@code k} of row entries ending at {@code end}: past the stored ones, the intercept's. */
    private int column(long k, long end) {
        return k < end ? x.column(k) : d - 1;
    }

    /** Value of entry {@code k} of row entries ending at {@code end}: past the stored ones, the intercept's 1. */
    private double value(long k, long end) {
        return k < end ? x.value(k) : 1.0;
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            hvpPass.v = heapVector(v);
            try {
                RowBlocks.reduce(threads, n, RowBlocks.MIN_BLOCK_ROWS, vectorBlocks, d, 0, hvpPass, out, 0);
            } finally {
                hvpPass.v = null;
            }
            finishHessianVector(v, out);
        } finally {
            use.release(claimed);
        }
    }

    @Override
    public boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            weightsFor(w);
            RowBlocks.reduce(threads, n, RowBlocks.MIN_BLOCK_ROWS, vectorBlocks, d, 0, diagonalPass, out, 0);
            finishDiagonal(out);
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
            RowBlocks.reduce(threads, n, GRAM_MIN_BLOCK_ROWS, AbstractKernels.GRAM_MAX_BLOCKS, length, 0, gramPass, h, 0);
            finishMatrix(h, d);
        } finally {
            use.release(claimed);
        }
    }

    /** {@inheritDoc} The targets are one more entry of each row, so a row adds its {@code (nnz + 1)^2} products. */
    @Override
    public void normalEquations(MemorySegment m) {
        checkNormalEquations(m);
        boolean claimed = use.claim();
        try {
            int order = d + 1;
            gramPass.withTargets = true;
            try {
                RowBlocks.reduce(threads, n, GRAM_MIN_BLOCK_ROWS, AbstractKernels.GRAM_MAX_BLOCKS,
                        Math.multiplyExact(order, order), 0, gramPass, m, 0);
            } finally {
                gramPass.withTargets = false;
            }
            finishMatrix(m, order);
        } finally {
            use.release(claimed);
        }
    }

    // The passes, one reusable instance each (set, run, cleared), so that an evaluation allocates nothing.

    /**
     * A thread's heap copies for the value and HVP passes, grown on demand and reused: a chunk's columns and values
     * and a block's accumulator, with segment views made once per growth (a bulk copy into a bare array would wrap
     * it in a new segment each time).
     */
    private static final class Staging {
        int[] columns = new int[0];
        MemorySegment columnsView = MemorySegment.ofArray(columns);
        double[] values = new double[0];
        MemorySegment valuesView = MemorySegment.ofArray(values);
        double[] acc = new double[0];
        MemorySegment accView = MemorySegment.ofArray(acc);
        /** Where each staged row's entries start, the chunk's end last. */
        final int[] rowStarts = new int[CHUNK + 1];
        /** A chunk's predictors, then its derivatives. */
        final double[] z = new double[CHUNK];
        final MemorySegment zView = MemorySegment.ofArray(z);

        /** Makes room for a {@code d}-long accumulator, zeroed. */
        Staging start(int d) {
            if (acc.length < d) {
                acc = new double[d];
                accView = MemorySegment.ofArray(acc);
            } else {
                java.util.Arrays.fill(acc, 0, d, 0.0);
            }
            return this;
        }

        /** Makes room for {@code entries} staged entries. */
        void reserve(long entries) {
            if (columns.length < entries) {
                int length = Math.toIntExact(Math.max(entries, 2L * columns.length));
                columns = new int[length];
                columnsView = MemorySegment.ofArray(columns);
                values = new double[length];
                valuesView = MemorySegment.ofArray(values);
            }
        }

        /** The accumulator into the first {@code d} doubles of a block's (zeroed) partial: its exact bits. */
        void flush(int d, MemorySegment partial) {
            MemorySegment.copy(accView, 0, partial, 0, (long) d * Double.BYTES);
        }
    }

    private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

    /** The vector of the pass running ({@code w} or {@code v}) as a heap array, copied once per pass. */
    private double[] vector = new double[0];
    private MemorySegment vectorView = MemorySegment.ofArray(vector);

    private double[] heapVector(MemorySegment v) {
        if (vector.length < d) {
            vector = new double[d];
            vectorView = MemorySegment.ofArray(vector);
        }
        MemorySegment.copy(v, 0, vectorView, 0, (long) d * Double.BYTES);
        return vector;
    }

    /** Stages the entries of rows {@code [c, c + count)} ({@code count <= CHUNK}) and where each row's entries start. */
    private void stage(long c, int count, Staging st) {
        long from = x.rowStart(c);
        for (int k = 0; k <= count; k++) {
            st.rowStarts[k] = Math.toIntExact(x.rowStart(c + k) - from);
        }
        int entries = st.rowStarts[count];
        st.reserve(entries);
        x.copyEntries(from, entries, st.columnsView, st.valuesView);
    }

    /** {@code x_i . v} for staged row {@code r}; an implicit intercept column last (where a stored one would be). */
    private double dot(Staging st, int r, double[] v) {
        int[] columns = st.columns;
        double[] values = st.values;
        double s = 0;
        for (int k = st.rowStarts[r], to = st.rowStarts[r + 1]; k < to; k++) {
            s = Math.fma(values[k], v[columns[k]], s);
        }
        return ones ? Math.fma(1.0, v[d - 1], s) : s;
    }

    /** {@code acc += a x_i} for staged row {@code r}. */
    private void axpy(Staging st, int r, double a) {
        int[] columns = st.columns;
        double[] values = st.values;
        double[] acc = st.acc;
        for (int k = st.rowStarts[r], to = st.rowStarts[r + 1]; k < to; k++) {
            int j = columns[k];
            acc[j] = Math.fma(a, values[k], acc[j]);
        }
        if (ones) {
            acc[d - 1] = Math.fma(a, 1.0, acc[d - 1]);
        }
    }

    /** Value, {@code D} and gradient partials of a block, in chunks: predictors, then losses, then updates. */
    private final class ValuePass implements RowBlocks.BlockTask {
        double[] w;

        @Override
        public double run(long start, long end, MemorySegment partial) {
            SampleLoss l = loss.kernelLoss();
            MemorySegment y = data.y().segment();
            Staging st = STAGING.get().start(d);
            double s = 0;
            for (long c = start; c < end; c += CHUNK) {
                int count = (int) Math.min(CHUNK, end - c);
                stage(c, count, st);
                for (int k = 0; k < count; k++) {
                    st.z[k] = dot(st, k, w);
                }
                s += l.evaluateInPlace(vectorLosses, count, st.z, st.zView, 0, y, c, weights, c);
                for (int k = 0; k < count; k++) {
                    axpy(st, k, st.z[k]);
                }
            }
            st.flush(d, partial);
            return s;
        }
    }

    /** {@code sum_i D_i (x_i . v) x_i} over a block. */
    private final class HvpPass implements RowBlocks.BlockTask {
        double[] v;

        @Override
        public double run(long start, long end, MemorySegment partial) {
            Staging st = STAGING.get().start(d);
            for (long c = start; c < end; c += CHUNK) {
                int count = (int) Math.min(CHUNK, end - c);
                stage(c, count, st);
                for (int k = 0; k < count; k++) {
                    axpy(st, k, weights.getAtIndex(D, c + k) * dot(st, k, v));
                }
            }
            st.flush(d, partial);
            return 0;
        }
    }

    /** {@code sum_i D_i x_ij^2} over a block. */
    private final class DiagonalPass implements RowBlocks.BlockTask {
        @Override
        public double run(long start, long end, MemorySegment partial) {
            for (long i = start; i < end; i++) {
                double di = weights.getAtIndex(D, i);
                long e = x.rowStart(i + 1);
                for (long k = x.rowStart(i), last = e + (ones ? 1 : 0); k < last; k++) {
                    int j = column(k, e);
                    double v = value(k, e);
                    partial.setAtIndex(D, j, Math.fma(di * v, v, partial.getAtIndex(D, j)));
                }
            }
            return 0;
        }
    }

    /**
     * {@code sum_i D_i x_i x_i^T} over a block, both triangles: each row adds its {@code nnz_i^2} products; with the
     * targets, the Gram of {@code [X y]} ({@code D = I}, order {@code d + 1}).
     */
    private final class GramPass implements RowBlocks.BlockTask {
        boolean withTargets;

        @Override
        public double run(long start, long end, MemorySegment partial) {
            int order = withTargets ? d + 1 : d;
            MemorySegment y = data.y().segment();
            for (long i = start; i < end; i++) {
                double di = withTargets ? 1.0 : weights.getAtIndex(D, i);
                double yi = withTargets ? y.getAtIndex(D, i) : 0.0;
                long s = x.rowStart(i);
                long e = x.rowStart(i + 1);
                long last = e + (ones ? 1 : 0);
                for (long a = s; a < last; a++) {
                    double va = di * value(a, e);
                    long row = (long) column(a, e) * order;
                    for (long b = s; b < last; b++) {
                        long at = row + column(b, e);
                        partial.setAtIndex(D, at, Math.fma(va, value(b, e), partial.getAtIndex(D, at)));
                    }
                    if (withTargets) {
                        long at = row + d;
                        partial.setAtIndex(D, at, Math.fma(va, yi, partial.getAtIndex(D, at)));
                    }
                }
                if (withTargets) {
                    long row = (long) d * order;
                    for (long b = s; b < last; b++) {
                        long at = row + column(b, e);
                        partial.setAtIndex(D, at, Math.fma(yi, value(b, e), partial.getAtIndex(D, at)));
                    }
                    partial.setAtIndex(D, row + d, Math.fma(yi, yi, partial.getAtIndex(D, row + d)));
                }
            }
            return 0;
        }
    }
}
