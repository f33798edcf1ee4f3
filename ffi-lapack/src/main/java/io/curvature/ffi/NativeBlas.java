package io.curvature.ffi;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CBLAS routines Curvature compares with its own kernels, and OpenBLAS's thread control. Raw
 * bindings for the checked callers in this module ({@link NativeGram}); every pointer passed must be
 * native memory of the right size, which those callers guarantee.
 */
public final class NativeBlas {

    static final int ROW_MAJOR = 101;
    static final int NO_TRANS = 111;
    static final int TRANS = 112;
    static final int LOWER = 122;

    private static final class Handles {
        static final MethodHandle DSYRK = NativeLapack.downcall("cblas_dsyrk", FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle DGEMM = NativeLapack.downcall("cblas_dgemm", FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle DGEMV = NativeLapack.downcall("cblas_dgemv", FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle SET_THREADS = NativeLibrary.load().lookup().orElseThrow()
                .find("openblas_set_num_threads")
                .map(s -> java.lang.foreign.Linker.nativeLinker().downcallHandle(s,
                        FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)))
                .orElse(null);
    }

    /** Apart from the double-precision handles: a library without it loses the single-precision Gram only. */
    private static final class SingleHandles {
        static final MethodHandle SSYRK = NativeLibrary.load().lookup().orElseThrow().find("cblas_ssyrk")
                .map(s -> java.lang.foreign.Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.ofVoid(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_FLOAT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)))
                .orElse(null);
    }

    private NativeBlas() {
    }

    /** {@code C(lower) = alpha A^T A + beta C}, {@code A} row-major {@code k x n} (lda), {@code C} {@code n x n} (ldc). */
    static void dsyrkTransLower(int n, int k, double alpha, MemorySegment a, int lda, double beta, MemorySegment c, int ldc) {
        try {
            Handles.DSYRK.invokeExact(ROW_MAJOR, LOWER, TRANS, n, k, alpha, a, lda, beta, c, ldc);
        } catch (Throwable t) {
            throw rethrow("cblas_dsyrk", t);
        }
    }

    /** {@code C(lower) = A^T A} in single precision, {@code A} row-major {@code k x n} (lda), {@code C} {@code n x n} (ldc). */
    static void ssyrkTransLower(int n, int k, MemorySegment a, int lda, MemorySegment c, int ldc) {
        try {
            SingleHandles.SSYRK.invokeExact(ROW_MAJOR, LOWER, TRANS, n, k, 1.0f, a, lda, 0.0f, c, ldc);
        } catch (Throwable t) {
            throw rethrow("cblas_ssyrk", t);
        }
    }

    /** {@code C = alpha A^T B + beta C}, {@code A} and {@code B} row-major {@code k x n}, {@code C} {@code n x n}. */
    static void dgemmTransNo(int n, int k, double alpha, MemorySegment a, int lda, MemorySegment b, int ldb, double beta,
                             MemorySegment c, int ldc) {
        try {
            Handles.DGEMM.invokeExact(ROW_MAJOR, TRANS, NO_TRANS, n, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw rethrow("cblas_dgemm", t);
        }
    }

    /** {@code y = A x}, {@code A} row-major {@code m x n} (lda). */
    static void dgemv(int m, int n, MemorySegment a, int lda, MemorySegment x, MemorySegment y) {
        try {
            Handles.DGEMV.invokeExact(ROW_MAJOR, NO_TRANS, m, n, 1.0, a, lda, x, 1, 0.0, y, 1);
        } catch (Throwable t) {
            throw rethrow("cblas_dgemv", t);
        }
    }

    /** {@return whether the library has {@code cblas_ssyrk}} */
    static boolean hasSingleSyrk() {
        return SingleHandles.SSYRK != null;
    }

    /**
     * Sets OpenBLAS's thread count (global to the process); false if the library lacks the call.
     *
     * @param threads {@code >= 1}
     * @return whether the library has the call
     */
    public static boolean setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (Handles.SET_THREADS == null) {
            return false;
        }
        try {
            Handles.SET_THREADS.invokeExact(threads);
            return true;
        } catch (Throwable t) {
            throw rethrow("openblas_set_num_threads", t);
        }
    }

    private static RuntimeException rethrow(String routine, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(routine + " call failed", t);
    }
}
