package io.curvature.optim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Records a run's trace in the run's off-heap workspace, sized once for {@code maxIterations + 1} rows (at
 * most {@link #MAX_ROWS}), so that recording an iteration allocates nothing and the Java heap receives only
 * the rows a run used: a 10-iteration Newton fit copies 11 rows into its {@link Trace}, not the 1001 that
 * {@code maxIterations = 1000} reserves (a heap trace sized for the budget was most of a small fit's
 * allocation).
 */
final class TraceRecorder {

    /** Rows kept at most (48 MiB of workspace); later iterations are counted but not recorded. */
    static final int MAX_ROWS = 1 << 20;

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final int COLUMNS = 6;

    private final MemorySegment rows;
    private final int capacity;
    private int size;

    TraceRecorder(Arena arena, long wantedRows) {
        capacity = (int) Math.min(Math.max(1, wantedRows), MAX_ROWS);
        rows = arena.allocate((long) capacity * COLUMNS * Double.BYTES, 64);
    }

    void add(double f, double gradNorm, double step, double seconds, double kappa, boolean shrunk) {
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
