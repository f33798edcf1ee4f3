package io.curvature.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** The default rule of the readers: data must be finite, and the first offending cell is named. */
public final class FiniteCheck {

    private FiniteCheck() {
    }

    /**
     * Throws if any element of {@code x} is NaN or infinite, naming the first one by row and column
     * (0-based, as in the array).
     *
     * @param source a file name or description for the message
     * @param x the matrix to check
     */
    public static void requireFinite(DenseMatrix x, String source) {
        MemorySegment seg = x.segment();
        long rows = x.rows();
        int cols = x.cols();
        for (long i = 0; i < rows; i++) {
            long base = i * cols;
            for (int j = 0; j < cols; j++) {
                double v = seg.getAtIndex(ValueLayout.JAVA_DOUBLE, base + j);
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(source, "non-finite value " + v + " at row " + i + ", column " + j
                            + " (allow non-finite values explicitly to keep it)");
                }
            }
        }
    }

    /**
     * As {@link #requireFinite(DenseMatrix, String)} for a vector; the message names the index.
     *
     * @param y the vector to check
     * @param source a file name or description for the message
     */
    public static void requireFinite(DenseVector y, String source) {
        MemorySegment seg = y.segment();
        for (long i = 0; i < y.length(); i++) {
            double v = seg.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            if (!Double.isFinite(v)) {
                throw new DataFormatException(source, "non-finite value " + v + " at index " + i
                        + " (allow non-finite values explicitly to keep it)");
            }
        }
    }
}
