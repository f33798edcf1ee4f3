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

    /** Rows per scaled chunk: large enough for dsyrk to run at speed, small enough to stay in L2/L3. */
    static final int CHUNK_ROWS = 4096;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private NativeGram() {
    }

    /**
     * {@code out = X^T D X} ({@code d x d}, leading dimension {@code d}).
     *
     * @param weights {@code n} weights, or {@code null} for {@code D = I}
     */
    public static void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff) {
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
        if (d == 0) {
            return;
        }
        // BLAS level 3 may run OpenBLAS's threaded driver at any size: always on a big-stack worker,
        // with memory every thread can use (see NativeCalls).
        try (Arena arena = Arena.ofShared()) {
            MemorySegment c = NativeArgs.pass(arena, out, outOff * Double.BYTES, (long) d * d * Double.BYTES, true);
            if (n == 0) {
                c.fill((byte) 0);
            } else if (weights == null && n <= Integer.MAX_VALUE && !NativeCalls.needsCopy(x.segment(), true)) {
                MemorySegment xs = x.segment().asSlice(x.offset() * Double.BYTES);
                NativeCalls.call(true, "cblas_dsyrk", () -> {
                    NativeBlas.dsyrkTransLower(d, (int) n, 1.0, xs, x.ld(), 0.0, c, d);
                    return 0;
                });
            } else {
                accumulateChunks(x, weights, weightsOff, c, arena);
            }
            mirrorLower(d, c);
            NativeArgs.copyBack(c, out, outOff * Double.BYTES, (long) d * d * Double.BYTES, true);
        }
    }

    private static void accumulateChunks(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment c,
                                         Arena arena) {
        int d = x.cols();
        long n = x.rows();
        boolean negative = false;
        for (long i = 0; weights != null && i < n && !negative; i++) {
            negative = weights.getAtIndex(D, weightsOff + i) < 0;
        }
        int chunk = (int) Math.min(CHUNK_ROWS, n);
        MemorySegment scaled = arena.allocate((long) chunk * d * Double.BYTES, 64);
        MemorySegment plain = negative ? arena.allocate((long) chunk * d * Double.BYTES, 64) : null;
        for (long r = 0; r < n; r += chunk) {
            int rows = (int) Math.min(chunk, n - r);
            for (int i = 0; i < rows; i++) {
                double di = weights == null ? 1.0 : weights.getAtIndex(D, weightsOff + r + i);
                double s = negative ? di : Math.sqrt(di);
                long src = x.rowStart(r + i);
                long dst = (long) i * d;
                for (int j = 0; j < d; j++) {
                    double v = x.segment().getAtIndex(D, src + j);
                    scaled.setAtIndex(D, dst + j, s * v);
                    if (negative) {
                        plain.setAtIndex(D, dst + j, v);
                    }
                }
            }
            double beta = r == 0 ? 0.0 : 1.0;
            boolean withDgemm = negative;
            NativeCalls.call(true, withDgemm ? "cblas_dgemm" : "cblas_dsyrk", () -> {
                if (withDgemm) {
                    NativeBlas.dgemmTransNo(d, rows, 1.0, plain, d, scaled, d, beta, c, d);
                } else {
                    NativeBlas.dsyrkTransLower(d, rows, 1.0, scaled, d, beta, c, d);
                }
                return 0;
            });
        }
    }

    private static void mirrorLower(int d, MemorySegment c) {
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                c.setAtIndex(D, (long) i * d + j, c.getAtIndex(D, (long) j * d + i));
            }
        }
    }
}
