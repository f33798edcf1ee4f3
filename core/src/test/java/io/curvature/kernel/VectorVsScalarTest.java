package io.curvature.kernel;

import io.curvature.testing.Segments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every vector kernel against the scalar reference on the same random inputs: sizes 0..70, primes and a
 * large size (tails of every length), unaligned offsets. Tolerance: a rigorous bound for two different
 * summation orders, {@code 2 n eps sum|terms|}, so an indexing error (an O(1) difference) always fails.
 */
class VectorVsScalarTest {

    static final double EPS = Math.ulp(1.0);
    final Kernels scalar = new ScalarKernels();
    final Kernels vector = new VectorKernels();

    /** The builds that rerun these tests on narrower vectors (core/pom.xml) really get them. */
    @Test
    void speciesIsNoWiderThanTheBuildAskedFor() {
        String max = System.getProperty("curvature.test.maxVectorBits");
        int bits = VectorKernels.species().vectorBitSize();
        assertTrue(max == null || bits <= Integer.parseInt(max), "vectors of " + bits + " bits, at most " + max + " asked for");
    }

    static IntStream lengths() {
        return IntStream.concat(IntStream.rangeClosed(0, 70), IntStream.of(97, 127, 257, 1021, 4099, 100_003));
    }

    /** The lengths without the large ones, for tests that build a matrix of a few rows of that width. */
    static IntStream lengthsUpTo1021() {
        return lengths().filter(n -> n <= 1021);
    }

    static Stream<Arguments> lengthsAndOffsets() {
        return lengths().boxed().flatMap(n -> Stream.of(0, 1, 3).map(off -> Arguments.of(n, off)));
    }

    static double bound(int n, double sumAbs) {
        return 2 * (n + 2) * EPS * sumAbs + Double.MIN_NORMAL;
    }

    @ParameterizedTest(name = "n={0} offset={1}")
    @MethodSource("lengthsAndOffsets")
    void dotAxpyScalNrm2(int n, int off) {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(n * 31L + off);
            MemorySegment x = Segments.random(arena, rnd, off, n);
            MemorySegment y = Segments.random(arena, rnd, off + 2, n);
            double sumAbs = 0;
            for (int k = 0; k < n; k++) {
                sumAbs += Math.abs(x.getAtIndex(ValueLayout.JAVA_DOUBLE, off + k) * y.getAtIndex(ValueLayout.JAVA_DOUBLE, off + 2 + k));
            }
            assertEquals(scalar.dot(n, x, off, y, off + 2), vector.dot(n, x, off, y, off + 2), bound(n, sumAbs), "dot");

            double nrmS = scalar.nrm2(n, x, off);
            assertEquals(nrmS, vector.nrm2(n, x, off), bound(n, nrmS), "nrm2");

            MemorySegment yS = Segments.copy(arena, y);
            MemorySegment yV = Segments.copy(arena, y);
            scalar.axpy(n, -0.7, x, off, yS, off + 2);
            vector.axpy(n, -0.7, x, off, yV, off + 2);
            assertArrayClose(Segments.read(yS, 0, off + 3 + n), Segments.read(yV, 0, off + 3 + n), 4 * EPS, "axpy");

            MemorySegment xS = Segments.copy(arena, x);
            MemorySegment xV = Segments.copy(arena, x);
            scalar.scal(n, 1.3, xS, off);
            vector.scal(n, 1.3, xV, off);
            assertArrayClose(Segments.read(xS, 0, off + n + 1), Segments.read(xV, 0, off + n + 1), 0, "scal");
        }
    }

    static void assertArrayClose(double[] expected, double[] actual, double relTol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            double tol = relTol * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
        }
    }

    @Test
    void nrm2SurvivesOverflowAndUnderflow() {
        try (Arena arena = Arena.ofConfined()) {
            for (Kernels k : new Kernels[] {scalar, vector}) {
                for (int n : new int[] {1, 7, 33, 100}) {
                    double[] big = new double[n];
                    double[] tiny = new double[n];
                    java.util.Arrays.fill(big, 1e300);
                    java.util.Arrays.fill(tiny, 3e-310);
                    double expect = Math.sqrt(n);
                    assertEquals(1e300 * expect, k.nrm2(n, Segments.of(arena, 1, big), 1), 1e300 * expect * 1e-14, k.name());
                    assertEquals(3e-310 * expect, k.nrm2(n, Segments.of(arena, 1, tiny), 1), 3e-310 * expect * 1e-12, k.name());
                }
                assertEquals(0.0, k.nrm2(5, Segments.of(arena, 0, new double[5]), 0));
                assertTrue(Double.isNaN(k.nrm2(3, Segments.of(arena, 0, 1, Double.NaN, 2), 0)), k.name());
                assertEquals(Double.POSITIVE_INFINITY, k.nrm2(3, Segments.of(arena, 0, 1, Double.POSITIVE_INFINITY, 2), 0));
            }
        }
    }

    static Stream<Arguments> shapes() {
        // Columns: below 256 the GLM pass and HVP are pipelined four rows ahead and gemv/gemvT staged (in
        // place below 1 MiB); from 256 all are in place, four rows interleaved. Rows: both sides of a group of
        // four and of a pipelined pair of groups, and several row blocks.
        int[] cols = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 23, 31, 32, 33, 64, 70, 100, 256, 263};
        long[] rows = {0, 1, 3, 5, 8, 37, 2500};
        return java.util.Arrays.stream(rows).boxed()
                .flatMap(r -> java.util.Arrays.stream(cols).mapToObj(c -> Arguments.of(r, c)));
    }

    /** A random matrix with unaligned offset 3 and padded rows (ld = cols + 2). */
    static MatrixView matrix(Arena arena, Random rnd, long rows, int cols) {
        int ld = cols + 2;
        MemorySegment s = Segments.random(arena, rnd, 3, rows * ld);
        return new MatrixView(s, 3, rows, cols, ld);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @MethodSource("shapes")
    void rowBlockOperations(long rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(rows * 1000 + cols);
            MatrixView x = matrix(arena, rnd, rows, cols);
            MemorySegment v = Segments.random(arena, rnd, 1, cols);
            MemorySegment r = Segments.random(arena, rnd, 1, rows);
            MemorySegment weights = arena.allocate((rows + 1) * 8L);
            for (long i = 0; i < rows; i++) {
                weights.setAtIndex(ValueLayout.JAVA_DOUBLE, i + 1, rnd.nextDouble());
            }
            // |x| <= 1, |v| <= 1, 0 <= D <= 1: every sum has at most cols or rows*cols terms of size <= 1.
            double tolRows = bound(cols, cols);
            double tolCols = 1e-12 * (1 + rows * (double) cols);

            compare(arena, (int) rows, tolRows, (k, out) -> k.gemv(x, v, 1, out, 0, 1), "gemv");
            compare(arena, cols, tolRows * rows, (k, out) -> k.gemvT(x, r, 1, out, 0, 1), "gemvT");
            compare(arena, cols, tolCols, (k, out) -> k.hvp(x, weights, 1, v, 1, out, 0, 1), "hvp");
            compare(arena, cols, tolCols, (k, out) -> k.hvp(x, null, 0, v, 1, out, 0, 1), "hvp D=I");
            compare(arena, cols * cols, tolRows * rows, (k, out) -> k.gram(x, weights, 1, out, 0, 1), "gram");
            compare(arena, cols * cols, tolRows * rows, (k, out) -> k.gram(x, null, 0, out, 0, 1), "gram D=I");

            for (SampleLoss loss : SampleLoss.values()) {
                MemorySegment y = arena.allocate((rows + 2) * 8L);
                for (long i = 0; i < rows; i++) {
                    double yi = loss == SampleLoss.LOGISTIC ? rnd.nextInt(2) : loss == SampleLoss.POISSON ? rnd.nextInt(5) : rnd.nextGaussian();
                    y.setAtIndex(ValueLayout.JAVA_DOUBLE, i + 2, yi);
                }
                MemorySegment dS = arena.allocate((rows + 1) * 8L);
                MemorySegment dV = arena.allocate((rows + 1) * 8L);
                MemorySegment gS = arena.allocate((cols + 1) * 8L);
                MemorySegment gV = arena.allocate((cols + 1) * 8L);
                double fS = scalar.glm(loss, x, y, 2, v, 1, gS, 1, dS, 1, 1);
                double fV = vector.glm(loss, x, y, 2, v, 1, gV, 1, dV, 1, 1);
                // z differs by a few ulps between summation orders; l, l', l'' move by as much relatively.
                assertEquals(fS, fV, 1e-9 * Math.max(1, Math.abs(fS)), loss + " value");
                double[] g = Segments.read(gS, 1, cols);
                double gScale = java.util.Arrays.stream(g).map(Math::abs).max().orElse(0);
                assertArrayClose(g, Segments.read(gV, 1, cols), 1e-9 * (1 + gScale) * (1 + cols), loss + " gradient");
                assertArrayClose(Segments.read(dS, 1, (int) rows), Segments.read(dV, 1, (int) rows), 1e-9, loss + " weights");
            }
        }
    }

    /**
     * The masked tails read nothing past the last element: NaN right after a vector, and in the padding
     * columns of a matrix (ld = cols + 3), must not reach any result.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("lengthsUpTo1021")
    void tailsNeverReadPastTheEnd(int n) {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(n);
            MemorySegment x = nanPadded(arena, rnd, n, n + 9);
            MemorySegment y = nanPadded(arena, rnd, n, n + 9);
            assertEquals(scalar.dot(n, x, 0, y, 0), vector.dot(n, x, 0, y, 0), bound(n, n), "dot");

            int rows = 9;
            int ld = n + 3;
            MemorySegment a = arena.allocate(Math.max(1, (long) rows * ld) * 8, 64);
            for (long i = 0; i < (long) rows * ld; i++) {
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, i, i % ld < n ? 2 * rnd.nextDouble() - 1 : Double.NaN);
            }
            MatrixView m = new MatrixView(a, 0, rows, n, ld);
            MemorySegment r = nanPadded(arena, rnd, rows, rows + 1);
            compare(arena, rows, bound(n, n), (k, out) -> k.gemv(m, x, 0, out, 0, 1), "gemv");
            compare(arena, n, bound(rows, rows), (k, out) -> k.gemvT(m, r, 0, out, 0, 1), "gemvT");
            compare(arena, n, 1e-12 * (1 + rows * (double) n), (k, out) -> k.hvp(m, null, 0, x, 0, out, 0, 1), "hvp");
        }
    }

    /** {@code n} random doubles followed by NaN up to {@code length} elements. */
    static MemorySegment nanPadded(Arena arena, Random rnd, int n, int length) {
        MemorySegment s = arena.allocate(length * 8L, 64);
        for (int k = 0; k < length; k++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, k, k < n ? 2 * rnd.nextDouble() - 1 : Double.NaN);
        }
        return s;
    }

    interface Op {
        void run(Kernels k, MemorySegment out);
    }

    void compare(Arena arena, int outLength, double tol, Op op, String what) {
        MemorySegment outS = arena.allocate(Math.max(8, outLength * 8L));
        MemorySegment outV = arena.allocate(Math.max(8, outLength * 8L));
        op.run(scalar, outS);
        op.run(vector, outV);
        double[] s = Segments.read(outS, 0, outLength);
        double[] v = Segments.read(outV, 0, outLength);
        for (int i = 0; i < outLength; i++) {
            assertEquals(s[i], v[i], tol, what + " [" + i + "]");
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource("lengths")
    void symmetricUpdatesAndSymv(int n) {
        if (n > 300) {
            return; // O(n^2) updates: the tails are covered below 300
        }
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(n);
            int lda = n + 1;
            MemorySegment a0 = arena.allocate(((long) lda * n + 2) * 8, 64);
            for (int j = 0; j < n; j++) {
                for (int k = j; k < n; k++) {
                    double v = rnd.nextGaussian();
                    a0.setAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) j * lda + k, v);
                    a0.setAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) k * lda + j, v);
                }
            }
            MemorySegment x = Segments.random(arena, rnd, 2, n);
            MemorySegment y = Segments.random(arena, rnd, 1, n);
            for (boolean rank2 : new boolean[] {false, true}) {
                MemorySegment aS = Segments.copy(arena, a0);
                MemorySegment aV = Segments.copy(arena, a0);
                if (rank2) {
                    scalar.syr2(n, 0.37, x, 2, y, 1, aS, 1, lda);
                    vector.syr2(n, 0.37, x, 2, y, 1, aV, 1, lda);
                } else {
                    scalar.syr(n, -1.9, x, 2, aS, 1, lda);
                    vector.syr(n, -1.9, x, 2, aV, 1, lda);
                }
                for (int j = 0; j < n; j++) {
                    for (int k = 0; k < n; k++) {
                        double s = aS.getAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) j * lda + k);
                        double v = aV.getAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) j * lda + k);
                        assertEquals(s, v, 8 * EPS * Math.max(1, Math.abs(s)), "rank" + (rank2 ? 2 : 1) + " (" + j + "," + k + ")");
                        for (Kernels kern : new Kernels[] {scalar, vector}) {
                            MemorySegment a = kern == scalar ? aS : aV;
                            assertEquals(a.getAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) k * lda + j),
                                    a.getAtIndex(ValueLayout.JAVA_DOUBLE, 1 + (long) j * lda + k), 0.0,
                                    kern.name() + " must stay exactly symmetric");
                        }
                    }
                }
            }
            MemorySegment outS = Segments.copy(arena, y);
            MemorySegment outV = Segments.copy(arena, y);
            scalar.symv(n, 0.5, a0, 1, lda, x, 2, -2.0, outS, 1);
            vector.symv(n, 0.5, a0, 1, lda, x, 2, -2.0, outV, 1);
            assertArrayClose(Segments.read(outS, 1, n), Segments.read(outV, 1, n), bound(n, 4.0 * n), "symv");
        }
    }
}
