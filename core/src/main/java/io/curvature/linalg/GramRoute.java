package io.curvature.linalg;

import io.curvature.kernel.MatrixView;

import java.lang.foreign.MemorySegment;

/**
 * A way to compute the Gram-matrix Hessian {@code out = X^T D X} with the contract of
 * {@link io.curvature.kernel.Kernels#gram} ({@code weights} null for {@code D = I}). The native module
 * provides one over OpenBLAS {@code dsyrk}; {@link LinearAlgebra#gram(int)} chooses by size.
 */
@FunctionalInterface
public interface GramRoute {

    /**
     * {@code out = X^T diag(weights) X}, {@code d x d} row-major, both triangles.
     *
     * @param x          the rows
     * @param weights    one weight per row
     * @param weightsOff element offset of the first weight
     * @param out        the result
     * @param outOff     element offset of the result
     */
    void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff);
}
