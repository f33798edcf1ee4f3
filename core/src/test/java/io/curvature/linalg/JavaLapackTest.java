package io.curvature.linalg;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JavaLapackTest extends LapackContract {

    @Override
    protected Lapack lapack() {
        return new JavaLapack();
    }

    @Test
    void providerFallsBackToJavaWithoutTheNativeModule() {
        // core's tests run without curvature-ffi-lapack on the class path
        assertTrue(LinearAlgebra.provider() instanceof JavaLapack, LinearAlgebra.reason());
        assertTrue(LinearAlgebra.reason().startsWith("native unavailable: no native provider"), LinearAlgebra.reason());
        var e = assertThrows(IllegalStateException.class, () -> LinearAlgebra.byName("native"));
        assertEquals("native LAPACK requested but unavailable: no native provider on the class path (add curvature-ffi-lapack)",
                e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> LinearAlgebra.byName("mkl"));
        assertEquals("unknown LAPACK provider 'mkl' (java or native)", f.getMessage());
    }
}
