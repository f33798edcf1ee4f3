package io.curvature.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory for one argument of a native call. A native segment the calling thread can use is
 * passed as it is (a slice at the offset); a heap segment, or one confined to another thread than the
 * one making the call, is copied into {@code arena} first and, for outputs, copied back by
 * {@link #copyBack()}: native code never sees the Java heap.
 */
final class NativeArgs {

    private final MemorySegment original;
    private final long byteOffset;
    private final MemorySegment address;
    private final long bytes;
    private final boolean copied;

    private NativeArgs(MemorySegment original, long byteOffset, MemorySegment address, long bytes, boolean copied) {
        this.original = original;
        this.byteOffset = byteOffset;
        this.address = address;
        this.bytes = bytes;
        this.copied = copied;
    }

    /** {@code bytes} bytes of {@code s} from {@code byteOffset}, as native memory for a call (worker or not). */
    static NativeArgs of(Arena arena, MemorySegment s, long byteOffset, long bytes, boolean worker) {
        if (!NativeCalls.needsCopy(s, worker)) {
            return new NativeArgs(s, byteOffset, s.asSlice(byteOffset, bytes), bytes, false);
        }
        MemorySegment copy = arena.allocate(Math.max(bytes, 1), 64);
        MemorySegment.copy(s, byteOffset, copy, 0, bytes);
        return new NativeArgs(s, byteOffset, copy, bytes, true);
    }

    /** The memory to pass. */
    MemorySegment address() {
        return address;
    }

    /** Writes a copy's contents back to the segment it came from (nothing when passed as it is). */
    void copyBack() {
        if (copied) {
            MemorySegment.copy(address, 0, original, byteOffset, bytes);
        }
    }
}
