package io.curvature.ffi;

import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.linalg.Matrices;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Many Java threads calling the native routines at once get the results of serial calls. */
class NativeConcurrencyTest {

    @Test
    void concurrentCallsMatchSerialCalls() throws Exception {
        Lapack l = LinearAlgebra.byName("native");
        int tasks = 64;
        List<double[]> inputs = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            Random rnd = new Random(t);
            double[] lambda = new double[20 + t % 30];
            for (int i = 0; i < lambda.length; i++) {
                lambda[i] = 0.5 + rnd.nextDouble();
            }
            inputs.add(Matrices.withEigenvalues(lambda, rnd));
        }
        List<double[]> serial = new ArrayList<>();
        for (double[] a : inputs) {
            serial.add(work(l, a));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (double[] a : inputs) {
                    futures.add(pool.submit(() -> work(l, a)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(serial.get(i % tasks), futures.get(i).get(), 0.0, "task " + i);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Eigenvalues, then the Cholesky factor, of {@code a}: both in one array. */
    private static double[] work(Lapack l, double[] a) {
        int n = (int) Math.round(Math.sqrt(a.length));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
            MemorySegment w = arena.allocate(n * 8L);
            l.syevd(false, n, s, 0, n, w, 0);
            MemorySegment c = Matrices.toSegment(arena, a, n, n, 0);
            l.potrf(n, c, 0, n);
            double[] out = new double[n + n * n];
            MemorySegment.copy(w, ValueLayout.JAVA_DOUBLE, 0, out, 0, n);
            MemorySegment.copy(c, ValueLayout.JAVA_DOUBLE, 0, out, n, n * n);
            return out;
        }
    }
}
