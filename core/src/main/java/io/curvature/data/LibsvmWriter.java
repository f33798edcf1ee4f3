package io.curvature.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes a data set as a LIBSVM file: one row per line, the label, then {@code index:value} for each nonzero with
 * one-based indices in increasing order. Values are written in the shortest form that reads back to the same double
 * (integers without a fraction), so {@link LibsvmReader} returns the same bits. Columns after the last nonzero of
 * every row are not recorded, as the format has no column count. The file is replaced atomically.
 */
public final class LibsvmWriter {

    private LibsvmWriter() {
    }

    /**
     * Writes {@code data} (dense or sparse; an intercept column, if any, is written as a feature).
     *
     * @param file the file to write
     * @param data the rows and labels
     * @throws IllegalArgumentException naming the row and column of a value or label that is not finite
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void write(Path file, Dataset data) {
        for (long i = 0; i < data.samples(); i++) {
            if (!Double.isFinite(data.y().get(i))) {
                throw new IllegalArgumentException("cannot write " + file + ": the label of row " + (i + 1)
                        + " is " + data.y().get(i) + " (LIBSVM holds finite numbers only)");
            }
        }
        AtomicFiles.write(file, out -> {
            StringBuilder line = new StringBuilder(256);
            CsrMatrix x = data.isSparse() ? data.sparseX() : null;
            double[] row = x != null ? null : new double[data.features()];
            for (long i = 0; i < data.samples(); i++) {
                line.setLength(0);
                appendNumber(line, data.y().get(i));
                if (x != null) {
                    for (long k = x.rowStart(i); k < x.rowStart(i + 1); k++) {
                        appendEntry(line, file, i, x.column(k), x.value(k));
                    }
                } else {
                    data.rowInto(i, row);
                    for (int j = 0; j < row.length; j++) {
                        appendEntry(line, file, i, j, row[j]);
                    }
                }
                line.append('\n');
                flush(line, out);
            }
        });
    }

    private static void appendEntry(StringBuilder line, Path file, long row, int column, double value) {
        if (value == 0) {
            return;
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot write " + file + ": row " + (row + 1) + ", column " + (column + 1)
                    + " is " + value + " (LIBSVM holds finite numbers only)");
        }
        line.append(' ').append(column + 1).append(':');
        appendNumber(line, value);
    }

    /** The shortest decimal that reads back to {@code v}; integral values without {@code .0}. */
    static void appendNumber(StringBuilder sb, double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
            sb.append((long) v);
        } else {
            sb.append(v);
        }
    }

    private static void flush(StringBuilder line, OutputStream out) throws IOException {
        out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
