package io.curvature.ffi;

import io.curvature.linalg.AbstractLapack;
import io.curvature.linalg.EigenDecompositionException;
import io.curvature.linalg.NotPositiveDefiniteException;
import io.curvature.linalg.SingularMatrixException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link io.curvature.linalg.Lapack} over LAPACKE (OpenBLAS), through FFM downcalls.
 *
 * <p>Arguments were checked by {@link AbstractLapack} before any call; after it, LAPACK's {@code info}
 * becomes an {@link IllegalArgumentException} naming the argument ({@code info < 0}) or a typed
 * exception ({@code info > 0}). Symmetric routines pass the row-major matrix as column-major with
 * {@code uplo = 'U'}: a row-major lower triangle is a column-major upper triangle, so no transposition
 * is needed (and the eigenvectors come out as rows). {@code dgetrf}/{@code dgetri} use LAPACKE's row-major
 * interface so the pivots mean row interchanges, as in {@link io.curvature.linalg.JavaLapack}.
 */
public final class NativeLapack extends AbstractLapack {

    private static final int ROW_MAJOR = 101;
    private static final int COL_MAJOR = 102;
    private static final byte UPPER = 'U';
    private static final int WORK_MEMORY_ERROR = -1010;
    private static final int TRANSPOSE_MEMORY_ERROR = -1011;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** The downcall handles: static final, created once when this class is first used. */
    private static final class Handles {
        static final MethodHandle DSYEVD = downcall("LAPACKE_dsyevd", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle DGETRF = downcall("LAPACKE_dgetrf", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        static final MethodHandle DGETRI = downcall("LAPACKE_dgetri", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS));
        static final MethodHandle DPOTRF = downcall("LAPACKE_dpotrf", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT));
        static final MethodHandle DPOTRS = downcall("LAPACKE_dpotrs", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        static final MethodHandle DPOCON = downcall("LAPACKE_dpocon", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_BYTE, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_DOUBLE, ValueLayout.ADDRESS));
    }

    static MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(NativeLibrary.load().symbol(symbol), descriptor);
    }

    /** Resolves every symbol now, so that a library without them fails here and not mid-run. */
    static void link() {
        MethodHandle[] all = {Handles.DSYEVD, Handles.DGETRF, Handles.DGETRI, Handles.DPOTRF, Handles.DPOTRS,
            Handles.DPOCON};
        for (MethodHandle h : all) {
            if (h == null) {
                throw new IllegalStateException("a LAPACKE symbol did not link");
            }
        }
    }

    @Override
    public String name() {
        return "native (" + NativeLibrary.openBlasConfig().map(c -> c.split(" ")[0] + " " + c.split(" ")[1])
                .orElse(String.join(", ", NativeLibrary.load().paths())) + ")";
    }

    private static long matrixBytes(int n, int lda) {
        return n == 0 ? 0 : ((long) (n - 1) * lda + n) * Double.BYTES;
    }

    @Override
    protected void syevdImpl(boolean vectors, int n, MemorySegment a, long aOff, int lda, MemorySegment w, long wOff) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            NativeArgs wm = NativeArgs.of(arena, w, wOff * Double.BYTES, (long) n * Double.BYTES, worker);
            byte jobz = (byte) (vectors ? 'V' : 'N');
            int info = NativeCalls.call(worker, "LAPACKE_dsyevd", () -> (int) Handles.DSYEVD.invokeExact(
                    COL_MAJOR, jobz, UPPER, n, am.address(), lda, wm.address()));
            check("LAPACKE_dsyevd", info, SYEVD_ARGS);
            if (info > 0) {
                throw new EigenDecompositionException("dsyevd", info, n);
            }
            am.copyBack();
            wm.copyBack();
        }
    }

    @Override
    protected void getrfImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            NativeArgs pm = NativeArgs.of(arena, ipiv, ipivOff * Integer.BYTES, (long) n * Integer.BYTES, worker);
            int info = NativeCalls.call(worker, "LAPACKE_dgetrf", () -> (int) Handles.DGETRF.invokeExact(
                    ROW_MAJOR, n, n, am.address(), lda, pm.address()));
            check("LAPACKE_dgetrf", info, GETRF_ARGS);
            am.copyBack();
            pm.copyBack();
            if (info > 0) {
                throw new SingularMatrixException("dgetrf", info, n);
            }
        }
    }

    @Override
    protected void getriImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            NativeArgs pm = NativeArgs.of(arena, ipiv, ipivOff * Integer.BYTES, (long) n * Integer.BYTES, worker);
            int info = NativeCalls.call(worker, "LAPACKE_dgetri", () -> (int) Handles.DGETRI.invokeExact(
                    ROW_MAJOR, n, am.address(), lda, pm.address()));
            check("LAPACKE_dgetri", info, GETRI_ARGS);
            if (info > 0) {
                throw new SingularMatrixException("dgetri", info, n);
            }
            am.copyBack();
        }
    }

    @Override
    protected void potrfImpl(int n, MemorySegment a, long aOff, int lda) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            int info = NativeCalls.call(worker, "LAPACKE_dpotrf", () -> (int) Handles.DPOTRF.invokeExact(
                    COL_MAJOR, UPPER, n, am.address(), lda));
            check("LAPACKE_dpotrf", info, POTRF_ARGS);
            if (info > 0) {
                throw new NotPositiveDefiniteException("dpotrf", info, n);
            }
            am.copyBack();
        }
    }

    @Override
    protected void potrsImpl(int n, int nrhs, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            // B is row-major n x nrhs; LAPACK wants column-major: copy it transposed (leading dimension n).
            MemorySegment bt = arena.allocate((long) n * nrhs * Double.BYTES, 64);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < nrhs; j++) {
                    bt.setAtIndex(D, (long) j * n + i, b.getAtIndex(D, bOff + (long) i * ldb + j));
                }
            }
            int info = NativeCalls.call(worker, "LAPACKE_dpotrs", () -> (int) Handles.DPOTRS.invokeExact(
                    COL_MAJOR, UPPER, n, nrhs, am.address(), lda, bt, n));
            check("LAPACKE_dpotrs", info, POTRS_ARGS);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < nrhs; j++) {
                    b.setAtIndex(D, bOff + (long) i * ldb + j, bt.getAtIndex(D, (long) j * n + i));
                }
            }
        }
    }

    @Override
    protected double poconImpl(int n, MemorySegment a, long aOff, int lda, double anorm) {
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            NativeArgs am = NativeArgs.of(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            MemorySegment rcond = arena.allocate(D);
            int info = NativeCalls.call(worker, "LAPACKE_dpocon", () -> (int) Handles.DPOCON.invokeExact(
                    COL_MAJOR, UPPER, n, am.address(), lda, anorm, rcond));
            check("LAPACKE_dpocon", info, POCON_ARGS);
            return rcond.get(D, 0);
        }
    }

    private static final String[] SYEVD_ARGS = {"matrix_layout", "jobz", "uplo", "n", "a", "lda", "w"};
    private static final String[] GETRF_ARGS = {"matrix_layout", "m", "n", "a", "lda", "ipiv"};
    private static final String[] GETRI_ARGS = {"matrix_layout", "n", "a", "lda", "ipiv"};
    private static final String[] POTRF_ARGS = {"matrix_layout", "uplo", "n", "a", "lda"};
    private static final String[] POTRS_ARGS = {"matrix_layout", "uplo", "n", "nrhs", "a", "lda", "b", "ldb"};
    private static final String[] POCON_ARGS = {"matrix_layout", "uplo", "n", "a", "lda", "anorm", "rcond"};

    /** Turns a negative {@code info} into an exception naming the argument (LAPACKE numbers them from 1). */
    static void check(String routine, int info, String[] names) {
        if (info == WORK_MEMORY_ERROR || info == TRANSPOSE_MEMORY_ERROR) {
            throw new OutOfMemoryError(routine + " could not allocate its native work space (info " + info + ")");
        }
        if (info < 0) {
            int arg = -info;
            String name = arg <= names.length ? " (" + names[arg - 1] + ")" : "";
            throw new IllegalArgumentException(routine + ": argument " + arg + name + " had an illegal value");
        }
    }
}
