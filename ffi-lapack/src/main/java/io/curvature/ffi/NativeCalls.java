package io.curvature.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs native calls where OpenBLAS can safely use its threaded code paths.
 *
 * <p>OpenBLAS's threaded routines put large work arrays on the caller's stack (measured here:
 * {@code LAPACKE_dgetrf} on a 100 x 100 matrix overflows a 1 MiB Java thread stack and kills the JVM
 * with SIGSEGV, no Java exception possible). A caller's thread may have any stack size, so calls on
 * matrices of order {@link #INLINE_BELOW} or more, and all BLAS level-3 calls, run on this class's
 * threads, which have {@link #STACK_BYTES} stacks. Smaller LAPACK calls, which OpenBLAS runs
 * single-threaded, stay on the calling thread and keep the downcall's sub-microsecond overhead.
 * Memory passed to a worker must be accessible from it: {@link #needsCopy} says when to copy.
 */
final class NativeCalls {

    /** LAPACK calls on matrices of a smaller order run on the calling thread. */
    static final int INLINE_BELOW = 64;
    /** Stack of the native worker threads. */
    static final long STACK_BYTES = 64L << 20;

    /** A native call returning LAPACK's {@code info} (or 0 for void routines). */
    @FunctionalInterface
    interface Call {
        int invoke() throws Throwable;
    }

    /**
     * A worker thread and its one-call mailbox. The hand-off allocates nothing: the caller takes an idle
     * worker from {@link #IDLE} (an array-backed queue), writes the call into {@link #call} (volatile) and
     * unparks the worker; the worker writes the outcome, then {@link #done} (volatile), and unparks the caller.
     */
    private static final class Worker implements Runnable {
        private volatile Call call;
        private volatile Thread caller;
        private volatile boolean done;
        private int result;
        private Throwable failure;
        private Thread thread;

        @Override
        public void run() {
            for (;;) {
                Call c = call;
                if (c == null) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    result = c.invoke();
                    failure = null;
                } catch (Throwable t) {
                    failure = t;
                }
                call = null;
                done = true;
                LockSupport.unpark(caller);
            }
        }

        /** Runs {@code c} on this worker and waits for it; an interrupt is kept for after the call. */
        void runAndWait(Call c) {
            done = false;
            caller = Thread.currentThread();
            call = c;
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // a native call cannot be abandoned half way
            }
            caller = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final ArrayBlockingQueue<Worker> IDLE = new ArrayBlockingQueue<>(WORKERS);

    static {
        for (int i = 1; i <= WORKERS; i++) {
            Worker w = new Worker();
            w.thread = new Thread(null, w, "curvature-native-" + i, STACK_BYTES);
            w.thread.setDaemon(true);
            w.thread.start();
            IDLE.add(w);
        }
    }

    /** A thread that is never started: a segment accessible by it is accessible by any thread. */
    private static final Thread ANY_THREAD = new Thread(() -> { });

    private NativeCalls() {
    }

    /** Whether a call on a matrix of order {@code n} runs on a worker thread. */
    static boolean onWorker(int n) {
        return n >= INLINE_BELOW;
    }

    /**
     * An arena for the call's temporary copies, or {@code null} when neither segment needs one (the usual
     * case: native memory every thread can use).
     */
    static Arena arenaFor(boolean worker, MemorySegment a, MemorySegment b) {
        boolean copies = needsCopy(a, worker) || (b != null && needsCopy(b, worker));
        return copies ? arenaFor(worker) : null;
    }

    /** An arena for temporary native memory of one call: confined when inline (cheap to close), else shared. */
    static Arena arenaFor(boolean worker) {
        return worker ? Arena.ofShared() : Arena.ofConfined();
    }

    /** Whether {@code s} must be copied to native memory usable by the thread that makes the call. */
    static boolean needsCopy(MemorySegment s, boolean worker) {
        return !s.isNative() || (worker && !s.isAccessibleBy(ANY_THREAD));
    }

    /** Makes {@code call} inline or on a worker; returns its result, exceptions unchanged. */
    static int call(boolean worker, String routine, Call call) {
        if (!worker) {
            return invoke(routine, call);
        }
        Worker w = takeWorker();
        int result;
        Throwable failure;
        try {
            w.runAndWait(call);
            result = w.result;
            failure = w.failure;
            w.failure = null;
        } finally {
            IDLE.add(w);
        }
        if (failure != null) {
            rethrow(routine, failure);
        }
        return result;
    }

    /**
     * An idle worker, waiting for one if all are busy. Like a native call made inline, waiting is not
     * interruptible: an interrupt is kept for the caller to see after the call.
     */
    private static Worker takeWorker() {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return IDLE.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int invoke(String routine, Call call) {
        try {
            return call.invoke();
        } catch (Throwable t) {
            rethrow(routine, t);
            return 0;
        }
    }

    private static void rethrow(String routine, Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(routine + " call failed", t);
    }
}
