package io.curvature.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;

/**
 * The work memory of one fit: zeroed segments that the kernels' worker threads may read. Closing a shared arena
 * is a handshake with every thread of the JVM (about 0.15 ms here, a third of a whole Newton fit of the breast-cancer
 * data), so a thread that fits again and again takes a small fit's work memory from a slab it keeps for the next
 * fit; a larger fit, a thread's first fit (a virtual thread per request would never reuse a slab), or a fit started
 * while its thread's slab is in use (a fit inside an objective) gets a shared arena closed at the end. A slab is
 * garbage-collected memory ({@link Arena#ofAuto()}), freed with its thread or when a bigger one replaces it, and at
 * most {@link #MAX_CACHED_BYTES} per thread.
 */
final class RunMemory implements SegmentAllocator, AutoCloseable {

    /**
     * The largest slab a thread keeps: the work memory of a dense fit up to about 120 parameters. Larger fits take
     * milliseconds, against which an arena's close does not count.
     */
    static final long MAX_CACHED_BYTES = 256L << 10;
    private static final long ALIGNMENT = 64;

    /** A thread's slab; {@code inUse} while a fit of that thread allocates from it. */
    private static final class Slab {
        final MemorySegment segment;
        boolean inUse;

        Slab(long bytes) {
            segment = bytes == 0 ? MemorySegment.NULL : Arena.ofAuto().allocate(bytes, ALIGNMENT);
        }
    }

    private static final ThreadLocal<Slab> SLABS = new ThreadLocal<>();
    /** Marks a thread that has run one fit: its second gets a slab. */
    private static final Slab SEEN = new Slab(0);

    private final Slab slab;
    private long used;
    /** Bytes asked for in all, slab or not: the size of the slab for this thread's next fit. */
    private long asked;
    private Arena overflow;

    RunMemory() {
        Slab s = SLABS.get();
        slab = s != null && s != SEEN && !s.inUse ? s : null;
        if (slab != null) {
            slab.inUse = true;
        }
    }

    /** A zeroed segment of {@code byteSize} bytes aligned to {@code byteAlignment}, valid until {@link #close}. */
    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize < 0 || byteAlignment <= 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("invalid size " + byteSize + " or alignment " + byteAlignment);
        }
        long align = Math.max(byteAlignment, ALIGNMENT);
        asked += byteSize + align;
        if (slab != null && byteAlignment <= ALIGNMENT) {
            long start = (used + align - 1) & -align;
            if (start + byteSize <= slab.segment.byteSize()) {
                used = start + byteSize;
                return slab.segment.asSlice(start, byteSize).fill((byte) 0);
            }
        }
        if (overflow == null) {
            overflow = Arena.ofShared();
        }
        return overflow.allocate(byteSize, byteAlignment);
    }

    /**
     * Frees what did not come from the slab and hands the slab back to the thread; a small fit that outgrew the
     * slab, or found none on a thread that has fitted before, leaves one of its size for the next.
     */
    @Override
    public void close() {
        if (overflow != null) {
            overflow.close();
        }
        if (slab != null) {
            slab.inUse = false;
        }
        Slab current = SLABS.get();
        if (current == null) {
            SLABS.set(SEEN);
            return;
        }
        boolean outgrown = slab == null ? current == SEEN : asked > slab.segment.byteSize();
        if (outgrown && asked <= MAX_CACHED_BYTES) {
            SLABS.set(new Slab(Math.max(asked, 4096)));
        }
    }
}
