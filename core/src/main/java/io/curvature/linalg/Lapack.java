package io.curvature.linalg;

import java.lang.foreign.MemorySegment;

/**
 * The dense factorizations Curvature needs, LAPACK-style, on square row-major {@code n x n} matrices of
 * doubles in {@link MemorySegment}s (element offsets, leading dimension {@code lda >= n}).
 *
 * <p>Every call is checked before any work: shapes, leading dimensions, segment sizes, and NaN or
 * infinite entries in the input matrix (an {@link IllegalArgumentException} naming the argument or the
 * entry). A factorization that cannot be completed is a {@link LinearAlgebraException}:
 * {@link SingularMatrixException}, {@link NotPositiveDefiniteException} or
 * {@link EigenDecompositionException}. Symmetric routines read only the lower triangle (row-major).
 *
 * <p>Implementations: {@link JavaLapack} (pure Java, always present) and a native one over
 * LAPACKE/OpenBLAS in the {@code curvature-ffi-lapack} module; {@link LinearAlgebra#provider()} picks.
 * All are safe to call from many threads at once on different matrices.
 */
public interface Lapack {

    /** {@return a short name for reports, e.g. {@code "java"} or {@code "native (OpenBLAS 0.3.21)"}} */
    String name();

    /**
     * Symmetric eigendecomposition {@code A = U diag(w) U^T} ({@code dsyevd}). Eigenvalues ascending in
     * {@code w[0..n)}. With {@code vectors}, row {@code i} of {@code a} becomes the unit eigenvector of
     * {@code w[i]} (rows, so that {@code U^T g} is {@code n} contiguous dot products); without, {@code a}
     * is destroyed.
     *
     * @param vectors whether to compute the eigenvectors
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param w the {@code n} eigenvalues, ascending
     * @param wOff the first of them
     */
    void syevd(boolean vectors, int n, MemorySegment a, long aOff, int lda, MemorySegment w, long wOff);

    /**
     * LU factorization with partial (row) pivoting {@code P A = L U} ({@code dgetrf}); {@code ipiv} gets
     * {@code n} 1-based {@code int} row interchanges.
     *
     * @throws SingularMatrixException when a pivot is exactly zero (the factors are still written)
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param ipiv the {@code n} row interchanges ({@code int}s)
     * @param ipivOff the first of them
     */
    void getrf(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff);

    /**
     * The inverse from {@link #getrf}'s factors, in place ({@code dgetri}).
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param ipiv the row interchanges of {@link #getrf}
     * @param ipivOff the first of them
     */
    void getri(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff);

    /**
     * Cholesky factorization {@code A = L L^T} of a symmetric positive definite matrix ({@code dpotrf}):
     * {@code L} replaces the lower triangle; the strict upper triangle is not referenced.
     *
     * @throws NotPositiveDefiniteException naming the order of the failing leading minor
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     */
    void potrf(int n, MemorySegment a, long aOff, int lda);

    /**
     * Solves {@code A X = B} with {@link #potrf}'s factor ({@code dpotrs}); {@code B} is {@code n x nrhs}
     * row-major with leading dimension {@code ldb}, overwritten by {@code X}.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param nrhs the columns of {@code B}
     * @param b the right-hand sides, overwritten by the solutions
     * @param bOff the first element of {@code B}
     * @param ldb the leading dimension of {@code B}, {@code >= nrhs}
     */
    void potrs(int n, int nrhs, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb);

    /**
     * Estimate of the reciprocal 1-norm condition number {@code 1 / (||A||_1 ||A^-1||_1)} from
     * {@link #potrf}'s factor ({@code dpocon}); {@code anorm} is {@code ||A||_1} of the original matrix.
     *
     * @param n the order of {@code A}
     * @param a the matrix {@code A}
     * @param aOff its first element
     * @param lda its leading dimension, {@code >= n}
     * @param anorm {@code ||A||_1} of the original matrix
     * @return the reciprocal condition number estimate
     */
    double pocon(int n, MemorySegment a, long aOff, int lda, double anorm);
}
