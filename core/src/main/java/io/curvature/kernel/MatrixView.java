package io.curvature.kernel;

import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A row-major matrix inside a {@link MemorySegment}, as the kernels see it: element {@code (i, j)} is the
 * double at element index {@code offset + i * ld + j}. Checked once, here: the segment must hold the
 * last element, so kernels need no per-call bounds arithmetic beyond their vector arguments.
 *
 * <p>With {@code onesColumn}, the matrix has one more column than it stores: its last column,
 * {@code cols() - 1}, is 1 in every row and is not in the segment (the implicit intercept, docs/math.md 1.1).
 * Every kernel gives the same bits as on a matrix that stores that column.
 *
 * @param segment    the storage (not owned: whoever allocated it closes it)
 * @param offset     element index of {@code (0, 0)}
 * @param rows       number of rows {@code n}
 * @param cols       number of columns {@code d}, the implicit column of ones included
 * @param ld         leading dimension: elements from one row to the next, {@code >= storedCols()}
 * @param onesColumn whether the last column is an implicit column of ones
 */
public record MatrixView(MemorySegment segment, long offset, long rows, int cols, int ld, boolean onesColumn) {

    /** Validates the shape against the segment. */
    public MatrixView {
        if (segment == null) {
            throw new IllegalArgumentException("matrix segment is null");
        }
        if (rows < 0 || cols < 0 || offset < 0 || (onesColumn && cols < 1)) {
            throw new IllegalArgumentException("bad matrix view: rows=" + rows + ", cols=" + cols + ", offset=" + offset
                    + (onesColumn ? " with a column of ones" : ""));
        }
        int stored = onesColumn ? cols - 1 : cols;
        if (ld < Math.max(1, stored)) {
            throw new IllegalArgumentException("leading dimension " + ld + " is smaller than the " + stored
                    + " stored columns");
        }
        if (rows > 0 && stored > 0) {
            long lastElement = Math.addExact(offset, Math.addExact(Math.multiplyExact(rows - 1, (long) ld), stored));
            if (Math.multiplyExact(lastElement, Double.BYTES) > segment.byteSize()) {
                throw new IllegalArgumentException("a " + rows + "x" + stored + " matrix with leading dimension " + ld
                        + " at element offset " + offset + " needs " + lastElement * Double.BYTES
                        + " bytes; the segment has " + segment.byteSize());
            }
        }
    }

    /**
     * A view that stores every column.
     *
     * @param segment the storage
     * @param offset  element index of {@code (0, 0)}
     * @param rows    number of rows
     * @param cols    number of columns
     * @param ld      leading dimension, {@code >= cols}
     */
    public MatrixView(MemorySegment segment, long offset, long rows, int cols, int ld) {
        this(segment, offset, rows, cols, ld, false);
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
     * The design matrix of {@code data} as the kernels see it: its stored {@code X}, and the implicit column of
     * ones when it has one ({@link Dataset#hasImplicitIntercept()}).
     *
     * @param data a dense data set
     * @return a view of all its rows and {@link Dataset#features()} columns
     * @throws IllegalStateException for a sparse data set
     */
    public static MatrixView of(Dataset data) {
        return data.hasImplicitIntercept() ? withOnesColumn(data.x()) : of(data.x());
    }

    /**
     * The whole of {@code m} with an implicit last column of ones: {@code m.cols() + 1} columns.
     *
     * @param m the matrix
     * @return a view of all its rows and the column of ones
     */
    public static MatrixView withOnesColumn(DenseMatrix m) {
        return new MatrixView(m.segment(), 0, m.rows(), Math.addExact(m.cols(), 1), Math.max(1, m.cols()), true);
    }

    /** {@return the columns held in the segment: {@code cols()}, less the column of ones when there is one} */
    public int storedCols() {
        return onesColumn ? cols - 1 : cols;
    }

    /**
     * Every {@code stride}-th row, from the first: {@code ceil(rows / stride)} rows, the same columns.
     *
     * @param stride the step between the rows taken, {@code >= 1}
     * @return the strided view
     */
    public MatrixView everyRow(int stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        long m = (rows + stride - 1) / stride;
        return new MatrixView(segment, offset, m, cols, Math.multiplyExact(ld, stride), onesColumn);
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

    /**
     * Element {@code (i, j)}, reading the column of ones as 1 (for code off the hot paths).
     *
     * @param i the row
     * @param j the column
     * @return the element
     */
    public double get(long i, int j) {
        return onesColumn && j == cols - 1 ? 1.0 : segment.getAtIndex(ValueLayout.JAVA_DOUBLE, rowStart(i) + j);
    }
}
