package io.curvature.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row kernel on a matrix with an implicit column of ones ({@link MatrixView#onesColumn()}) gives the same bits
 * as on the same matrix with that column stored, for both implementations, narrow and wide rows (staged and in
 * place), tails of every length, an unaligned offset with a padded leading dimension, and 1 or 3 threads.
 */
class ImplicitOnesColumnTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kernels : new String[] {"scalar", "vector"}) {
            for (int d : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65, 255, 256, 257, 300}) {
                b.add(Arguments.of(kernels, d, 37L, 0, 0));
                b.add(Arguments.of(kernels, d, 13L, 1, 3)); // unaligned start, padded rows
            }
            b.add(Arguments.of(kernels, 6, 4099L, 0, 0)); // several row blocks, also of the Gram: threads matter
            b.add(Arguments.of(kernels, 31, 4099L, 0, 0));
            b.add(Arguments.of(kernels, 258, 2100L, 0, 0)); // several blocks of the passes
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} d={1} n={2} offset={3} pad={4}")
    @MethodSource("cases")
    void sameBitsAsAStoredColumnOfOnes(String kernels, int d, long n, int offset, int pad) {
        Kernels k = KernelProvider.byName(kernels);
        SplittableRandom rnd = new SplittableRandom(31L * d + n);
        int s = d - 1;
        try (Arena arena = Arena.ofShared()) { // the kernels' worker threads read it
            MemorySegment stored = arena.allocate((offset + n * d) * 8, 8);
            int ld = s + pad;
            MemorySegment implicit = arena.allocate((offset + n * Math.max(1, ld) + 1) * 8, 8);
            for (long i = 0; i < n; i++) {
                for (int j = 0; j < s; j++) {
                    double v = rnd.nextDouble(-2, 2);
                    stored.setAtIndex(D, offset + i * d + j, v);
                    implicit.setAtIndex(D, offset + i * ld + j, v);
                }
                stored.setAtIndex(D, offset + i * d + s, 1.0);
                for (int j = s; j < ld; j++) {
                    implicit.setAtIndex(D, offset + i * ld + j, Double.NaN); // padding is never read
                }
            }
            MatrixView xs = new MatrixView(stored, offset, n, d, d);
            MatrixView xi = new MatrixView(implicit, offset, n, d, Math.max(1, ld), true);
            MemorySegment v = random(arena, d, rnd, -1, 1);
            MemorySegment y = arena.allocate(n * 8);
            for (long i = 0; i < n; i++) {
                y.setAtIndex(D, i, rnd.nextInt(2));
            }
            MemorySegment r = random(arena, n, rnd, -1, 1);
            MemorySegment weights = random(arena, n, rnd, 0, 1);
            for (int threads : new int[] {1, 3}) {
                String at = kernels + " d=" + d + " threads=" + threads + ": ";
                assertSame(at + "gemv", n, out -> k.gemv(xs, v, 0, out, 0, threads),
                        out -> k.gemv(xi, v, 0, out, 0, threads), arena);
                assertSame(at + "gemvT", d, out -> k.gemvT(xs, r, 0, out, 0, threads),
                        out -> k.gemvT(xi, r, 0, out, 0, threads), arena);
                for (SampleLoss loss : SampleLoss.values()) {
                    MemorySegment ws = arena.allocate(n * 8);
                    MemorySegment wi = arena.allocate(n * 8);
                    double[] sums = new double[2];
                    assertSame(at + loss + " gradient", d,
                            out -> sums[0] = k.glm(loss, xs, y, 0, v, 0, out, 0, ws, 0, threads),
                            out -> sums[1] = k.glm(loss, xi, y, 0, v, 0, out, 0, wi, 0, threads), arena);
                    assertEquals(sums[0], sums[1], 0.0, at + loss + " loss");
                    assertEquals(-1, MemorySegment.mismatch(ws, 0, n * 8, wi, 0, n * 8), at + loss + " weights");
                }
                assertSame(at + "hvp", d, out -> k.hvp(xs, weights, 0, v, 0, out, 0, threads),
                        out -> k.hvp(xi, weights, 0, v, 0, out, 0, threads), arena);
                assertSame(at + "hvp D = I", d, out -> k.hvp(xs, null, 0, v, 0, out, 0, threads),
                        out -> k.hvp(xi, null, 0, v, 0, out, 0, threads), arena);
                assertSame(at + "gram", (long) d * d, out -> k.gram(xs, weights, 0, out, 0, threads),
                        out -> k.gram(xi, weights, 0, out, 0, threads), arena);
                assertSame(at + "gram D = I", (long) d * d, out -> k.gram(xs, null, 0, out, 0, threads),
                        out -> k.gram(xi, null, 0, out, 0, threads), arena);
            }
            if (n > 4) {
                assertSame(kernels + " d=" + d + " every third row", (long) d * d,
                        out -> k.gram(xs.everyRow(3), weights, 0, out, 0, 1),
                        out -> k.gram(xi.everyRow(3), weights, 0, out, 0, 1), arena);
            }
        }
    }

    private interface Fill {
        void into(MemorySegment out);
    }

    private static void assertSame(String what, long length, Fill explicit, Fill implicit, Arena arena) {
        MemorySegment a = arena.allocate(length * 8);
        MemorySegment b = arena.allocate(length * 8);
        a.fill((byte) 0x7f); // garbage where nothing is written
        b.fill((byte) 0x7f);
        explicit.into(a);
        implicit.into(b);
        long at = MemorySegment.mismatch(a, 0, length * 8, b, 0, length * 8);
        if (at != -1) {
            long e = at / 8;
            assertEquals(a.getAtIndex(D, e), b.getAtIndex(D, e), 0.0, what + ": element " + e);
            throw new AssertionError(what + ": element " + e + " differs in its bits");
        }
    }

    private static MemorySegment random(Arena arena, long length, SplittableRandom rnd, double lo, double hi) {
        MemorySegment m = arena.allocate(Math.max(1, length) * 8, 8);
        for (long i = 0; i < length; i++) {
            m.setAtIndex(D, i, rnd.nextDouble(lo, hi));
        }
        return m;
    }
}
