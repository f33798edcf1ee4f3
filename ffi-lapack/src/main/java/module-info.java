/**
 * OpenBLAS and LAPACKE through the FFM API, registered as Curvature's native linear-algebra provider. Needs
 * {@code --enable-native-access=io.curvature.ffi} on the module path ({@code ALL-UNNAMED} on the class path).
 */
module io.curvature.ffi {
    requires io.curvature.core;

    exports io.curvature.ffi;

    provides io.curvature.linalg.LinearAlgebra.NativeProvider with io.curvature.ffi.NativeLapackProvider;
}
