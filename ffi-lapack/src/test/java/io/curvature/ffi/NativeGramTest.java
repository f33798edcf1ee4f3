package io.curvature.ffi;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.testing.Segments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OpenBLAS Gram path against the Vector API kernel: D >= 0 (dsyrk), D with negatives (dgemm), D = I. */
class NativeGramTest {

    @org.junit.jupiter.api.Test
    void theRouteIsOfferedFromTheCrossoverOn() {
        org.junit.jupiter.api.Assertions.assertNull(io.curvature.linalg.LinearAlgebra.gram(100));
        org.junit.jupiter.api.Assertions.assertNotNull(io.curvature.linalg.LinearAlgebra.gram(
                io.curvature.linalg.LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS));
    }

    @org.junit.jupiter.api.Test
    void cblasDgemvMatchesTheVectorGemv() {
        Kernels k = KernelProvider.byName("vector");
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(9);
            int rows = 37;
            int cols = 23;
            int ld = 25;
            MemorySegment a = Segments.random(arena, rnd, 0, (long) rows * ld);
            MemorySegment v = Segments.random(arena, rnd, 0, cols);
            MemorySegment expected = arena.allocate(rows * 8L);
            MemorySegment actual = arena.allocate(rows * 8L);
            k.gemv(new MatrixView(a, 0, rows, cols, ld), v, 0, expected, 0, 1);
            NativeBlas.dgemv(rows, cols, a, ld, v, actual);
            for (int i = 0; i < rows; i++) {
                assertEquals(expected.getAtIndex(ValueLayout.JAVA_DOUBLE, i), actual.getAtIndex(ValueLayout.JAVA_DOUBLE, i),
                        1e-13 * cols, "row " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} ld={2}")
    @CsvSource({"1,1,1", "7,3,3", "1500,17,17", "3000,64,70", "2100,100,100", "4000,600,603"}) // the last: 3 chunks
    void matchesTheVectorKernel(long rows, int cols, int ld) {
        Kernels k = KernelProvider.byName("vector");
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(rows + cols);
            MatrixView x = new MatrixView(Segments.random(arena, rnd, 2, rows * ld), 2, rows, cols, ld);
            MemorySegment positive = arena.allocate(rows * 8);
            MemorySegment mixed = arena.allocate(rows * 8);
            for (long i = 0; i < rows; i++) {
                positive.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
                mixed.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble() - 0.3);
            }
            for (MemorySegment w : new MemorySegment[] {positive, mixed, null}) {
                MemorySegment expected = arena.allocate((long) cols * cols * 8);
                MemorySegment actual = arena.allocate((long) cols * cols * 8);
                k.gram(x, w, 0, expected, 0, 1);
                NativeGram.gram(x, w, 0, actual, 0);
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j < cols; j++) {
                        double e = expected.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * cols + j);
                        double a = actual.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * cols + j);
                        assertEquals(e, a, 1e-12 * rows, "(" + i + "," + j + ")");
                        assertEquals(a, actual.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) j * cols + i), 0.0, "symmetric");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}x{1} with a column of ones")
    @CsvSource({"1,1", "7,4", "1500,17", "4000,600"})
    void anImplicitColumnOfOnesGivesTheStoredColumnsResult(long rows, int cols) {
        int s = cols - 1;
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(rows * cols);
            MemorySegment stored = arena.allocate(rows * cols * 8);
            MemorySegment implicit = arena.allocate(Math.max(1, rows * s) * 8);
            for (long i = 0; i < rows; i++) {
                for (int j = 0; j < s; j++) {
                    double v = rnd.nextGaussian();
                    stored.setAtIndex(ValueLayout.JAVA_DOUBLE, i * cols + j, v);
                    implicit.setAtIndex(ValueLayout.JAVA_DOUBLE, i * s + j, v);
                }
                stored.setAtIndex(ValueLayout.JAVA_DOUBLE, i * cols + s, 1.0);
            }
            MatrixView xs = new MatrixView(stored, 0, rows, cols, cols);
            MatrixView xi = new MatrixView(implicit, 0, rows, cols, Math.max(1, s), true);
            MemorySegment positive = arena.allocate(rows * 8);
            MemorySegment mixed = arena.allocate(rows * 8);
            for (long i = 0; i < rows; i++) {
                positive.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble());
                mixed.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextDouble() - 0.3);
            }
            long bytes = (long) cols * cols * 8;
            MemorySegment expected = arena.allocate(bytes);
            MemorySegment actual = arena.allocate(bytes);
            for (MemorySegment w : new MemorySegment[] {positive, mixed}) { // both by chunks: the same calls
                NativeGram.gram(xs, w, 0, expected, 0);
                NativeGram.gram(xi, w, 0, actual, 0);
                assertEquals(-1, MemorySegment.mismatch(expected, 0, bytes, actual, 0, bytes), "D " + (w == mixed ? "mixed" : "positive"));
            }
            NativeGram.gram(xs, null, 0, expected, 0); // one dsyrk on the stored matrix; the implicit one by chunks
            NativeGram.gram(xi, null, 0, actual, 0);
            for (long e = 0; e < (long) cols * cols; e++) {
                assertEquals(expected.getAtIndex(ValueLayout.JAVA_DOUBLE, e), actual.getAtIndex(ValueLayout.JAVA_DOUBLE, e),
                        1e-12 * rows, "D = I, element " + e);
            }
            if (NativeGram.hasSinglePrecision()) {
                for (MemorySegment w : new MemorySegment[] {positive, null}) {
                    NativeGram.gramSingle(xs, w, 0, expected, 0);
                    NativeGram.gramSingle(xi, w, 0, actual, 0);
                    assertEquals(-1, MemorySegment.mismatch(expected, 0, bytes, actual, 0, bytes), "single precision");
                }
            }
        }
    }
}
