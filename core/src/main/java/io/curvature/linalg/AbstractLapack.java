package io.curvature.linalg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Argument checks for every {@link Lapack}, in one place; implementations only compute. A call that
 * fails a check never reaches the computation (or native code).
 */
public abstract class AbstractLapack implements Lapack {

    /** For implementations, which supply the unchecked routines. */
    protected AbstractLapack() {
    }

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /**
     * {@link Lapack#syevd} after the checks: every argument is valid here.
     *
     * @param vectors whether to compute the eigenvectors
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @param w the eigenvalues
     * @param wOff the first of them
     * @see Lapack
     */
    protected abstract void syevdImpl(boolean vectors, int n, MemorySegment a, long aOff, int lda,
                                      MemorySegment w, long wOff);

    /**
     * {@link Lapack#getrf} after the checks: every argument is valid here.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @param ipiv the row interchanges
     * @param ipivOff the first of them
     * @see Lapack
     */
    protected abstract void getrfImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff);

    /**
     * {@link Lapack#getri} after the checks: every argument is valid here.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @param ipiv the row interchanges of {@code getrf}
     * @param ipivOff the first of them
     * @see Lapack
     */
    protected abstract void getriImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff);

    /**
     * {@link Lapack#potrf} after the checks: every argument is valid here.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @see Lapack
     */
    protected abstract void potrfImpl(int n, MemorySegment a, long aOff, int lda);

    /**
     * {@link Lapack#potrs} after the checks: every argument is valid here.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @param nrhs the columns of {@code B}
     * @param b the right-hand sides
     * @param bOff the first element of {@code B}
     * @param ldb the leading dimension of {@code B}
     * @see Lapack
     */
    protected abstract void potrsImpl(int n, int nrhs, MemorySegment a, long aOff, int lda,
                                      MemorySegment b, long bOff, int ldb);

    /**
     * {@link Lapack#pocon} after the checks: every argument is valid here.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension
     * @param anorm {@code ||A||_1} of the original matrix
     * @return the reciprocal condition number estimate
     * @see Lapack
     */
    protected abstract double poconImpl(int n, MemorySegment a, long aOff, int lda, double anorm);

    @Override
    public final void syevd(boolean vectors, int n, MemorySegment a, long aOff, int lda, MemorySegment w, long wOff) {
        checkSquare("dsyevd", n, a, aOff, lda, true);
        checkDoubles("dsyevd", "w", w, wOff, n);
        syevdImpl(vectors, n, a, aOff, lda, w, wOff);
    }

    @Override
    public final void getrf(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        checkSquare("dgetrf", n, a, aOff, lda, false);
        checkInts("dgetrf", ipiv, ipivOff, n);
        getrfImpl(n, a, aOff, lda, ipiv, ipivOff);
    }

    @Override
    public final void getri(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        checkSquare("dgetri", n, a, aOff, lda, false);
        checkInts("dgetri", ipiv, ipivOff, n);
        for (int i = 0; i < n; i++) {
            int p = ipiv.getAtIndex(ValueLayout.JAVA_INT, ipivOff + i);
            if (p < i + 1 || p > n) {
                throw new IllegalArgumentException("dgetri: ipiv[" + i + "] = " + p + " is not a pivot from dgetrf (must be in "
                        + (i + 1) + ".." + n + ")");
            }
        }
        getriImpl(n, a, aOff, lda, ipiv, ipivOff);
    }

    @Override
    public final void potrf(int n, MemorySegment a, long aOff, int lda) {
        checkSquare("dpotrf", n, a, aOff, lda, true);
        potrfImpl(n, a, aOff, lda);
    }

    @Override
    public final void potrs(int n, int nrhs, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        checkSquare("dpotrs", n, a, aOff, lda, true);
        if (nrhs < 0) {
            throw new IllegalArgumentException("dpotrs: negative nrhs " + nrhs);
        }
        if (ldb < Math.max(1, nrhs)) {
            throw new IllegalArgumentException("dpotrs: ldb " + ldb + " is smaller than nrhs " + nrhs);
        }
        if (n > 0 && nrhs > 0) {
            checkDoubles("dpotrs", "B", b, bOff, (long) (n - 1) * ldb + nrhs);
        }
        potrsImpl(n, nrhs, a, aOff, lda, b, bOff, ldb);
    }

    @Override
    public final double pocon(int n, MemorySegment a, long aOff, int lda, double anorm) {
        checkSquare("dpocon", n, a, aOff, lda, true);
        if (!(anorm >= 0) || Double.isInfinite(anorm)) {
            throw new IllegalArgumentException("dpocon: anorm must be finite and >= 0, got " + anorm);
        }
        return poconImpl(n, a, aOff, lda, anorm);
    }

    /**
     * The 1-norm (largest absolute column sum) of a symmetric matrix given by its lower triangle.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @return {@code ||A||_1}
     */
    public static double symmetricNorm1(int n, MemorySegment a, long aOff, int lda) {
        double max = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(i >= j ? a.getAtIndex(D, aOff + (long) i * lda + j) : a.getAtIndex(D, aOff + (long) j * lda + i));
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    // ---- checks ----

    /** Shape, size and finiteness of the matrix argument ({@code lower}: only the lower triangle is read). */
    static void checkSquare(String routine, int n, MemorySegment a, long aOff, int lda, boolean lower) {
        if (n < 0) {
            throw new IllegalArgumentException(routine + ": negative order n = " + n);
        }
        if (lda < Math.max(1, n)) {
            throw new IllegalArgumentException(routine + ": lda " + lda + " is smaller than n = " + n);
        }
        if (n == 0) {
            return;
        }
        checkDoubles(routine, "A", a, aOff, (long) (n - 1) * lda + n);
        for (int i = 0; i < n; i++) {
            int cols = lower ? i + 1 : n;
            long row = aOff + (long) i * lda;
            for (int j = 0; j < cols; j++) {
                double v = a.getAtIndex(D, row + j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(routine + ": A(" + i + "," + j + ") is " + v
                            + " (the matrix must be finite)");
                }
            }
        }
    }

    static void checkDoubles(String routine, String name, MemorySegment s, long off, long count) {
        checkBytes(routine, name, s, off, count, Double.BYTES);
    }

    static void checkInts(String routine, MemorySegment s, long off, long count) {
        checkBytes(routine, "ipiv", s, off, count, Integer.BYTES);
    }

    private static void checkBytes(String routine, String name, MemorySegment s, long off, long count, int size) {
        if (s == null) {
            throw new IllegalArgumentException(routine + ": " + name + " is null");
        }
        if (off < 0) {
            throw new IllegalArgumentException(routine + ": negative offset " + off + " of " + name);
        }
        if (count > 0 && (off + count) * size > s.byteSize()) {
            throw new IllegalArgumentException(routine + ": " + name + " needs " + (off + count) * size
                    + " bytes from offset " + off + ", the segment has " + s.byteSize());
        }
    }
}
