package io.curvature.data;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Cleaner;
import java.util.Arrays;

/**
 * A sparse {@code rows x cols} matrix in compressed sparse row form, off-heap: row {@code i} holds the entries
 * {@code k} in {@code [rowStart(i), rowStart(i + 1))}, each a column {@link #column(long)} (ascending within a
 * row, no duplicates) and a value {@link #value(long)}. Row pointers are {@code long}, so a matrix may hold more
 * than 2^31 nonzeros; columns are {@code int}. Owned memory frees itself as the dense containers' does
 * ({@link #close()} at once, or the garbage collector when dropped).
 */
public final class CsrMatrix implements AutoCloseable {

    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final long rows;
    private final int cols;
    private final MemorySegment rowPtr;
    private final MemorySegment colIdx;
    private final MemorySegment values;
    private final Cleaner.Cleanable release;
    private volatile boolean closed;

    private CsrMatrix(long rows, int cols, MemorySegment rowPtr, MemorySegment colIdx, MemorySegment values,
                      Arena owned, long counted) {
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
        this.release = owned == null ? null : ArenaRelease.register(this, owned, counted);
    }

    /**
     * A matrix of the given rows, copied off-heap.
     *
     * @param cols     the column count {@code d}; every index must be below it
     * @param rowStart {@code rows + 1} ascending offsets into {@code columns}/{@code values}, from 0 to their length
     * @param columns  the column of each entry, ascending and distinct within a row
     * @param values   the value of each entry
     * @param nnz      how many entries of {@code columns} and {@code values} are used
     * @return the matrix
     * @throws IllegalArgumentException for offsets, columns or lengths that do not describe a CSR matrix
     */
    public static CsrMatrix of(int cols, long[] rowStart, int[] columns, double[] values, int nnz) {
        long rows = rowStart.length - 1L;
        if (rows < 0 || cols < 0 || rowStart[0] != 0 || rowStart[(int) rows] != nnz || nnz > columns.length
                || nnz > values.length) {
            throw new IllegalArgumentException("not a CSR description: " + rows + " rows, " + nnz + " entries");
        }
        for (int i = 0; i < rows; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("row offsets decrease at row " + i);
            }
            for (long k = rowStart[i]; k < rowStart[i + 1]; k++) {
                int c = columns[(int) k];
                if (c < 0 || c >= cols || (k > rowStart[i] && c <= columns[(int) k - 1])) {
                    throw new IllegalArgumentException("row " + i + ": column " + c
                            + " is outside 0.." + (cols - 1) + " or not ascending");
                }
            }
        }
        long bytes = (rows + 1) * 8L + nnz * 12L;
        MemoryBudget.require(bytes, "a " + rows + " x " + cols + " sparse matrix with " + nnz + " nonzeros");
        OffHeapBudget.reserve(bytes);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment p = arena.allocate(L, rows + 1);
            MemorySegment c = arena.allocate(I, Math.max(1, nnz));
            MemorySegment v = arena.allocate(D, Math.max(1, nnz));
            MemorySegment.copy(rowStart, 0, p, L, 0, (int) rows + 1);
            MemorySegment.copy(columns, 0, c, I, 0, nnz);
            MemorySegment.copy(values, 0, v, D, 0, nnz);
            return new CsrMatrix(rows, cols, p, c, v, arena, bytes);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            OffHeapBudget.release(bytes);
            throw e;
        }
    }

    /**
     * {@return a builder that appends rows straight into off-heap storage, for more than {@code 2^31} entries and
     * without a heap copy of them}
     */
    public static Builder builder() {
        return new Builder(1 << 12);
    }

    /**
     * Appends rows into off-heap storage that doubles as it fills (a row pointer per row, a column and a value per
     * entry, all indexed by {@code long}), then hands it to the matrix without a copy. Columns must ascend within a
     * row; the column count is given at the end, when a reader knows it. Not thread-safe; close it to free the
     * storage when the matrix is never built.
     */
    public static final class Builder implements AutoCloseable {
        private long rows;
        private long nonzeros;
        private long rowCapacity;
        private long entryCapacity;
        /** The row pointers and the entries grow apart, so that more rows do not copy every entry. */
        private Arena rowArena;
        private Arena entryArena;
        private MemorySegment rowPtr;
        private MemorySegment colIdx;
        private MemorySegment values;
        private long rowBytes;
        private long entryBytes;
        private int lastColumn = -1;
        private int maxColumn = -1;

        Builder(long initialEntries) {
            growEntries(Math.max(1, initialEntries));
            growRows(64);
            rowPtr.setAtIndex(L, 0, 0);
        }

        /** Row pointers for {@code rowCap} rows, those so far copied into them. */
        private void growRows(long rowCap) {
            long bytes = (rowCap + 1) * 8L;
            Arena next = reserve(bytes, rowCap, entryCapacity, entryBytes);
            try {
                MemorySegment p = next.allocate(L, rowCap + 1);
                if (rowArena != null) {
                    MemorySegment.copy(rowPtr, 0, p, 0, (rows + 1) * 8L);
                    rowArena.close();
                    OffHeapBudget.release(rowBytes);
                }
                rowArena = next;
                rowPtr = p;
                rowCapacity = rowCap;
                rowBytes = bytes;
            } catch (RuntimeException | OutOfMemoryError e) {
                next.close();
                OffHeapBudget.release(bytes);
                throw e;
            }
        }

        /** Columns and values for {@code entryCap} entries, those so far copied into them. */
        private void growEntries(long entryCap) {
            long bytes = entryCap * 12L;
            Arena next = reserve(bytes, rowCapacity, entryCap, rowBytes);
            try {
                MemorySegment c = next.allocate(I, entryCap);
                MemorySegment v = next.allocate(D, entryCap);
                if (entryArena != null) {
                    MemorySegment.copy(colIdx, 0, c, 0, nonzeros * 4L);
                    MemorySegment.copy(values, 0, v, 0, nonzeros * 8L);
                    entryArena.close();
                    OffHeapBudget.release(entryBytes);
                }
                entryArena = next;
                colIdx = c;
                values = v;
                entryCapacity = entryCap;
                entryBytes = bytes;
            } catch (RuntimeException | OutOfMemoryError e) {
                next.close();
                OffHeapBudget.release(bytes);
                throw e;
            }
        }

        /** Checks and counts {@code bytes} more beside the {@code other} bytes kept; an arena for them. */
        private static Arena reserve(long bytes, long rowCap, long entryCap, long other) {
            MemoryBudget.require(bytes + other, "a sparse matrix of " + rowCap + " rows and " + entryCap + " nonzeros");
            OffHeapBudget.reserve(bytes);
            return Arena.ofShared();
        }

        private void requireOpen() {
            if (entryArena == null) {
                throw new IllegalStateException("the builder was built or closed");
            }
        }

        /**
         * Appends an entry to the current row.
         *
         * @param column its column, {@code >= 0} and greater than the row's previous one
         * @param value  its value
         * @throws IllegalArgumentException for a negative or non-ascending column
         */
        public void add(int column, double value) {
            requireOpen();
            if (column <= lastColumn || column < 0) {
                throw new IllegalArgumentException("row " + rows + ": column " + column + (column < 0 ? " is negative"
                        : " does not follow column " + lastColumn + " (columns ascend within a row)"));
            }
            if (nonzeros == entryCapacity) {
                growEntries(2 * entryCapacity);
            }
            colIdx.setAtIndex(I, nonzeros, column);
            values.setAtIndex(D, nonzeros, value);
            nonzeros++;
            lastColumn = column;
            maxColumn = Math.max(maxColumn, column);
        }

        /** Ends the current row (an empty one if nothing was added since). */
        public void endRow() {
            requireOpen();
            if (rows == rowCapacity) {
                growRows(2 * rowCapacity);
            }
            rows++;
            rowPtr.setAtIndex(L, rows, nonzeros);
            lastColumn = -1;
        }

        /** {@return the rows ended so far} */
        public long rows() {
            return rows;
        }

        /** {@return the entries added so far} */
        public long nonzeros() {
            return nonzeros;
        }

        /** {@return the largest column added so far, -1 when none} */
        public int maxColumn() {
            return maxColumn;
        }

        /**
         * Subtracts {@code offset} from every column added (a one-based file read as written), before {@link #build}.
         *
         * @param offset what to subtract; every column must stay {@code >= 0}
         */
        public void shiftColumns(int offset) {
            requireOpen();
            for (long k = 0; k < nonzeros; k++) {
                int c = colIdx.getAtIndex(I, k) - offset;
                if (c < 0) {
                    throw new IllegalArgumentException("entry " + k + ": column " + (c + offset) + " shifted by "
                            + offset + " is negative");
                }
                colIdx.setAtIndex(I, k, c);
            }
            maxColumn -= offset;
        }

        /**
         * The matrix of the rows ended so far; the builder is spent afterwards (its storage is the matrix's).
         *
         * @param cols the column count, above every column added
         * @return the matrix
         * @throws IllegalArgumentException when a column is not below {@code cols}, or a row is still open
         */
        public CsrMatrix build(int cols) {
            requireOpen();
            if (lastColumn >= 0) {
                throw new IllegalArgumentException("row " + rows + " has entries but was not ended");
            }
            if (maxColumn >= cols) {
                throw new IllegalArgumentException("column " + maxColumn + " is outside 0.." + (cols - 1));
            }
            // the row pointers move into the entries' arena, which the matrix owns
            long finalRowBytes = (rows + 1) * 8L;
            OffHeapBudget.reserve(finalRowBytes);
            MemorySegment p;
            try {
                p = entryArena.allocate(L, rows + 1);
            } catch (RuntimeException | OutOfMemoryError e) {
                OffHeapBudget.release(finalRowBytes);
                throw e;
            }
            MemorySegment.copy(rowPtr, 0, p, 0, finalRowBytes);
            rowArena.close();
            OffHeapBudget.release(rowBytes);
            rowArena = null;
            CsrMatrix m = new CsrMatrix(rows, cols, p, colIdx, values, entryArena, entryBytes + finalRowBytes);
            entryArena = null;
            return m;
        }

        @Override
        public void close() {
            if (rowArena != null) {
                rowArena.close();
                OffHeapBudget.release(rowBytes);
                rowArena = null;
            }
            if (entryArena != null) {
                entryArena.close();
                OffHeapBudget.release(entryBytes);
                entryArena = null;
            }
        }
    }

    /**
     * The nonzeros of a dense matrix.
     *
     * @param m the matrix
     * @return its CSR form
     */
    public static CsrMatrix of(DenseMatrix m) {
        try (Builder b = builder()) {
            for (long i = 0; i < m.rows(); i++) {
                for (int j = 0; j < m.cols(); j++) {
                    double v = m.get(i, j);
                    if (v != 0) {
                        b.add(j, v);
                    }
                }
                b.endRow();
            }
            return b.build(m.cols());
        }
    }


    /** {@return the number of rows {@code n}} */
    public long rows() {
        return rows;
    }

    /** {@return the number of columns {@code d}} */
    public int cols() {
        return cols;
    }

    /** {@return the number of stored entries} */
    public long nonzeros() {
        requireOpen();
        return rowPtr.getAtIndex(L, rows);
    }

    /**
     * {@return the first entry of row {@code i}; row {@code i} ends where row {@code i + 1} starts}
     *
     * @param i a row in {@code 0..rows}
     */
    public long rowStart(long i) {
        requireOpen();
        return rowPtr.getAtIndex(L, i);
    }

    /**
     * {@return the column of entry {@code k}}
     *
     * @param k an entry
     */
    public int column(long k) {
        return colIdx.getAtIndex(I, k);
    }

    /**
     * {@return the value of entry {@code k}}
     *
     * @param k an entry
     */
    public double value(long k) {
        return values.getAtIndex(D, k);
    }

    /**
     * Copies entries {@code [from, from + count)}: their columns (ints) into {@code columns} and their values
     * (doubles) into {@code values}, from the first element of each: two bulk copies, for a pass that reads the
     * entries from heap arrays.
     *
     * @param from    the first entry
     * @param count   the entries
     * @param columns where the columns go, {@code 4 count} bytes at least
     * @param values  where the values go, {@code 8 count} bytes at least
     * @throws IndexOutOfBoundsException if the entries are not all stored ones
     */
    public void copyEntries(long from, int count, MemorySegment columns, MemorySegment values) {
        requireOpen();
        if (from < 0 || count < 0 || from + count > nonzeros()) {
            throw new IndexOutOfBoundsException("entries " + from + " .. " + (from + count) + " of a matrix with "
                    + nonzeros() + " entries");
        }
        MemorySegment.copy(colIdx, from * Integer.BYTES, columns, 0, (long) count * Integer.BYTES);
        MemorySegment.copy(this.values, from * Double.BYTES, values, 0, (long) count * Double.BYTES);
    }

    /**
     * Writes row {@code i} densely into {@code out} (zeros where nothing is stored).
     *
     * @param i   the row
     * @param out at least {@link #cols()} doubles
     */
    public void rowInto(long i, double[] out) {
        Arrays.fill(out, 0, cols, 0.0);
        for (long k = rowStart(i), end = rowStart(i + 1); k < end; k++) {
            out[column(k)] = value(k);
        }
    }

    /** {@return a matrix sharing this one's storage, which closing it leaves open} */
    public CsrMatrix borrowed() {
        requireOpen();
        return new CsrMatrix(rows, cols, rowPtr, colIdx, values, null, 0);
    }

    /** {@return whether {@link #close()} has not been called and the storage is alive} */
    public boolean isOpen() {
        return !closed && rowPtr.scope().isAlive();
    }

    private void requireOpen() {
        if (!isOpen()) {
            throw new IllegalStateException(rows + "x" + cols + " CsrMatrix used after close()");
        }
    }

    /** Frees owned memory now; a borrowed matrix only ends its use. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (release != null) {
            release.clean();
        }
    }

    @Override
    public String toString() {
        return rows + "x" + cols + " CsrMatrix" + (isOpen() ? " with " + nonzeros() + " nonzeros" : " (closed)");
    }
}
