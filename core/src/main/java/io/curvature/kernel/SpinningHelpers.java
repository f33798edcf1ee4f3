package io.curvature.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Helper threads for the parallel row blocks that spin for a short while after each job before they park.
 * The passes of a fit follow one another within microseconds; waking a parked thread for each of them (as an
 * executor does) can cost more than a pass over a small data set takes. A helper that is
 * still parked when the caller has finished every block is not waited for: its job is withdrawn.
 *
 * <p>One caller at a time: a second caller (another thread's fit, or a block that itself runs blocks) is
 * refused and runs its blocks another way.
 */
final class SpinningHelpers {

    /** The most helpers: more than the other cores would take turns with the threads doing the work. */
    static final int MOST = Runtime.getRuntime().availableProcessors() - 1;

    /** How long a helper spins for its next job before it parks. */
    static final long SPIN_NANOS = 100_000;

    /** How long the caller spins for a helper's last block before it yields its core between checks. */
    private static final long WAIT_SPIN_NANOS = 20_000;

    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** Written only while {@link #BUSY} is held. */
    private static Helper[] helpers = new Helper[0];

    private SpinningHelpers() {
    }

    /**
     * Runs {@code worker} on the calling thread and on {@code count} helpers at once and returns when all have
     * finished, or returns {@code false} without running anything when the helpers are taken. The worker claims
     * its work itself (each block once), so it must be correct however many threads run it.
     *
     * @param count helpers, at least 1
     * @param worker the work, run by every thread
     * @return whether it ran
     * @throws RuntimeException or {@link Error} the first thrown by any thread, after all have finished
     */
    static boolean run(int count, Runnable worker) {
        if (!BUSY.compareAndSet(false, true)) {
            return false;
        }
        try {
            Helper[] hs = helpers(count);
            for (int i = 0; i < count; i++) {
                hs[i].offer(worker);
            }
            Throwable failure = null;
            try {
                worker.run();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int i = 0; i < count; i++) {
                Throwable f = hs[i].finish();
                failure = failure == null ? f : failure;
            }
            rethrow(failure, "kernel helper failed");
            return true;
        } finally {
            BUSY.set(false);
        }
    }

    /** Throws {@code failure} as it is when unchecked, wrapped with {@code message} otherwise; nothing when null. */
    static void rethrow(Throwable failure, String message) {
        if (failure instanceof RuntimeException re) {
            throw re;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException(message, failure);
        }
    }

    /** The first {@code count} helpers, started on first use; called while {@link #BUSY} is held. */
    private static Helper[] helpers(int count) {
        if (helpers.length < count) {
            Helper[] grown = java.util.Arrays.copyOf(helpers, count);
            for (int i = helpers.length; i < count; i++) {
                grown[i] = new Helper(i);
                grown[i].start();
            }
            helpers = grown;
        }
        return helpers;
    }

    private static final class Helper extends Thread {
        private static final int IDLE = 0;
        private static final int OFFERED = 1;
        private static final int TAKEN = 2;

        private final AtomicInteger state = new AtomicInteger(IDLE);
        /** Written before {@code state} becomes OFFERED, read after it was seen so. */
        private Runnable job;
        /** Written before {@code state} returns to IDLE. */
        private Throwable failure;
        private volatile boolean parked;

        Helper(int index) {
            super("curvature-kernel-helper-" + index);
            setDaemon(true);
        }

        void offer(Runnable worker) {
            job = worker;
            state.set(OFFERED);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        /** Waits for the job to end, or withdraws it if not yet taken; returns what it threw. */
        Throwable finish() {
            if (state.compareAndSet(OFFERED, IDLE)) {
                job = null;
                return null;
            }
            long spinStart = System.nanoTime();
            while (state.get() != IDLE) {
                if (System.nanoTime() - spinStart < WAIT_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the helper may have lost its core: give it this one
                }
            }
            Throwable f = failure;
            failure = null;
            return f;
        }

        @Override
        public void run() {
            while (true) {
                awaitOffer();
                if (state.compareAndSet(OFFERED, TAKEN)) {
                    Runnable j = job;
                    job = null;
                    try {
                        j.run();
                    } catch (Throwable t) {
                        failure = t;
                    }
                    state.set(IDLE);
                }
            }
        }

        private void awaitOffer() {
            long spinStart = System.nanoTime();
            while (state.get() != OFFERED) {
                if (System.nanoTime() - spinStart < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (state.get() != OFFERED) { // an offer that saw parked == false was made before this read
                    LockSupport.park(this);
                }
                parked = false;
                spinStart = System.nanoTime();
            }
        }
    }
}
