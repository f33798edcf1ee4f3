/**
 * Curvature's core: off-heap data and readers, objectives, optimizers, and the estimators and models users fit,
 * with the choice of implementations ({@code io.curvature.compute}). The Vector API kernels and the linear algebra
 * with its Java implementation are internal; the native LAPACK provider ({@code io.curvature.ffi}) plugs in as a
 * service.
 */
@SuppressWarnings("module") // the qualified exports name the native provider, built after this module
module io.curvature.core {
    requires jdk.incubator.vector;
    requires jdk.management;
    requires com.fasterxml.jackson.databind;

    exports io.curvature.compute;
    exports io.curvature.data;
    exports io.curvature.model;
    exports io.curvature.objective;
    exports io.curvature.optim;

    // the kernels and the linear-algebra SPI are internal: the native provider implements them
    exports io.curvature.kernel to io.curvature.ffi;
    exports io.curvature.linalg to io.curvature.ffi;

    uses io.curvature.linalg.LinearAlgebra.NativeProvider;
}
