package io.curvature.objective;

import java.lang.foreign.MemorySegment;

/**
 * A twice-differentiable function {@code f : R^d -> R} to minimize. Vectors are {@code d} doubles at
 * offset 0 of their segments; the caller owns every segment. Implementations keep their own
 * workspace, so an evaluation allocates nothing, and are not thread-safe: use one instance per thread (the
 * library's objectives throw {@link ConcurrentUseException} when called from two threads at once).
 */
public interface Objective {

    /** {@return the number of parameters {@code d}} */
    int dimension();

    /**
     * {@code f(w)}.
     *
     * @param w the point, {@code d} doubles
     * @return {@code f(w)}
     */
    double value(MemorySegment w);

    /**
     * {@code f(w)}, writing {@code grad f(w)} to {@code grad}.
     *
     * @param w the point, {@code d} doubles
     * @param grad where the gradient goes, {@code d} doubles
     * @return {@code f(w)}
     */
    double valueAndGradient(MemorySegment w, MemorySegment grad);

    /**
     * {@code out = H(w) v}.
     *
     * @param w the point
     * @param v the direction
     * @param out where {@code H(w) v} goes
     */
    void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out);

    /**
     * The dense Hessian {@code H(w)}, {@code d x d} row-major, into {@code h}. The default assembles it from
     * {@code d} Hessian-vector products and symmetrizes {@code (H + H^T) / 2} (docs/math.md 1.4); objectives
     * with a cheaper exact form override it.
     *
     * @param w the point
     * @param h where the {@code d x d} Hessian goes
     */
    default void hessian(MemorySegment w, MemorySegment h) {
        DenseHessian.fromHessianVectorProducts(this, w, h);
    }

    /**
     * The diagonal of {@code H(w)} into {@code out}, where it is cheap (a preconditioner for Newton-CG,
     * docs/math.md 2.7); returns {@code false}, writing nothing, where it is not.
     *
     * @param w the point
     * @param out where the {@code d} diagonal entries go
     * @return whether the diagonal was written
     */
    default boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
        return false;
    }
}
