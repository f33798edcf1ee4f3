package io.curvature.linalg;

/** LU factorization found an exactly zero pivot: the matrix is singular (LAPACK {@code dgetrf info > 0}). */
public final class SingularMatrixException extends LinearAlgebraException {

    private static final long serialVersionUID = 1L;

    /** The 1-based index of the zero pivot. */
    private final int pivot;

    /**
     * An LU factorization that met a zero pivot.
     *
     * @param routine the routine that failed, e.g. {@code dgetrf}
     * @param pivot   the 1-based index of the zero pivot {@code U(pivot, pivot)}
     * @param n       the order of the matrix
     */
    public SingularMatrixException(String routine, int pivot, int n) {
        super(routine + ": the " + n + "x" + n + " matrix is singular: U(" + pivot + "," + pivot + ") is exactly zero");
        this.pivot = pivot;
    }

    /** {@return the 1-based index of the zero pivot} */
    public int pivot() {
        return pivot;
    }
}
