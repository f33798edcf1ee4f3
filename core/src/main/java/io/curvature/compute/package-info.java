/**
 * Which implementations do the arithmetic of a fit: the kernels that pass over the data ({@link
 * io.curvature.compute.KernelChoice}) and the dense linear algebra of the Newton-type methods ({@link
 * io.curvature.compute.LapackChoice}). The implementations themselves are internal; a fit names its choice in
 * {@code Options}, an objective in its constructor. Every choice gives results within rounding of the others, and
 * each is deterministic on any number of threads.
 */
package io.curvature.compute;
