package io.curvature.kernel;

import io.curvature.testing.Segments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The row-block operations give bitwise identical results for 1, 2 and 3 threads. */
class ThreadDeterminismTest {

    /** 37 columns: rows staged; 300: computed in place (VectorRowPasses.DIRECT_FROM_COLUMNS). */
    @ParameterizedTest(name = "{0}, {1} columns")
    @CsvSource({"scalar,37", "vector,37", "vector,300"})
    void oneAndManyThreadsAgreeBitwise(String name, int cols) {
        Kernels k = KernelProvider.byName(name);
        long rows = 20_011; // several blocks of every kind, and a ragged last block
        try (Arena arena = Arena.ofShared()) {
            Random rnd = new Random(7);
            MatrixView x = new MatrixView(Segments.random(arena, rnd, 1, rows * cols), 1, rows, cols, cols);
            MemorySegment v = Segments.random(arena, rnd, 0, cols);
            MemorySegment y = arena.allocate(rows * 8);
            for (long i = 0; i < rows; i++) {
                y.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextInt(2));
            }
            double[][] reference = null;
            double refValue = 0;
            for (int threads : new int[] {1, 2, 3}) {
                MemorySegment grad = arena.allocate(cols * 8L);
                MemorySegment weights = arena.allocate(rows * 8);
                MemorySegment hv = arena.allocate(cols * 8L);
                MemorySegment gt = arena.allocate(cols * 8L);
                MemorySegment gram = arena.allocate((long) cols * cols * 8);
                MemorySegment z = arena.allocate(rows * 8);
                double value = k.glm(SampleLoss.LOGISTIC, x, y, 0, v, 0, grad, 0, weights, 0, threads);
                k.hvp(x, weights, 0, v, 0, hv, 0, threads);
                k.gemvT(x, weights, 0, gt, 0, threads);
                k.gram(x, weights, 0, gram, 0, threads);
                k.gemv(x, v, 0, z, 0, threads);
                double[][] results = {
                    Segments.read(grad, 0, cols), Segments.read(weights, 0, (int) rows), Segments.read(hv, 0, cols),
                    Segments.read(gt, 0, cols), Segments.read(gram, 0, cols * cols), Segments.read(z, 0, (int) rows)};
                if (reference == null) {
                    reference = results;
                    refValue = value;
                } else {
                    assertEquals(Double.doubleToRawLongBits(refValue), Double.doubleToRawLongBits(value), "value, " + threads + " threads");
                    for (int r = 0; r < results.length; r++) {
                        assertArrayEquals(reference[r], results[r], 0.0, "result " + r + ", " + threads + " threads");
                    }
                }
            }
        }
    }
}
