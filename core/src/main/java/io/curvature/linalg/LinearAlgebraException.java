package io.curvature.linalg;

/** A factorization that cannot be completed for the given matrix (LAPACK {@code info > 0}). */
public abstract sealed class LinearAlgebraException extends ArithmeticException
        permits SingularMatrixException, NotPositiveDefiniteException, EigenDecompositionException {

    private static final long serialVersionUID = 1L;

    LinearAlgebraException(String message) {
        super(message);
    }
}
