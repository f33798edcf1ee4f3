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

    /** Bindings to the loaded library; every call fails with a message when it did not load. */
    public NativeLapack() {
    }

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
        try (Arena arena = NativeCalls.arenaFor(worker, a, w)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            MemorySegment wm = NativeArgs.pass(arena, w, wOff * Double.BYTES, (long) n * Double.BYTES, worker);
            byte jobz = (byte) (vectors ? 'V' : 'N');
            int info = call(worker, Routine.SYEVD, n, 0, jobz, am, lda, wm, 0, 0);
            if (info > 0) {
                throw new EigenDecompositionException("dsyevd", info, n);
            }
            NativeArgs.copyBack(am, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            NativeArgs.copyBack(wm, w, wOff * Double.BYTES, (long) n * Double.BYTES, worker);
        }
    }

    @Override
    protected void getrfImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker, a, ipiv)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            MemorySegment pm = NativeArgs.pass(arena, ipiv, ipivOff * Integer.BYTES, (long) n * Integer.BYTES, worker);
            int info = call(worker, Routine.GETRF, n, 0, NO_JOB, am, lda, pm, 0, 0);
            NativeArgs.copyBack(am, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            NativeArgs.copyBack(pm, ipiv, ipivOff * Integer.BYTES, (long) n * Integer.BYTES, worker);
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
        try (Arena arena = NativeCalls.arenaFor(worker, a, ipiv)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            MemorySegment pm = NativeArgs.pass(arena, ipiv, ipivOff * Integer.BYTES, (long) n * Integer.BYTES, worker);
            int info = call(worker, Routine.GETRI, n, 0, NO_JOB, am, lda, pm, 0, 0);
            if (info > 0) {
                throw new SingularMatrixException("dgetri", info, n);
            }
            NativeArgs.copyBack(am, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
        }
    }

    @Override
    protected void potrfImpl(int n, MemorySegment a, long aOff, int lda) {
        if (n == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        try (Arena arena = NativeCalls.arenaFor(worker, a, null)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            int info = call(worker, Routine.POTRF, n, 0, NO_JOB, am, lda, null, 0, 0);
            if (info > 0) {
                throw new NotPositiveDefiniteException("dpotrf", info, n);
            }
            NativeArgs.copyBack(am, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
        }
    }

    @Override
    protected void potrsImpl(int n, int nrhs, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return;
        }
        boolean worker = NativeCalls.onWorker(n);
        if (nrhs == 1 && ldb == 1) {
            // One contiguous right-hand side: row-major n x 1 and column-major n x 1 are the same memory.
            try (Arena arena = NativeCalls.arenaFor(worker, a, b)) {
                MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
                MemorySegment bm = NativeArgs.pass(arena, b, bOff * Double.BYTES, (long) n * Double.BYTES, worker);
                call(worker, Routine.POTRS, n, 1, NO_JOB, am, lda, bm, n, 0);
                NativeArgs.copyBack(bm, b, bOff * Double.BYTES, (long) n * Double.BYTES, worker);
            }
            return;
        }
        try (Arena arena = NativeCalls.arenaFor(worker)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            // B is row-major n x nrhs; LAPACK wants column-major: copy it transposed (leading dimension n).
            MemorySegment bt = arena.allocate((long) n * nrhs * Double.BYTES, 64);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < nrhs; j++) {
                    bt.setAtIndex(D, (long) j * n + i, b.getAtIndex(D, bOff + (long) i * ldb + j));
                }
            }
            call(worker, Routine.POTRS, n, nrhs, NO_JOB, am, lda, bt, n, 0);
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
        try (Arena arena = NativeCalls.arenaFor(worker, a, null)) {
            MemorySegment am = NativeArgs.pass(arena, a, aOff * Double.BYTES, matrixBytes(n, lda), worker);
            LapackCall c = CALLS.get();
            call(worker, Routine.POCON, n, 0, NO_JOB, am, lda, c.rcond, 0, anorm);
            return c.rcond.get(D, 0);
        }
    }

    /** Makes one LAPACKE call with the thread's reusable {@link LapackCall}; checks {@code info < 0}. */
    private static int call(boolean worker, Routine routine, int n, int nrhs, byte jobz, MemorySegment a, int lda,
                            MemorySegment b, int ldb, double anorm) {
        LapackCall c = CALLS.get();
        c.set(routine, n, nrhs, jobz, a, lda, b, ldb, anorm);
        try {
            int info = NativeCalls.call(worker, routine.symbol, c);
            check(routine.symbol, info, routine.argumentNames);
            return info;
        } finally {
            c.clear();
        }
    }

    private static final byte NO_JOB = 0;

    /** The LAPACKE routines bound here, with their argument names for error messages. */
    private enum Routine {
        SYEVD("LAPACKE_dsyevd", "matrix_layout", "jobz", "uplo", "n", "a", "lda", "w"),
        GETRF("LAPACKE_dgetrf", "matrix_layout", "m", "n", "a", "lda", "ipiv"),
        GETRI("LAPACKE_dgetri", "matrix_layout", "n", "a", "lda", "ipiv"),
        POTRF("LAPACKE_dpotrf", "matrix_layout", "uplo", "n", "a", "lda"),
        POTRS("LAPACKE_dpotrs", "matrix_layout", "uplo", "n", "nrhs", "a", "lda", "b", "ldb"),
        POCON("LAPACKE_dpocon", "matrix_layout", "uplo", "n", "a", "lda", "anorm", "rcond");

        final String symbol;
        final String[] argumentNames;

        Routine(String symbol, String... argumentNames) {
            this.symbol = symbol;
            this.argumentNames = argumentNames;
        }
    }

    /**
     * One call's arguments, per thread and reused, so that a call allocates nothing (a lambda capturing them
     * would be a new object per call). {@code b} is {@code w}, {@code ipiv}, the right-hand sides or
     * {@code rcond}, by routine. {@code rcond} is the thread's own 8 bytes of native memory for dpocon.
     */
    private static final class LapackCall implements NativeCalls.Call {
        private final MemorySegment rcond = Arena.ofAuto().allocate(D);
        private Routine routine;
        private int n;
        private int nrhs;
        private byte jobz;
        private MemorySegment a;
        private int lda;
        private MemorySegment b;
        private int ldb;
        private double anorm;

        void set(Routine r, int order, int rhs, byte job, MemorySegment as, int la, MemorySegment bs, int lb,
                 double norm) {
            routine = r;
            n = order;
            nrhs = rhs;
            jobz = job;
            a = as;
            lda = la;
            b = bs;
            ldb = lb;
            anorm = norm;
        }

        void clear() {
            a = null;
            b = null;
        }

        @Override
        public int invoke() throws Throwable {
            return switch (routine) {
                case SYEVD -> (int) Handles.DSYEVD.invokeExact(COL_MAJOR, jobz, UPPER, n, a, lda, b);
                case GETRF -> (int) Handles.DGETRF.invokeExact(ROW_MAJOR, n, n, a, lda, b);
                case GETRI -> (int) Handles.DGETRI.invokeExact(ROW_MAJOR, n, a, lda, b);
                case POTRF -> (int) Handles.DPOTRF.invokeExact(COL_MAJOR, UPPER, n, a, lda);
                case POTRS -> (int) Handles.DPOTRS.invokeExact(COL_MAJOR, UPPER, n, nrhs, a, lda, b, ldb);
                case POCON -> (int) Handles.DPOCON.invokeExact(COL_MAJOR, UPPER, n, a, lda, anorm, b);
            };
        }
    }

    private static final ThreadLocal<LapackCall> CALLS = ThreadLocal.withInitial(LapackCall::new);


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
