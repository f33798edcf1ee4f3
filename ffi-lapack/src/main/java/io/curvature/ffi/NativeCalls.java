package io.curvature.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(null, r, "curvature-native-" + COUNT.incrementAndGet(), STACK_BYTES);
                t.setDaemon(true);
                return t;
            });

    /** A thread that is never started: a segment accessible by it is accessible by any thread. */
    private static final Thread ANY_THREAD = new Thread(() -> { });

    private NativeCalls() {
    }

    /** Whether a call on a matrix of order {@code n} runs on a worker thread. */
    static boolean onWorker(int n) {
        return n >= INLINE_BELOW;
    }

    /** An arena for the call's temporary copies: confined when inline (cheap to close), else shared. */
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
        Future<Integer> f = POOL.submit(() -> invoke(routine, call));
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(routine + " failed", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + routine, e);
        }
    }

    private static int invoke(String routine, Call call) {
        try {
            return call.invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(routine + " call failed", t);
        }
    }
}
