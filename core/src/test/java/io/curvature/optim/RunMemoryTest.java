package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunMemoryTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** Runs on a fresh thread, so that no slab of another test is there at the start. */
    private static void onFreshThread(Runnable body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        t.start();
        t.join();
        done.get();
    }

    /** A thread's first two fits: the first marks the thread, the second leaves a slab of its size. */
    private static void twoFits() {
        for (int k = 0; k < 2; k++) {
            try (RunMemory m = new RunMemory()) {
                m.allocate(1000, 64);
            }
        }
    }

    @Test
    void aThreadThatFitsAgainReusesASlabZeroed() throws Exception {
        onFreshThread(() -> {
            twoFits();
            try (RunMemory m = new RunMemory()) {
                m.allocate(1000, 64).fill((byte) 7); // the slab, dirtied
            }
            try (RunMemory m = new RunMemory()) {
                MemorySegment a = m.allocate(1000, 64);
                assertEquals(0, a.address() % 64);
                for (long i = 0; i < 1000; i++) {
                    assertEquals(0, a.get(ValueLayout.JAVA_BYTE, i), "byte " + i + " not zeroed");
                }
                MemorySegment b = m.allocate(24, 8);
                assertEquals(0, b.address() % 64);
                assertTrue(b.address() >= a.address() + 1000, "slices overlap");
                try (RunMemory n = new RunMemory()) {
                    // a fit inside a fit (an objective that fits) must not get the same memory
                    MemorySegment c = n.allocate(1000, 64);
                    assertTrue(c.address() + 1000 <= a.address() || a.address() + 1000 <= c.address());
                    c.fill((byte) 1);
                }
                for (long i = 0; i < 1000; i++) {
                    assertEquals(0, a.get(ValueLayout.JAVA_BYTE, i));
                }
            }
        });
    }

    @Test
    void theSlabIsReusedAtTheSameAddress() throws Exception {
        onFreshThread(() -> {
            twoFits();
            long[] addresses = new long[3];
            for (int k = 0; k < 3; k++) {
                try (RunMemory m = new RunMemory()) {
                    addresses[k] = m.allocate(1000, 64).address();
                }
            }
            assertEquals(addresses[0], addresses[1]);
            assertEquals(addresses[0], addresses[2]);
        });
    }

    @Test
    void aLargerFitReplacesTheSlabAndAFitTooLargeForOneKeepsIt() throws Exception {
        onFreshThread(() -> {
            twoFits();
            try (RunMemory m = new RunMemory()) {
                m.allocate(1000, 64);
                m.allocate(20_000, 64); // outgrows the slab: a bigger one for the next fit
            }
            long first;
            try (RunMemory m = new RunMemory()) {
                first = m.allocate(1000, 64).address();
                assertEquals(first + 1024, m.allocate(20_000, 64).address(), "both from the new slab");
            }
            try (RunMemory m = new RunMemory()) {
                m.allocate(RunMemory.MAX_CACHED_BYTES, 64); // too large to cache: the slab stays
            }
            try (RunMemory m = new RunMemory()) {
                assertEquals(first, m.allocate(1000, 64).address());
            }
        });
    }

    @Test
    void aFitRefusedAtItsStartLeavesTheSlabFree() throws Exception {
        onFreshThread(() -> {
            twoFits();
            long slab;
            try (RunMemory m = new RunMemory()) {
                slab = m.allocate(1000, 64).address();
            }
            FunctionObjective f = new FunctionObjective(2, (w, g) -> 0);
            assertThrows(IllegalArgumentException.class,
                    () -> Minimizer.minimize(f, new double[] {Double.NaN, 0}, Method.LBFGS, Options.defaults()));
            try (RunMemory m = new RunMemory()) {
                assertEquals(slab, m.allocate(1000, 64).address(), "the slab is still the thread's");
            }
        });
    }

    @Test
    void memoryBeyondTheCachedSizeIsFreedAtClose() throws Exception {
        onFreshThread(() -> {
            twoFits(); // a slab exists, and this allocation does not fit it
            MemorySegment big;
            try (RunMemory m = new RunMemory()) {
                big = m.allocate(RunMemory.MAX_CACHED_BYTES + 8, 64);
                big.set(D, 0, 1.0);
            }
            MemorySegment freed = big;
            assertThrows(IllegalStateException.class, () -> freed.get(D, 0));
        });
    }

    @Test
    void otherThreadsReadWhatAFitAllocated() throws Exception {
        onFreshThread(() -> {
            for (int k = 0; k < 4; k++) { // the last two from the slab
                try (RunMemory m = new RunMemory()) {
                    MemorySegment a = m.allocate(64, 64);
                    a.set(D, 0, 3.5);
                    double read = CompletableFuture.supplyAsync(() -> a.get(D, 0)).join();
                    assertEquals(3.5, read);
                }
            }
        });
    }

    @Test
    void refusesABadSizeOrAlignment() {
        try (RunMemory m = new RunMemory()) {
            assertThrows(IllegalArgumentException.class, () -> m.allocate(-1, 8));
            assertThrows(IllegalArgumentException.class, () -> m.allocate(8, 3));
        }
    }

    @Test
    void repeatedFitsOnOneThreadGiveTheSameBits() throws Exception {
        onFreshThread(() -> {
            // Rosenbrock: L-BFGS's pairs, the trace and the run's vectors all come from the work memory
            FunctionObjective f = new FunctionObjective(2, (w, g) -> {
                double x = w[0];
                double y = w[1];
                g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
                g[1] = 200 * (y - x * x);
                return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
            });
            Options o = Options.defaults().withGtol(1e-10);
            Result first = Minimizer.minimize(f, new double[] {-1.2, 1}, Method.LBFGS, o);
            for (int k = 0; k < 3; k++) {
                Result again = Minimizer.minimize(f, new double[] {-1.2, 1}, Method.LBFGS, o);
                assertArrayEquals(first.w(), again.w(), 0.0);
                assertArrayEquals(first.trace().f(), again.trace().f(), 0.0);
                assertEquals(first.iterations(), again.iterations());
            }
            assertEquals(1.0, first.w()[0], 1e-8);
        });
    }
}
