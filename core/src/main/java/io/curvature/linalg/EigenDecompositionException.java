package io.curvature.linalg;

/** The symmetric eigensolver did not converge (LAPACK {@code dsyevd info > 0}). */
public final class EigenDecompositionException extends LinearAlgebraException {

    private static final long serialVersionUID = 1L;

    /** LAPACK's {@code info}. */
    private final int info;

    /**
     * An eigendecomposition that did not converge.
     *
     * @param routine the routine that failed
     * @param info    LAPACK's {@code info} (how many off-diagonal elements did not converge, or which
     *                sub-problem failed)
     * @param n       the order of the matrix
     */
    public EigenDecompositionException(String routine, int info, int n) {
        super(routine + ": the eigenvalue algorithm failed to converge on the " + n + "x" + n + " matrix (info "
                + info + ")");
        this.info = info;
    }

    /** {@return LAPACK's {@code info}} */
    public int info() {
        return info;
    }
}
