package io.curvature.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.foreign.Arena;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The deterministic parallel scheme of the kernels. Rows are split into blocks by a rule that depends on
 * the row count and the operation only, never on the thread count; every block writes its partial result
 * into its own buffer; partials are summed in block order. So a result is bitwise the same for 1 or N
 * threads, and threads only decide who computes which block.
 */
public final class RowBlocks {

    /** Work on the rows {@code [start, end)} of one block into {@code partial}, returning a scalar partial. */
    @FunctionalInterface
    public interface BlockTask {
        /**
         * Runs the block.
         *
         * @param partial zeroed buffer of at least {@code partialLength + scratchLength} doubles: the
         *                first {@code partialLength} are this block's partial result, the rest private scratch
         * @return this block's contribution to the scalar result (0 if the operation has none)
         * @param start the block's first row
         * @param end one past its last row
         */
        double run(long start, long end, MemorySegment partial);
    }

    /**
     * Rows the kernels give each block at least, for operations with a vector-length partial: smaller data stay on
     * the calling thread, since a pass split across threads waits for any helper that loses its core meanwhile.
     */
    public static final int MIN_BLOCK_ROWS = 1024;
    /** Most blocks for operations with a vector-length partial. */
    public static final int MAX_BLOCKS = 64;

    /**
     * A thread's reusable partial buffer, so that a pass allocates nothing. Off-heap
     * like the data: a vector loop that sees heap and native segments at one call site is compiled
     * less well than one that sees native segments only.
     */
    private static final class Scratch {
        long capacity;
        MemorySegment segment = MemorySegment.NULL;
        double[] scalars = new double[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /**
     * The most doubles of block partials a calling thread keeps for reuse (8 MB): a pass's vector partials, so that
     * a pass allocates nothing; larger ones (Gram matrices) are allocated per call and freed at its end.
     */
    static final long REUSED_PARTIALS = 1 << 20;
    /** The calling thread's partials of every block for the N-thread path, up to {@link #REUSED_PARTIALS}. */
    private static final ThreadLocal<Scratch> PARTIALS = ThreadLocal.withInitial(Scratch::new);

    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "curvature-kernel");
        t.setDaemon(true);
        return t;
    });

    private RowBlocks() {
    }

    /**
     * Number of blocks for {@code rows} rows: {@code ceil(rows / minRows)} clamped to {@code [1, maxBlocks]}, then
     * {@link #balanced}.
     *
     * @param rows the rows
     * @param minRows the fewest rows worth a block
     * @param maxBlocks the most blocks
     * @return the number of blocks
     */
    public static int count(long rows, int minRows, int maxBlocks) {
        long blocks = (rows + minRows - 1) / minRows;
        return balanced((int) Math.max(1, Math.min(maxBlocks, blocks)));
    }

    /**
     * {@code blocks} rounded down to a count that 2 and 4 threads share evenly: 1, 2 or a multiple of 4 (3 equal
     * blocks on 2 threads cap the speed-up at 1.5x). The count depends on the data alone, never on the threads.
     *
     * @param blocks a block count, {@code >= 1}
     * @return the balanced count, {@code <= blocks}
     */
    public static int balanced(int blocks) {
        return blocks < 4 ? Math.min(blocks, 2) : blocks & -4;
    }

    /**
     * First row of block {@code b} of {@code blocks}: {@code floor(b * rows / blocks)}, overflow-safe.
     *
     * @param rows the rows
     * @param blocks the number of blocks
     * @param b the block, {@code 0..blocks} ({@code blocks} gives {@code rows})
     * @return its first row
     */
    public static long start(long rows, int blocks, int b) {
        return rows / blocks * b + rows % blocks * b / blocks;
    }

    /**
     * Runs {@code task} on every block and writes the block-ordered sum of the partials to
     * {@code out[outOff .. outOff + partialLength)}; returns the block-ordered sum of the scalar results.
     *
     * @param threads at most this many threads work (the caller is one of them); 1 runs inline without
     *                allocating
     * @param rows the rows
     * @param minRows the fewest rows worth a block
     * @param maxBlocks the most blocks
     * @param partialLength the doubles of each block's partial result
     * @param scratchLength the doubles of each block's private scratch
     * @param task the work of one block
     * @param out where the summed partials go
     * @param outOff its first element
     * @return the summed scalar results
     */
    public static double reduce(int threads, long rows, int minRows, int maxBlocks, int partialLength,
                                int scratchLength, BlockTask task, MemorySegment out, long outOff) {
        int blocks = count(rows, minRows, maxBlocks);
        int stride = partialLength + scratchLength;
        for (int k = 0; k < partialLength; k++) {
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, outOff + k, 0.0);
        }
        if (threads <= 1 || blocks == 1) {
            MemorySegment partial = scratch(stride);
            double sum = 0;
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < stride; k++) {
                    partial.setAtIndex(ValueLayout.JAVA_DOUBLE, k, 0.0);
                }
                sum += task.run(start(rows, blocks, b), start(rows, blocks, b + 1), partial);
                addInto(out, outOff, partial, partialLength);
            }
            return sum;
        }
        long strideBytes = (long) stride * Double.BYTES;
        long length = Math.multiplyExact(blocks, (long) stride);
        Scratch s = PARTIALS.get();
        if (s.scalars.length < blocks) {
            s.scalars = new double[Math.max(blocks, 2 * s.scalars.length)];
        }
        if (length <= REUSED_PARTIALS) {
            // the calling thread's reusable buffer, each block's slice zeroed by the thread that runs the block
            return reduceInto(threads, rows, blocks, strideBytes, partialLength, task, scratch(s, length), s.scalars,
                    out, outOff);
        }
        // large partials (a Gram's d x d per block): their own memory, freed when the call returns, not kept
        try (Arena arena = Arena.ofShared()) {
            return reduceInto(threads, rows, blocks, strideBytes, partialLength, task,
                    arena.allocate(length * Double.BYTES, 64), s.scalars, out, outOff);
        }
    }

    private static double reduceInto(int threads, long rows, int blocks, long strideBytes, int partialLength,
                                     BlockTask task, MemorySegment partials, double[] scalars, MemorySegment out,
                                     long outOff) {
        forEachBlock(threads, blocks, b -> {
            MemorySegment partial = partials.asSlice(b * strideBytes, strideBytes);
            partial.fill((byte) 0);
            scalars[b] = task.run(start(rows, blocks, b), start(rows, blocks, b + 1), partial);
        });
        double sum = 0;
        for (int b = 0; b < blocks; b++) {
            sum += scalars[b];
            addInto(out, outOff, partials.asSlice(b * strideBytes, strideBytes), partialLength);
        }
        return sum;
    }

    /** Work on the rows {@code [start, end)} of one block whose output no other block writes. */
    @FunctionalInterface
    public interface RangeTask {
        /**
         * Runs the block.
         *
         * @param start its first row
         * @param end   one past its last row
         */
        void run(long start, long end);
    }

    /**
     * Runs {@code task} on every block where blocks write disjoint outputs (no reduction).
     *
     * @param threads at most this many threads work (the caller is one of them)
     * @param rows the rows
     * @param minRows the fewest rows worth a block
     * @param maxBlocks the most blocks
     * @param task the work of one block
     */
    public static void forEach(int threads, long rows, int minRows, int maxBlocks, RangeTask task) {
        int blocks = count(rows, minRows, maxBlocks);
        if (threads <= 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                task.run(start(rows, blocks, b), start(rows, blocks, b + 1));
            }
            return;
        }
        forEachBlock(threads, blocks, b -> task.run(start(rows, blocks, b), start(rows, blocks, b + 1)));
    }

    private interface BlockIndexTask {
        void run(int block);
    }

    private static void forEachBlock(int threads, int blocks, BlockIndexTask task) {
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                task.run(b);
            }
        };
        int helpers = Math.min(threads, blocks) - 1;
        int spinning = Math.min(helpers, SpinningHelpers.MOST);
        if (spinning >= 1 && SpinningHelpers.run(spinning, worker)) {
            return;
        }
        Future<?>[] futures = new Future<?>[helpers];
        for (int t = 0; t < helpers; t++) {
            futures[t] = POOL.submit(worker);
        }
        Throwable failure = null;
        try {
            worker.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        SpinningHelpers.rethrow(failure, "kernel worker interrupted");
    }

    private static MemorySegment scratch(int length) {
        return scratch(SCRATCH.get(), length);
    }

    private static MemorySegment scratch(Scratch s, long length) {
        if (s.capacity < length) {
            s.capacity = Math.max(length, 2 * s.capacity);
            s.segment = Arena.ofAuto().allocate(s.capacity * Double.BYTES, 64);
        }
        return s.segment;
    }

    private static void addInto(MemorySegment out, long outOff, MemorySegment partial, int length) {
        for (int k = 0; k < length; k++) {
            long idx = outOff + k;
            out.setAtIndex(ValueLayout.JAVA_DOUBLE, idx,
                    out.getAtIndex(ValueLayout.JAVA_DOUBLE, idx) + partial.getAtIndex(ValueLayout.JAVA_DOUBLE, k));
        }
    }

}
