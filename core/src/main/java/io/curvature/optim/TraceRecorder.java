package io.curvature.optim;

import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Records a run's trace in the run's off-heap workspace: {@link #INITIAL_ROWS} rows at first, doubled when a
 * long run needs more, up to {@code maxIterations + 1} (at most {@link #MAX_ROWS}). An iteration allocates
 * nothing except at those rare doublings; a large iteration budget reserves nothing up front (zeroing a
 * budget-sized trace dominated small fits); the Java heap receives only the rows the run used.
 */
final class TraceRecorder {

    /** Rows kept at most (48 MiB of workspace); later iterations are counted but not recorded. */
    static final int MAX_ROWS = 1 << 20;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final int COLUMNS = 6;

    /** Rows reserved at first: most fits end within them, and a large iteration budget costs nothing up front. */
    static final int INITIAL_ROWS = 256;

    private final SegmentAllocator memory;
    private final int maxRows;
    private MemorySegment rows;
    private int capacity;
    private int size;

    TraceRecorder(SegmentAllocator memory, long wantedRows) {
        this.memory = memory;
        maxRows = (int) Math.min(Math.max(1, wantedRows), MAX_ROWS);
        capacity = Math.min(maxRows, INITIAL_ROWS);
        rows = memory.allocate((long) capacity * COLUMNS * Double.BYTES, 64);
    }

    void add(double f, double gradNorm, double step, double seconds, double kappa, boolean shrunk) {
        if (size == capacity && capacity < maxRows) {
            grow();
        }
        if (size < capacity) {
            long at = (long) size * COLUMNS;
            rows.setAtIndex(D, at, f);
            rows.setAtIndex(D, at + 1, gradNorm);
            rows.setAtIndex(D, at + 2, step);
            rows.setAtIndex(D, at + 3, seconds);
            rows.setAtIndex(D, at + 4, kappa);
            rows.setAtIndex(D, at + 5, shrunk ? 1 : 0);
            size++;
        }
    }

    /** Doubles the rows (a long run: log2 of its length times in all), copying those recorded. */
    private void grow() {
        int bigger = (int) Math.min(maxRows, 2L * capacity);
        MemorySegment moved = memory.allocate((long) bigger * COLUMNS * Double.BYTES, 64);
        MemorySegment.copy(rows, 0, moved, 0, (long) size * COLUMNS * Double.BYTES);
        rows = moved;
        capacity = bigger;
    }

    /** The recorded rows as a {@link Trace} on the heap (call once, when the run ends). */
    Trace toTrace() {
        double[][] columns = new double[COLUMNS][size];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < COLUMNS; c++) {
                columns[c][i] = rows.getAtIndex(D, (long) i * COLUMNS + c);
            }
        }
        boolean[] shrunk = new boolean[size];
        for (int i = 0; i < size; i++) {
            shrunk[i] = columns[5][i] != 0;
        }
        return new Trace(columns[0], columns[1], columns[2], columns[3], columns[4], shrunk);
    }
}
