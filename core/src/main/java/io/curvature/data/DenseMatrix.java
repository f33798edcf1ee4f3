package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A dense {@code rows x cols} matrix of doubles, row-major, off-heap.
 *
 * <p>Element {@code (i, j)} is at element offset {@code i * cols + j} of {@link #segment()} (byte
 * offset times 8). Rows are {@code long}-indexed so a matrix may hold more than 2^31 elements (a
 * memory-mapped {@code .npy}); the column count is an {@code int}. A matrix the library allocated or
 * mapped owns its memory: {@link #close()} frees it at once, and the garbage collector frees it when the
 * matrix is dropped unclosed. A borrowed segment ({@link #wrap(MemorySegment, long, int)}) stays the
 * caller's.
 */
public final class DenseMatrix extends OffHeapArray {

    private final long rows;
    private final int cols;

    private DenseMatrix(Arena arena, MemorySegment segment, long rows, int cols, boolean allocatedHere) {
        super(arena, segment, allocatedHere);
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * A new zeroed matrix, 64-byte aligned, in its own shared arena (freed by {@link #close()} or the collector).
     *
     * @param rows {@code n >= 0}
     * @param cols {@code d >= 0}
     * @return the matrix
     */
    public static DenseMatrix zeros(long rows, int cols) {
        checkShape(rows, cols);
        MemoryBudget.require(8.0 * rows * cols, "a " + rows + " x " + cols + " matrix");
        Arena arena = Arena.ofShared();
        try {
            return new DenseMatrix(arena, allocateIn(arena, Math.multiplyExact(rows, (long) cols)), rows, cols, true);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    /**
     * A new matrix holding a copy of {@code values} (row-major, {@code values[i][j]}); rows must be equally long.
     *
     * @param values the rows
     * @return the matrix
     */
    public static DenseMatrix of(double[][] values) {
        int cols = values.length == 0 ? 0 : values[0].length;
        DenseMatrix m = zeros(values.length, cols);
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != cols) {
                m.close();
                throw new IllegalArgumentException("ragged rows: row 0 has " + cols + " columns, row " + i
                        + " has " + values[i].length);
            }
            MemorySegment.copy(values[i], 0, m.segment(), ValueLayout.JAVA_DOUBLE, m.offsetBytes(i, 0), cols);
        }
        return m;
    }

    /**
     * Takes ownership of {@code segment} (for instance a memory-mapped file region) and of {@code arena}:
     * closing the matrix, or dropping it unclosed, closes the arena.
     *
     * @throws IllegalArgumentException if the segment is smaller than {@code rows * cols} doubles
     * @param arena the arena that owns the segment, closed with the matrix
     * @param segment row-major doubles
     * @param rows {@code n}
     * @param cols {@code d}
     * @return the matrix
     */
    public static DenseMatrix wrap(Arena arena, MemorySegment segment, long rows, int cols) {
        checkShape(rows, cols);
        long bytes = Math.multiplyExact(Math.multiplyExact(rows, (long) cols), DOUBLE_BYTES);
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes cannot hold a "
                    + rows + "x" + cols + " matrix (" + bytes + " bytes)");
        }
        return new DenseMatrix(arena, segment.asSlice(0, bytes), rows, cols, false);
    }

    /**
     * Borrows {@code segment}: a heap array's ({@code MemorySegment.ofArray(double[])}, no copy) or one of the
     * caller's arena. The matrix never frees it; its {@link #close()} only ends the matrix's use of it.
     *
     * @throws IllegalArgumentException if the segment is smaller than {@code rows * cols} doubles
     * @param segment row-major doubles, the caller's
     * @param rows {@code n}
     * @param cols {@code d}
     * @return the matrix
     */
    public static DenseMatrix wrap(MemorySegment segment, long rows, int cols) {
        return wrap(null, segment, rows, cols);
    }

    private static void checkShape(long rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative matrix shape " + rows + "x" + cols);
        }
    }

    /** {@return number of rows {@code n}} */
    public long rows() {
        return rows;
    }

    /** {@return number of columns {@code d}} */
    public int cols() {
        return cols;
    }

    /** {@return number of elements, {@code rows * cols}} */
    public long size() {
        return rows * cols;
    }

    /**
     * Element {@code (i, j)}, bounds-checked.
     *
     * @param i the row
     * @param j the column
     * @return the element
     */
    public double get(long i, int j) {
        return segment().getAtIndex(ValueLayout.JAVA_DOUBLE, index(i, j));
    }

    /**
     * Sets element {@code (i, j)}, bounds-checked.
     *
     * @param i the row
     * @param j the column
     * @param value the new element
     */
    public void set(long i, int j, double value) {
        segment().setAtIndex(ValueLayout.JAVA_DOUBLE, index(i, j), value);
    }

    /**
     * Element offset of {@code (i, j)} in the segment.
     *
     * @param i the row
     * @param j the column
     * @return {@code i * cols + j}
     */
    public long index(long i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside " + describe());
        }
        return i * cols + j;
    }

    private long offsetBytes(long i, int j) {
        return index(i, j) * DOUBLE_BYTES;
    }

    /** {@return a copy on the Java heap, for tests and small matrices} */
    public double[][] toArray() {
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalStateException(describe() + " is too large for a Java array");
        }
        double[][] out = new double[(int) rows][cols];
        for (int i = 0; i < rows; i++) {
            MemorySegment.copy(segment(), ValueLayout.JAVA_DOUBLE, (long) i * cols * DOUBLE_BYTES, out[i], 0, cols);
        }
        return out;
    }

    @Override
    String describe() {
        return rows + "x" + cols + " DenseMatrix";
    }
}
