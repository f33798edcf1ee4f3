package io.curvature.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SampleLoss#evaluateInPlace} on heap chunks (the sparse value pass, the vector GLM pass) against
 * {@link SampleLoss#evaluate}: the same bits without the vector formulas, and the vector kernels' logistic
 * ({@code VectorLogistic}) within a few ulps with them, for chunks of every length up to 16 at an offset.
 */
class SampleLossInPlaceTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @ParameterizedTest
    @EnumSource(SampleLoss.class)
    void heapChunksGiveTheLossesOfTheSegmentDefinition(SampleLoss loss) {
        Random rnd = new Random(11);
        int at = 3;
        for (int count = 1; count <= 16; count++) {
            double[] z = new double[at + count];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment zs = arena.allocate(count * 8L);
                MemorySegment y = arena.allocate(count * 8L);
                MemorySegment r = arena.allocate(count * 8L);
                MemorySegment dd = arena.allocate(count * 8L);
                MemorySegment ddHeap = arena.allocate(count * 8L);
                for (int i = 0; i < count; i++) {
                    z[at + i] = rnd.nextGaussian() * 4;
                    zs.setAtIndex(D, i, z[at + i]);
                    y.setAtIndex(D, i, loss == SampleLoss.LOGISTIC ? i % 2 : loss == SampleLoss.POISSON ? i % 5
                            : rnd.nextGaussian());
                }
                double expected = loss.evaluate(count, zs, 0, y, 0, r, 0, dd, 0);
                for (boolean vector : new boolean[] {false, true}) {
                    if (vector && !KernelProvider.vectorByDefault()) {
                        continue;
                    }
                    double[] chunk = z.clone();
                    double sum = loss.evaluateInPlace(vector, count, chunk, MemorySegment.ofArray(chunk), at, y, 0,
                            ddHeap, 0);
                    // only the logistic loss has vector formulas: elsewhere, and without them, the same bits
                    double tolerance = vector && loss == SampleLoss.LOGISTIC ? 1e-14 : 0;
                    String what = loss + ", " + count + " samples, vector " + vector;
                    assertEquals(expected, sum, tolerance * count * 10, what + ": the summed loss");
                    for (int i = 0; i < count; i++) {
                        assertEquals(r.getAtIndex(D, i), chunk[at + i], tolerance, what + ": r_" + i);
                        assertEquals(dd.getAtIndex(D, i), ddHeap.getAtIndex(D, i),
                                tolerance * Math.max(1, dd.getAtIndex(D, i)), what + ": D_" + i);
                    }
                    assertEquals(0.0, chunk[at - 1], 0.0, "nothing written before the chunk");
                }
            }
        }
    }
}
