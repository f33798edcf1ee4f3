package io.curvature.linalg;

import io.curvature.testing.LapackContract;
import io.curvature.testing.Matrices;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
        assertEquals("unknown LAPACK provider 'mkl' (default, native, java)", f.getMessage());
    }

    /**
     * The work arrays are reused per thread: a small problem after a large one (longer arrays, stale
     * contents) must give exactly what it gives on a fresh thread, for every routine.
     */
    @Test
    void reusedWorkArraysCarryNothingFromCallToCall() throws Exception {
        Random rnd = new Random(3);
        double[] big = Matrices.withEigenvalues(rnd.doubles(40, 1, 5).toArray(), rnd);
        double[] small = Matrices.withEigenvalues(rnd.doubles(7, -2, 5).toArray(), rnd);
        double[] spd = Matrices.withEigenvalues(rnd.doubles(7, 1, 5).toArray(), rnd);
        double[] fresh = runOnANewThread(() -> everyRoutine(small, spd));
        everyRoutine(big, Matrices.withEigenvalues(rnd.doubles(40, 1, 5).toArray(), rnd));
        assertArrayEquals(fresh, everyRoutine(small, spd), 0.0);
    }

    private static double[] runOnANewThread(java.util.concurrent.Callable<double[]> work) throws Exception {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return pool.submit(work).get();
        } finally {
            pool.shutdown();
        }
    }

    /** Eigenpairs of {@code sym}, the inverse of {@code sym}, a Cholesky solve and rcond with {@code spd}. */
    private static double[] everyRoutine(double[] sym, double[] spd) {
        Lapack l = new JavaLapack();
        int n = (int) Math.round(Math.sqrt(sym.length));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = Matrices.toSegment(arena, sym, n, n, 0);
            MemorySegment w = arena.allocate(n * 8L);
            l.syevd(true, n, v, 0, n, w, 0);
            MemorySegment inv = Matrices.toSegment(arena, sym, n, n, 0);
            MemorySegment ipiv = arena.allocate(n * 4L);
            l.getrf(n, inv, 0, n, ipiv, 0);
            l.getri(n, inv, 0, n, ipiv, 0);
            MemorySegment c = Matrices.toSegment(arena, spd, n, n, 0);
            l.potrf(n, c, 0, n);
            MemorySegment b = arena.allocate(n * 2 * 8L);
            for (int i = 0; i < 2 * n; i++) {
                b.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i + 1);
            }
            l.potrs(n, 2, c, 0, n, b, 0, 2);
            double rcond = l.pocon(n, c, 0, n, 10);
            java.util.stream.DoubleStream.Builder out = java.util.stream.DoubleStream.builder();
            for (MemorySegment s : new MemorySegment[] {v, w, inv, c, b}) {
                for (double x : s.toArray(ValueLayout.JAVA_DOUBLE)) {
                    out.add(x);
                }
            }
            return out.add(rcond).build().toArray();
        }
    }
}
