package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;

/**
 * Base of the off-heap containers: a {@link MemorySegment} of {@code double}s, either owned (through the
 * {@link Arena} that allocated or mapped it) or borrowed from a caller.
 *
 * <p>Owned memory frees itself: when the container becomes unreachable, a {@link Cleaner} closes its arena,
 * as an automatic arena would, so a forgotten {@link #close()} does not leak. {@link #close()} frees it at
 * once. The arena is shared, so worker threads may read the segment. Borrowed memory (a heap array, a
 * segment of the caller's arena) is never closed by the container: {@link #close()} only ends this object's
 * use of it. Any access through a closed container is an {@link IllegalStateException} naming it, never a
 * crash. A segment obtained from {@link #segment()} stays valid while its container is reachable and open.
 */
public abstract sealed class OffHeapArray implements AutoCloseable permits DenseMatrix, DenseVector {

    /** Alignment in bytes of every segment Curvature allocates: one cache line, one AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    /** Bytes per element. */
    static final long DOUBLE_BYTES = ValueLayout.JAVA_DOUBLE.byteSize();

    private final MemorySegment segment;
    /** Closes the owned arena once, at {@link #close()} or after the container became unreachable; null if borrowed. */
    private final Cleaner.Cleanable release;
    private volatile boolean closed;

    /**
     * @param arena         the arena that owns {@code segment}, closed with this container; {@code null} when
     *                      the segment is borrowed
     * @param allocatedHere whether {@code segment} came from {@link #allocateIn} (and is counted)
     */
    OffHeapArray(Arena arena, MemorySegment segment, boolean allocatedHere) {
        this.segment = segment;
        long counted = allocatedHere ? segment.byteSize() : 0;
        this.release = arena == null ? null : ArenaRelease.register(this, arena, counted);
    }

    /**
     * Allocates {@code elements} zeroed doubles, 64-byte aligned, in {@code arena}, counted by {@link OffHeapBudget}
     * (which may first collect containers dropped unclosed). The container made from the segment uncounts it.
     */
    static MemorySegment allocateIn(Arena arena, long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("negative element count " + elements);
        }
        long bytes = Math.multiplyExact(elements, DOUBLE_BYTES);
        OffHeapBudget.reserve(bytes);
        try {
            return arena.allocate(bytes, ALIGNMENT);
        } catch (RuntimeException | OutOfMemoryError e) {
            OffHeapBudget.release(bytes);
            throw e;
        }
    }

    /**
     * The storage, row-major for a matrix. Valid until {@link #close()}.
     *
     * @throws IllegalStateException if this object was closed
     * @return the segment
     */
    public final MemorySegment segment() {
        requireOpen();
        return segment;
    }

    /** {@return whether {@link #close()} has not been called yet (and a borrowed segment's owner has not freed it)} */
    public final boolean isOpen() {
        return !closed && segment.scope().isAlive();
    }

    /** {@return whether this container frees its memory ({@code false} for a borrowed segment)} */
    public final boolean ownsMemory() {
        return release != null;
    }

    final void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException(describe() + " used after close()");
        }
    }

    /** A short description (kind and shape) for messages. */
    abstract String describe();

    /** Frees owned memory now; for a borrowed segment, ends this object's use of it. Idempotent. */
    @Override
    public final void close() {
        closed = true;
        if (release != null) {
            release.clean();
        }
    }

    @Override
    public String toString() {
        return describe() + (isOpen() ? "" : " (closed)");
    }
}
