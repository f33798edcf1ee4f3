package io.curvature.kernel;

import io.curvature.data.DenseMatrix;

import java.lang.foreign.MemorySegment;

/**
 * A row-major matrix inside a {@link MemorySegment}, as the kernels see it: element {@code (i, j)} is the
 * double at element index {@code offset + i * ld + j}. Checked once, here: the segment must hold the
 * last element, so kernels need no per-call bounds arithmetic beyond their vector arguments.
 *
 * @param segment the storage (not owned: whoever allocated it closes it)
 * @param offset  element index of {@code (0, 0)}
 * @param rows    number of rows {@code n}
 * @param cols    number of columns {@code d}
 * @param ld      leading dimension: elements from one row to the next, {@code >= cols}
 */
public record MatrixView(MemorySegment segment, long offset, long rows, int cols, int ld) {

    /** Validates the shape against the segment. */
    public MatrixView {
        if (segment == null) {
            throw new IllegalArgumentException("matrix segment is null");
        }
        if (rows < 0 || cols < 0 || offset < 0) {
            throw new IllegalArgumentException("bad matrix view: rows=" + rows + ", cols=" + cols + ", offset=" + offset);
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("leading dimension " + ld + " is smaller than the " + cols + " columns");
        }
        if (rows > 0 && cols > 0) {
            long lastElement = Math.addExact(offset, Math.addExact(Math.multiplyExact(rows - 1, (long) ld), cols));
            if (Math.multiplyExact(lastElement, Double.BYTES) > segment.byteSize()) {
                throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix with leading dimension " + ld
                        + " at element offset " + offset + " needs " + lastElement * Double.BYTES
                        + " bytes; the segment has " + segment.byteSize());
            }
        }
    }

    /**
     * The whole of {@code m}.
     *
     * @param m the matrix
     * @return a view of all its rows
     */
    public static MatrixView of(DenseMatrix m) {
        return new MatrixView(m.segment(), 0, m.rows(), m.cols(), Math.max(1, m.cols()));
    }

    /**
     * Element index of the start of row {@code i}.
     *
     * @param i the row
     * @return the element index of its first element
     */
    public long rowStart(long i) {
        return offset + i * ld;
    }
}
