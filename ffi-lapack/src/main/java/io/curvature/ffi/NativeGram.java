package io.curvature.ffi;

import io.curvature.kernel.MatrixView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The Gram-matrix Hessian {@code X^T D X} through OpenBLAS, with the contract of
 * {@link io.curvature.kernel.Kernels#gram}: rows are taken in chunks, scaled by {@code sqrt(D_i)} into
 * native scratch, and accumulated with {@code cblas_dsyrk}; when some {@code D_i < 0} (no square root),
 * {@code cblas_dgemm} of {@code X^T (D X)} instead. With {@code D = I} and a native, densely packed
 * {@code X}, one {@code dsyrk} on {@code X} itself. The lower triangle is computed, then mirrored.
 */
public final class NativeGram {

    /** Rows per scaled chunk at most: large enough for dsyrk to run at speed, small enough for L2/L3. */
    static final int CHUNK_ROWS = 4096;
    /** Doubles per chunk buffer at most (8 MiB): each calling thread keeps its buffers for the next call. */
    static final int CHUNK_DOUBLES = 1 << 20;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT;

    private NativeGram() {
    }

    /**
     * {@code out = X^T D X} ({@code d x d}, leading dimension {@code d}).
     *
     * @param weights {@code n} weights, or {@code null} for {@code D = I}
     * @param x the rows
     * @param weightsOff element offset of the first weight
     * @param out the result
     * @param outOff element offset of the result
     */
    public static void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff) {
        int d = x.cols();
        long n = x.rows();
        checkArguments(x, weights, weightsOff, out, outOff);
        if (d == 0) {
            return;
        }
        // BLAS level 3 may run OpenBLAS's threaded driver at any size: always on a big-stack worker,
        // with memory every thread can use (see NativeCalls).
        try (Arena arena = NativeCalls.arenaFor(true, out, null)) {
            long outBytes = (long) d * d * Double.BYTES;
            MemorySegment c = NativeArgs.pass(arena, out, outOff * Double.BYTES, outBytes, true);
            if (n == 0) {
                c.fill((byte) 0);
            } else if (weights == null && !x.onesColumn() && n <= Integer.MAX_VALUE
                    && !NativeCalls.needsCopy(x.segment(), true)) {
                MemorySegment xs = x.offset() == 0 ? x.segment() : x.segment().asSlice(x.offset() * Double.BYTES);
                syrkOrGemm(false, d, (int) n, xs, x.ld(), null, 0.0, c);
            } else {
                accumulateChunks(x, weights, weightsOff, c);
            }
            mirrorLower(d, c);
            NativeArgs.copyBack(c, out, outOff * Double.BYTES, outBytes, true);
        }
    }

    /**
     * {@code out = X^T D X} ({@code d x d}, leading dimension {@code d}) with the products in single precision
     * (docs/math.md 2.2): each chunk of rows is scaled by {@code sqrt(D_i)} in double, rounded to float and
     * multiplied by {@code cblas_ssyrk}, and the chunks' float results are summed in double. Twice the rate of
     * {@link #gram}, with relative errors near {@code 1e-7} per entry instead of {@code 1e-16}: a Hessian for an
     * inexact Newton step, whose gradient stays exact. With a negative weight (no square root), {@link #gram}.
     *
     * @param weights {@code n} weights, or {@code null} for {@code D = I}
     * @param x the rows
     * @param weightsOff element offset of the first weight
     * @param out the result
     * @param outOff element offset of the result
     * @throws UnsupportedOperationException if the library has no {@code cblas_ssyrk} (see {@link #hasSinglePrecision})
     */
    public static void gramSingle(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff) {
        int d = x.cols();
        long n = x.rows();
        checkArguments(x, weights, weightsOff, out, outOff);
        if (!hasSinglePrecision()) {
            throw new UnsupportedOperationException("the BLAS library has no cblas_ssyrk");
        }
        for (long i = 0; weights != null && i < n; i++) {
            if (weights.getAtIndex(D, weightsOff + i) < 0) {
                gram(x, weights, weightsOff, out, outOff);
                return;
            }
        }
        if (d == 0) {
            return;
        }
        int chunk = (int) Math.max(1, Math.min(chunkRows(d), n));
        GramCall call = CALLS.get();
        SingleBuffers buf = SINGLE.get();
        buf.ensure(d);
        MemorySegment single = call.scaled((long) chunk * d); // floats: half of the doubles' buffer
        MemorySegment cf = call.plain((long) d * d);
        double[] acc = buf.acc;
        java.util.Arrays.fill(acc, 0, d * d, 0.0);
        for (long r = 0; r < n; r += chunk) {
            int rows = (int) Math.min(chunk, n - r);
            for (int i = 0; i < rows; i++) {
                int stored = x.storedCols();
                MemorySegment.copy(x.segment(), D, x.rowStart(r + i) * Double.BYTES, buf.row, 0, stored);
                if (x.onesColumn()) {
                    buf.row[stored] = 1.0;
                }
                double s = weights == null ? 1.0 : Math.sqrt(weights.getAtIndex(D, weightsOff + r + i));
                for (int j = 0; j < d; j++) {
                    buf.rowSingle[j] = (float) (s * buf.row[j]);
                }
                MemorySegment.copy(buf.rowSingle, 0, single, F, (long) i * d * Float.BYTES, d);
            }
            call.setSingle(d, rows, single, cf);
            try {
                NativeCalls.call(true, "cblas_ssyrk", call);
            } finally {
                call.clear();
            }
            MemorySegment.copy(cf, F, 0, buf.chunkResult, 0, d * d);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    acc[a * d + b] += buf.chunkResult[a * d + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                acc[a * d + b] = acc[b * d + a];
            }
        }
        MemorySegment.copy(acc, 0, out, D, outOff * Double.BYTES, d * d);
    }

    /** {@return whether {@link #gramSingle} can run: the library has {@code cblas_ssyrk}} */
    public static boolean hasSinglePrecision() {
        return NativeBlas.hasSingleSyrk();
    }

    /** A thread's heap buffers for {@link #gramSingle}: one row in double and float, a chunk's result, the sum. */
    private static final class SingleBuffers {
        double[] row = new double[0];
        float[] rowSingle = new float[0];
        float[] chunkResult = new float[0];
        double[] acc = new double[0];

        void ensure(int d) {
            if (row.length < d) {
                row = new double[d];
                rowSingle = new float[d];
            }
            if (acc.length < d * d) {
                chunkResult = new float[d * d];
                acc = new double[d * d];
            }
        }
    }

    private static final ThreadLocal<SingleBuffers> SINGLE = ThreadLocal.withInitial(SingleBuffers::new);

    private static void checkArguments(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out,
                                       long outOff) {
        int d = x.cols();
        long n = x.rows();
        if (weights != null && (weightsOff < 0 || (weightsOff + n) * Double.BYTES > weights.byteSize())) {
            throw new IllegalArgumentException("weights: " + n + " elements at offset " + weightsOff
                    + " do not fit the segment of " + weights.byteSize() + " bytes");
        }
        if (outOff < 0 || (outOff + (long) d * d) * Double.BYTES > out.byteSize()) {
            throw new IllegalArgumentException("out: " + (long) d * d + " elements at offset " + outOff
                    + " do not fit the segment of " + out.byteSize() + " bytes");
        }
    }

    /** Rows per chunk for {@code d} columns: at most {@link #CHUNK_DOUBLES} doubles, 256 to 4096 rows. */
    static int chunkRows(int d) {
        return Math.max(256, Math.min(CHUNK_ROWS, CHUNK_DOUBLES / d));
    }

    private static void accumulateChunks(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment c) {
        int d = x.cols();
        long n = x.rows();
        boolean negative = false;
        for (long i = 0; weights != null && i < n && !negative; i++) {
            negative = weights.getAtIndex(D, weightsOff + i) < 0;
        }
        int chunk = (int) Math.min(chunkRows(d), n);
        int stored = x.storedCols();
        GramCall call = CALLS.get();
        MemorySegment scaled = call.scaled((long) chunk * d);
        MemorySegment plain = negative ? call.plain((long) chunk * d) : null;
        for (long r = 0; r < n; r += chunk) {
            int rows = (int) Math.min(chunk, n - r);
            for (int i = 0; i < rows; i++) {
                double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + r + i);
                double s = negative ? di : Math.sqrt(di);
                long src = x.rowStart(r + i);
                long dst = (long) i * d;
                for (int j = 0; j < d; j++) {
                    double v = j < stored ? x.segment().getAtIndex(D, src + j) : 1.0; // past them: the column of ones
                    scaled.setAtIndex(D, dst + j, s * v);
                    if (negative) {
                        plain.setAtIndex(D, dst + j, v);
                    }
                }
            }
            syrkOrGemm(negative, d, rows, scaled, d, plain, r == 0 ? 0.0 : 1.0, c);
        }
    }

    /** {@code c = A^T A + beta c} (dsyrk, lower), or {@code c = B^T A + beta c} (dgemm), on a native worker. */
    private static void syrkOrGemm(boolean gemm, int d, int rows, MemorySegment a, int lda, MemorySegment b,
                                   double beta, MemorySegment c) {
        GramCall call = CALLS.get();
        call.set(gemm, d, rows, a, lda, b, beta, c);
        try {
            NativeCalls.call(true, gemm ? "cblas_dgemm" : "cblas_dsyrk", call);
        } finally {
            call.clear();
        }
    }

    /**
     * One BLAS call's arguments and the thread's chunk buffers (auto arena: usable by the workers), reused
     * from call to call so that a Gram allocates nothing on or off the heap once the buffers have grown.
     */
    private static final class GramCall implements NativeCalls.Call {
        private MemorySegment scaled = MemorySegment.NULL;
        private MemorySegment plain = MemorySegment.NULL;
        private boolean gemm;
        private boolean single;
        private int d;
        private int rows;
        private MemorySegment a;
        private int lda;
        private MemorySegment b;
        private double beta;
        private MemorySegment c;

        MemorySegment scaled(long doubles) {
            if (scaled.byteSize() < doubles * Double.BYTES) {
                scaled = Arena.ofAuto().allocate(doubles * Double.BYTES, 64);
            }
            return scaled;
        }

        MemorySegment plain(long doubles) {
            if (plain.byteSize() < doubles * Double.BYTES) {
                plain = Arena.ofAuto().allocate(doubles * Double.BYTES, 64);
            }
            return plain;
        }

        void set(boolean useGemm, int order, int k, MemorySegment as, int la, MemorySegment bs, double bt,
                 MemorySegment cs) {
            gemm = useGemm;
            d = order;
            rows = k;
            a = as;
            lda = la;
            b = bs;
            beta = bt;
            c = cs;
        }

        /** {@code c = a^T a} in single precision ({@code rows x order} floats, {@code c} {@code order x order}). */
        void setSingle(int order, int k, MemorySegment as, MemorySegment cs) {
            set(false, order, k, as, order, null, 0.0, cs);
            single = true;
        }

        void clear() {
            single = false;
            a = null;
            b = null;
            c = null;
        }

        @Override
        public int invoke() {
            if (single) {
                NativeBlas.ssyrkTransLower(d, rows, a, lda, c, d);
            } else if (gemm) {
                NativeBlas.dgemmTransNo(d, rows, 1.0, b, d, a, lda, beta, c, d);
            } else {
                NativeBlas.dsyrkTransLower(d, rows, 1.0, a, lda, beta, c, d);
            }
            return 0;
        }
    }

    private static final ThreadLocal<GramCall> CALLS = ThreadLocal.withInitial(GramCall::new);

    private static void mirrorLower(int d, MemorySegment c) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                c.setAtIndex(D, (long) i * d + j, c.getAtIndex(D, (long) j * d + i));
            }
        }
    }
}
