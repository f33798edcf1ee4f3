package io.curvature.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Kernels#augmentedGram}: its leading block has the bits of the plain Gram, and the whole the bits of
 * {@link Kernels#gram} on the matrix that stores {@code c} as its last column where both sum in the same order,
 * for both implementations, with and without an implicit column of ones, tile boundaries and tails,
 * an unaligned offset with padded rows, several row blocks and panels, 1 or 3 threads; vector and scalar agree to
 * rounding.
 */
class AugmentedGramTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kernels : new String[] {"scalar", "vector"}) {
            for (boolean ones : new boolean[] {false, true}) {
                for (int d : new int[] {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 64, 65, 100, 257}) {
                    if (d > 1 || !ones) {
                        b.add(Arguments.of(kernels, ones, d, 37L, 0, 0));
                        b.add(Arguments.of(kernels, ones, d, 13L, 1, 3));
                    }
                }
                b.add(Arguments.of(kernels, ones, 6, 4099L, 0, 0)); // several row blocks: threads matter
                b.add(Arguments.of(kernels, ones, 31, 5000L, 2, 1));
                b.add(Arguments.of(kernels, ones, 101, 3000L, 0, 0)); // several panels of a wide Gram
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} ones={1} d={2} n={3} offset={4} pad={5}")
    @MethodSource("cases")
    void sameBitsAsTheGramOfTheStoredColumn(String kernels, boolean ones, int d, long n, int offset, int pad) {
        Kernels k = KernelProvider.byName(kernels);
        SplittableRandom rnd = new SplittableRandom(17L * d + n);
        int stored = ones ? d - 1 : d;
        int ld = stored + pad;
        int m = d + 1;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment xm = arena.allocate((offset + n * Math.max(1, ld) + 1) * 8, 8);
            MemorySegment wide = arena.allocate(n * m * 8, 8); // [X 1 c] stored
            MemorySegment c = arena.allocate((n + 2) * 8, 8);
            for (long i = 0; i < n; i++) {
                for (int j = 0; j < stored; j++) {
                    double v = rnd.nextDouble(-2, 2);
                    xm.setAtIndex(D, offset + i * ld + j, v);
                    wide.setAtIndex(D, i * m + j, v);
                }
                for (int j = stored; j < ld; j++) {
                    xm.setAtIndex(D, offset + i * ld + j, Double.NaN); // padding is never read
                }
                if (ones) {
                    wide.setAtIndex(D, i * m + stored, 1.0);
                }
                double ci = rnd.nextGaussian() * 3;
                c.setAtIndex(D, i + 2, ci);
                wide.setAtIndex(D, i * m + d, ci);
            }
            MatrixView x = new MatrixView(xm, offset, n, d, Math.max(1, ld), ones);
            MatrixView augmented = new MatrixView(wide, 0, n, m, m);
            MemorySegment expected = arena.allocate((long) m * m * 8);
            k.gram(augmented, null, 0, expected, 0, 1);
            MemorySegment plain = arena.allocate((long) d * d * 8);
            k.gram(x, null, 0, plain, 0, 1);
            for (int threads : new int[] {1, 3}) {
                MemorySegment out = arena.allocate((long) m * m * 8);
                out.fill((byte) 0x7f);
                k.augmentedGram(x, c, 2, out, 0, threads);
                String at = kernels + " d=" + d + " threads=" + threads;
                // the vector kernel's panels are sized by X's columns: the stored column's Gram may sum otherwise
                if (kernels.equals("scalar") || VectorKernels.gramPanelRows(d) == VectorKernels.gramPanelRows(m)) {
                    assertSameBits(expected, out, (long) m * m, at);
                }
                for (int j = 0; j < d; j++) {
                    assertSameBits(plain.asSlice((long) j * d * 8), out.asSlice((long) j * m * 8), d,
                            at + " leading block, row " + j);
                }
            }
            if (kernels.equals("vector")) {
                MemorySegment reference = arena.allocate((long) m * m * 8);
                KernelProvider.byName("scalar").augmentedGram(x, c, 2, reference, 0, 1);
                MemorySegment out = arena.allocate((long) m * m * 8);
                k.augmentedGram(x, c, 2, out, 0, 3);
                for (long e = 0; e < (long) m * m; e++) {
                    double r = reference.getAtIndex(D, e);
                    assertEquals(r, out.getAtIndex(D, e), 1e-12 * n * (1 + Math.abs(r)), "vector vs scalar " + e);
                }
            }
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Kernels k = KernelProvider.byName("vector");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment six = arena.allocate(6 * 8);
            MatrixView x = new MatrixView(six, 0, 3, 2, 2);
            MemorySegment out = arena.allocate(9 * 8);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.augmentedGram(x, null, 0, out, 0, 1));
            assertEquals("c is null", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.augmentedGram(x, six, 4, out, 0, 1));
            assertEquals("c: 3 elements at offset 4 need 56 bytes, the segment has 48", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.augmentedGram(x, six, 0, six, 0, 1));
            assertEquals("out: 9 elements at offset 0 need 72 bytes, the segment has 48", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> k.augmentedGram(x, six, 0, out, 0, 0));
            assertEquals("threads must be >= 1, got 0", e.getMessage());
        }
    }

    private static void assertSameBits(MemorySegment expected, MemorySegment actual, long length, String what) {
        long at = MemorySegment.mismatch(expected, 0, length * 8, actual, 0, length * 8);
        if (at != -1) {
            long e = at / 8;
            assertEquals(expected.getAtIndex(D, e), actual.getAtIndex(D, e), 0.0, what + ": element " + e);
            throw new AssertionError(what + ": element " + e + " differs in its bits");
        }
    }
}
