package io.curvature.ffi;

import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.testing.Matrices;
import io.curvature.linalg.NotPositiveDefiniteException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many Java threads calling the native routines at once get the results of serial calls, on the calling
 * thread (order below {@link NativeCalls#INLINE_BELOW}) and through the worker hand-off (more callers than
 * workers, so callers wait for one).
 */
class NativeConcurrencyTest {

    @Test
    void concurrentCallsMatchSerialCalls() throws Exception {
        Lapack l = LinearAlgebra.byName("native");
        int tasks = 64;
        List<double[]> inputs = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            Random rnd = new Random(t);
            double[] lambda = new double[20 + (t % 8) * 12]; // 20 .. 104: both sides of INLINE_BELOW
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

    @Test
    void anInterruptedCallerGetsTheResultAndKeepsItsInterrupt() {
        int n = 2 * NativeCalls.INLINE_BELOW;
        double[] a = Matrices.withEigenvalues(java.util.stream.DoubleStream.iterate(1, x -> x + 1).limit(n).toArray(),
                new Random(7));
        double[] expected = work(LinearAlgebra.byName("native"), a);
        Thread.currentThread().interrupt();
        double[] got;
        try {
            got = work(LinearAlgebra.byName("native"), a);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt is kept");
        }
        assertArrayEquals(expected, got, 0.0);
    }

    @Test
    void aFailureOnAWorkerReachesTheCaller() {
        int n = 2 * NativeCalls.INLINE_BELOW;
        double[] lambda = java.util.stream.DoubleStream.iterate(1, x -> x + 1).limit(n).toArray();
        lambda[n / 2] = -1;
        double[] a = Matrices.withEigenvalues(lambda, new Random(8));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
            NotPositiveDefiniteException e = assertThrows(NotPositiveDefiniteException.class,
                    () -> LinearAlgebra.byName("native").potrf(n, s, 0, n));
            assertTrue(e.getMessage().contains("dpotrf"), e.getMessage());
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
