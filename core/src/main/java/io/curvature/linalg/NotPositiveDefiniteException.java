package io.curvature.linalg;

/** Cholesky factorization failed: the matrix is not positive definite (LAPACK {@code dpotrf info > 0}). */
public final class NotPositiveDefiniteException extends LinearAlgebraException {

    private static final long serialVersionUID = 1L;

    /** The order of the leading minor that is not positive definite. */
    private final int order;

    /**
     * A Cholesky factorization that met a non-positive pivot.
     *
     * @param routine the routine that failed, e.g. {@code dpotrf}
     * @param order   the order of the leading minor that is not positive definite (1-based)
     * @param n       the order of the matrix
     */
    public NotPositiveDefiniteException(String routine, int order, int n) {
        super(routine + ": the " + n + "x" + n + " matrix is not positive definite: its leading minor of order "
                + order + " is not");
        this.order = order;
    }

    /** {@return the order of the first leading minor that is not positive definite} */
    public int order() {
        return order;
    }
}
