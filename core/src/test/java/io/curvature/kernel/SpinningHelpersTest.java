package io.curvature.kernel;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The helpers of the parallel blocks: every block once, failures passed on, a second caller refused and served. */
class SpinningHelpersTest {

    private static final int ROWS = 100_000;

    /** Each block adds its rows' values to its partial; the scalar result counts its rows. */
    private static double[] blockSums(int threads, MemorySegment values) {
        double[] out = new double[3];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sums = arena.allocate(2 * Double.BYTES, 64);
            out[2] = RowBlocks.reduce(threads, ROWS, 256, 64, 2, 0, (start, end, partial) -> {
                double s = 0;
                double s2 = 0;
                for (long i = start; i < end; i++) {
                    double v = values.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                    s += v;
                    s2 += v * v;
                }
                partial.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, s);
                partial.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, s2);
                return end - start;
            }, sums, 0);
            out[0] = sums.getAtIndex(ValueLayout.JAVA_DOUBLE, 0);
            out[1] = sums.getAtIndex(ValueLayout.JAVA_DOUBLE, 1);
        }
        return out;
    }

    private static MemorySegment values(Arena arena) {
        MemorySegment values = arena.allocate((long) ROWS * Double.BYTES, 64);
        for (int i = 0; i < ROWS; i++) {
            values.setAtIndex(ValueLayout.JAVA_DOUBLE, i, Math.sin(i * 0.37) / (1 + i % 13));
        }
        return values;
    }

    @Test
    void everyBlockRunsOnceWhateverTheThreads() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment values = values(arena);
            double[] one = blockSums(1, values);
            assertEquals(ROWS, one[2]);
            for (int round = 0; round < 200; round++) { // helpers spinning, parked, and taking offers late
                assertArrayEquals(one, blockSums(2 + round % 3, values), "round " + round);
                if (round % 50 == 49) {
                    sleep(2 * SpinningHelpers.SPIN_NANOS / 1_000_000 + 1);
                }
            }
        }
    }

    @Test
    void aFailureOnAnyThreadReachesTheCallerAfterAllFinished() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
                RowBlocks.forEach(2, ROWS, 256, 64, (start, end) -> {
                    running.incrementAndGet();
                    try {
                        ran.incrementAndGet();
                        if (start == 0) {
                            throw new IllegalStateException("block 0 failed");
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                }));
        assertEquals("block 0 failed", thrown.getMessage());
        assertEquals(0, running.get(), "no block still running when the caller sees the failure");
        assertTrue(ran.get() >= 1);
        // the helpers are free again
        try (Arena arena = Arena.ofShared()) {
            MemorySegment values = values(arena);
            assertArrayEquals(blockSums(1, values), blockSums(2, values));
        }
    }

    @Test
    void aSecondCallerIsRefusedTheHelpersAndStillGetsItsResult() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment values = values(arena);
            double[] expected = blockSums(1, values);
            // the first caller holds the helpers until released
            Future<Boolean> holder = other.submit(() -> SpinningHelpers.run(1, () -> {
                inside.countDown();
                await(release);
            }));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            assertFalse(SpinningHelpers.run(1, () -> { }), "the helpers are taken");
            assertArrayEquals(expected, blockSums(2, values), "served by the other way");
            release.countDown();
            assertSame(Boolean.TRUE, holder.get(10, TimeUnit.SECONDS));
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
