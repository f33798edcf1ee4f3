/**
 * Curvature's core: off-heap data and readers, the Vector API kernels, the linear-algebra SPI with its Java
 * implementation, objectives, optimizers, and the estimators and models users fit. The native LAPACK provider
 * ({@code io.curvature.ffi}) plugs in as a service.
 */
module io.curvature.core {
    requires jdk.incubator.vector;
    requires jdk.management;
    requires com.fasterxml.jackson.databind;

    exports io.curvature.data;
    exports io.curvature.kernel;
    exports io.curvature.linalg;
    exports io.curvature.model;
    exports io.curvature.objective;
    exports io.curvature.optim;

    uses io.curvature.linalg.LinearAlgebra.NativeProvider;
}
