/**
 * The numeric passes over rows of data: the fused value-gradient-weights pass of a generalized linear model, the
 * Hessian-vector product and the Gram matrix {@code X^T D X}, in a scalar reference and a Vector API
 * implementation that give the same bits on any number of threads. {@link io.curvature.kernel.KernelProvider}
 * chooses one; {@link io.curvature.kernel.Platform} describes the machine.
 */
package io.curvature.kernel;
