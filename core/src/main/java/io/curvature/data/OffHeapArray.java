package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Base of the off-heap containers: a {@link MemorySegment} of {@code double}s owned by an {@link Arena}.
 *
 * <p>The arena is shared, so worker threads may read the segment. Closing the container closes the
 * arena and frees (or unmaps) the memory; any later access through this object is an
 * {@link IllegalStateException} that names the object, never a crash.
 */
public abstract sealed class OffHeapArray implements AutoCloseable permits DenseMatrix, DenseVector {

    /** Alignment in bytes of every segment Curvature allocates: one cache line, one AVX-512 vector. */
    public static final long ALIGNMENT = 64;

    /** Bytes per element. */
    static final long DOUBLE_BYTES = ValueLayout.JAVA_DOUBLE.byteSize();

    private final Arena arena;
    private final MemorySegment segment;

    OffHeapArray(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** Allocates {@code elements} zeroed doubles, 64-byte aligned, in a new shared arena. */
    static MemorySegment allocateIn(Arena arena, long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("negative element count " + elements);
        }
        return arena.allocate(Math.multiplyExact(elements, DOUBLE_BYTES), ALIGNMENT);
    }

    /**
     * The storage, row-major for a matrix. Valid until {@link #close()}.
     *
     * @throws IllegalStateException if this object was closed
     */
    public final MemorySegment segment() {
        requireOpen();
        return segment;
    }

    /** Whether {@link #close()} has not been called yet. */
    public final boolean isOpen() {
        return arena.scope().isAlive();
    }

    final void requireOpen() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException(describe() + " used after close()");
        }
    }

    /** A short description (kind and shape) for messages. */
    abstract String describe();

    /** Frees the memory. Idempotent. */
    @Override
    public final void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return describe() + (isOpen() ? "" : " (closed)");
    }
}
