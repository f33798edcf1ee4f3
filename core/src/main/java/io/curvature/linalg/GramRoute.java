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

    void gram(MatrixView x, MemorySegment weights, long weightsOff, MemorySegment out, long outOff);
}
