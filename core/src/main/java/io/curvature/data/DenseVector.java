package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A dense vector of doubles, {@code long}-indexed; off-heap and 64-byte aligned when the library allocates it
 * (owned: freed by {@link #close()} or, when dropped unclosed, by the garbage collector), or a borrowed segment.
 */
public final class DenseVector extends OffHeapArray {

    private final long length;

    private DenseVector(Arena arena, MemorySegment segment, long length, boolean allocatedHere) {
        super(arena, segment, allocatedHere);
        this.length = length;
    }

    /**
     * A new zeroed vector in its own shared arena.
     *
     * @param length the number of elements, {@code >= 0}
     * @return the vector
     */
    public static DenseVector zeros(long length) {
        MemoryBudget.require(8.0 * length, "a vector of " + length + " doubles");
        Arena arena = Arena.ofShared();
        try {
            return new DenseVector(arena, allocateIn(arena, length), length, true);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A new vector holding a copy of {@code values}.
     *
     * @param values the elements
     * @return the vector
     */
    public static DenseVector of(double... values) {
        DenseVector v = zeros(values.length);
        MemorySegment.copy(values, 0, v.segment(), ValueLayout.JAVA_DOUBLE, 0, values.length);
        return v;
    }

    /**
     * Takes ownership of {@code segment} and {@code arena}, as {@link DenseMatrix#wrap}.
     *
     * @param arena the arena that owns the segment, closed with the vector
     * @param segment the doubles
     * @param length the number of elements
     * @return the vector
     */
    public static DenseVector wrap(Arena arena, MemorySegment segment, long length) {
        long bytes = Math.multiplyExact(length, DOUBLE_BYTES);
        if (length < 0 || segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize()
                    + " bytes cannot hold a vector of length " + length);
        }
        return new DenseVector(arena, segment.asSlice(0, bytes), length, false);
    }

    /**
     * Borrows {@code segment} (a heap array's or the caller's arena's): the vector never frees it.
     *
     * @param segment the doubles, the caller's
     * @param length the number of elements
     * @return the vector
     */
    public static DenseVector wrap(MemorySegment segment, long length) {
        return wrap(null, segment, length);
    }

    /** {@return number of elements} */
    public long length() {
        return length;
    }

    /**
     * Element {@code i}, bounds-checked.
     *
     * @param i the index
     * @return the element
     */
    public double get(long i) {
        return segment().getAtIndex(ValueLayout.JAVA_DOUBLE, checkIndex(i));
    }

    /**
     * Sets element {@code i}, bounds-checked.
     *
     * @param i the index
     * @param value the new element
     */
    public void set(long i, double value) {
        segment().setAtIndex(ValueLayout.JAVA_DOUBLE, checkIndex(i), value);
    }

    private long checkIndex(long i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " outside " + describe());
        }
        return i;
    }

    /** {@return a new vector with the same elements, owning its memory} */
    public DenseVector copy() {
        DenseVector v = zeros(length);
        MemorySegment.copy(segment(), 0, v.segment(), 0, length * DOUBLE_BYTES);
        return v;
    }

    /** {@return a copy on the Java heap} */
    public double[] toArray() {
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException(describe() + " is too large for a Java array");
        }
        return segment().toArray(ValueLayout.JAVA_DOUBLE);
    }

    @Override
    String describe() {
        return "DenseVector of length " + length;
    }
}
