package io.curvature.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory for the arguments of a native call. A native segment the calling thread can use is
 * passed as it is (itself at offset 0, so nothing is allocated, else a slice at the offset); a heap
 * segment, or one confined to another thread than the one making the call, is copied into an arena first
 * and, for outputs, copied back by {@link #copyBack}: native code never sees the Java heap.
 */
final class NativeArgs {

    private NativeArgs() {
    }

    /**
     * {@code bytes} bytes of {@code s} from {@code byteOffset}, as memory to pass to a call made inline or
     * on a worker; {@code arena} (for the copy) may be null when {@link NativeCalls#needsCopy} is false.
     */
    static MemorySegment pass(Arena arena, MemorySegment s, long byteOffset, long bytes, boolean worker) {
        if (!NativeCalls.needsCopy(s, worker)) {
            return byteOffset == 0 ? s : s.asSlice(byteOffset, bytes);
        }
        MemorySegment copy = arena.allocate(Math.max(bytes, 1), 64);
        MemorySegment.copy(s, byteOffset, copy, 0, bytes);
        return copy;
    }

    /** Writes back what {@link #pass} copied (nothing when it passed {@code s} itself). */
    static void copyBack(MemorySegment passed, MemorySegment s, long byteOffset, long bytes, boolean worker) {
        if (NativeCalls.needsCopy(s, worker)) {
            MemorySegment.copy(passed, 0, s, byteOffset, bytes);
        }
    }
}
