package io.curvature.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Test helpers: random off-heap arrays at chosen (possibly unaligned) element offsets. */
public final class Segments {

    private Segments() {
    }

    /** {@code n} random doubles in [-1, 1) at element offset {@code off} of a new segment in {@code arena}. */
    public static MemorySegment random(Arena arena, Random rnd, long off, long n) {
        MemorySegment s = arena.allocate((off + n + 1) * Double.BYTES, 64);
        for (long k = 0; k < off + n + 1; k++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, k, 2 * rnd.nextDouble() - 1);
        }
        return s;
    }

    /** A segment of {@code off + n} doubles holding {@code values} from element {@code off}. */
    public static MemorySegment of(Arena arena, long off, double... values) {
        MemorySegment s = arena.allocate((off + values.length) * Double.BYTES + 1, 64);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_DOUBLE, off * Double.BYTES, values.length);
        return s;
    }

    /** Copies {@code n} doubles from element {@code off} of {@code s}. */
    public static double[] read(MemorySegment s, long off, int n) {
        double[] out = new double[n];
        MemorySegment.copy(s, ValueLayout.JAVA_DOUBLE, off * Double.BYTES, out, 0, n);
        return out;
    }

    /** A deep copy of {@code s} in {@code arena}. */
    public static MemorySegment copy(Arena arena, MemorySegment s) {
        MemorySegment c = arena.allocate(s.byteSize(), 64);
        c.copyFrom(s);
        return c;
    }
}
