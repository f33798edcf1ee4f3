package io.curvature.objective;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Detects the concurrent use of an object that keeps a workspace (every objective here): each call claims the
 * object for its thread, nested calls on that thread pass, and a second thread gets a
 * {@link ConcurrentUseException} naming the object instead of a silently different result. One
 * compare-and-set per call.
 */
final class SingleThreadedUse {

    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final String name;

    SingleThreadedUse(String name) {
        this.name = name;
    }

    /**
     * Claims the object for the calling thread; returns whether this call claimed it (false when nested).
     *
     * @throws ConcurrentUseException if another thread is inside a call on the object
     */
    boolean claim() {
        Thread self = Thread.currentThread();
        Thread holder = owner.compareAndExchange(null, self);
        if (holder == null) {
            return true;
        }
        if (holder == self) {
            return false;
        }
        throw new ConcurrentUseException(name + " is in use by thread '" + holder.getName() + "' and is not "
                + "thread-safe: give each thread its own instance");
    }

    /** Ends the claim made by {@link #claim()} when it returned true. */
    void release(boolean claimed) {
        if (claimed) {
            owner.set(null);
        }
    }
}
