package io.curvature.data;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the off-heap bytes the library has allocated and not yet freed, and asks for a garbage collection
 * when they pass a threshold, so that containers dropped without {@code close()} are found and their memory
 * freed by their cleaners. The garbage collector alone would not do it: a dropped matrix is a few bytes of
 * heap holding megabytes off-heap, and the off-heap part does not count towards any heap limit. This is
 * what the JDK does for direct buffers; arenas do not.
 *
 * <p>The threshold starts at the maximum heap size ({@code -Xmx}, the JDK's default for direct memory, or
 * {@code -Dcurvature.offheap.gcThreshold=BYTES}) and, after each collection, is at least twice the memory
 * still in use, so a growing live set costs a logarithmic number of collections.
 */
final class OffHeapBudget {

    private static final long INITIAL = Long.getLong("curvature.offheap.gcThreshold", Runtime.getRuntime().maxMemory());
    /** How long to wait for the cleaners after a collection, in total. */
    private static final long WAIT_NANOS = 100_000_000L;
    /** How long the cleaners may free nothing before the rest counts as live. */
    private static final long STALL_NANOS = 20_000_000L;

    private static final AtomicLong IN_USE = new AtomicLong();
    private static volatile long threshold = INITIAL;

    private OffHeapBudget() {
    }

    /** Counts {@code bytes} about to be allocated; first collects dropped containers when over the threshold. */
    static void reserve(long bytes) {
        long now = IN_USE.addAndGet(bytes);
        if (now > threshold) {
            collect();
        }
    }

    /** Counts {@code bytes} freed. */
    static void release(long bytes) {
        IN_USE.addAndGet(-bytes);
    }

    /** Bytes allocated and not yet freed. */
    static long inUse() {
        return IN_USE.get();
    }

    private static synchronized void collect() {
        if (IN_USE.get() <= threshold) {
            return; // another thread collected meanwhile
        }
        System.gc();
        // The cleaners run on their own thread after the collection; wait while they make progress, since the
        // next threshold depends on what is left.
        long start = System.nanoTime();
        long lastProgress = start;
        long seen = IN_USE.get();
        while (true) {
            long now = System.nanoTime();
            long current = IN_USE.get();
            if (current < seen) {
                seen = current;
                lastProgress = now;
            }
            if (now - start > WAIT_NANOS || now - lastProgress > STALL_NANOS) {
                break; // what is left is live (or the cleaners are slow): go on either way
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threshold = Math.max(INITIAL, 2 * IN_USE.get());
    }
}
