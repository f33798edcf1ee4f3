package io.curvature.data;

import java.util.Arrays;

/**
 * A run of consecutive lines of a LIBSVM file and what they hold: labels and entries on the heap, the indices as
 * written (before a one-based file is shifted). Batches are parsed independently, on any thread, and appended in
 * file order ({@link LibsvmReader}); a batch stops at its first bad token and keeps the error, so that the reader
 * reports the first error of the file whatever the order in which batches finished.
 */
final class LibsvmBatch {

    /** Lines per batch: large enough to amortize the hand-off, small enough to keep a few in flight. */
    static final int LINES = 1024;
    /** Characters after which a batch takes no more lines: very long rows make short batches. */
    static final long CHARS = 1 << 20;

    final String[] lines = new String[LINES];
    int lineCount;
    /** The 1-based line number of {@code lines[0]}. */
    int firstLine;

    double[] labels = new double[LINES];
    /** Row {@code r}'s entries end at {@code rowEnds[r]}. */
    int[] rowEnds = new int[LINES];
    int rows;
    int[] columns = new int[16 * LINES];
    double[] values = new double[16 * LINES];
    int entries;
    int minIndex = Integer.MAX_VALUE;
    int maxIndex;
    /** The first error in these lines, or null. */
    DataFormatException error;

    /**
     * Parses the lines; afterwards the rows and entries, or the first error, are set.
     *
     * @param source         the file's name for messages
     * @param features       the declared feature count, or 0
     * @param allowNonFinite keep NaN and infinities
     * @return this batch
     */
    LibsvmBatch parse(String source, int features, boolean allowNonFinite) {
        try {
            for (int l = 0; l < lineCount; l++) {
                parseLine(lines[l], firstLine + l, source, features, allowNonFinite);
                lines[l] = null;
            }
        } catch (DataFormatException e) {
            error = e;
        }
        return this;
    }

    private void parseLine(String line, int lineNo, String source, int features, boolean allowNonFinite) {
        int hash = line.indexOf('#');
        int end = hash >= 0 ? hash : line.length();
        int at = skipSpace(line, 0, end);
        if (at == end) {
            return;
        }
        int tokenEnd = skipToken(line, at, end);
        Place place = new Place(source, lineNo, at);
        String labelText = line.substring(at, tokenEnd);
        double label = finite(parse(labelText, place, "label"), labelText, place, allowNonFinite);
        int previous = -1;
        boolean first = true;
        while ((at = skipSpace(line, tokenEnd, end)) < end) {
            tokenEnd = skipToken(line, at, end);
            if (first && line.startsWith("qid:", at)) {
                first = false;
                continue; // a ranking query id: not a feature
            }
            first = false;
            place = new Place(source, lineNo, at);
            int colon = line.indexOf(':', at);
            if (colon < 0 || colon >= tokenEnd) {
                throw place.error("token '" + line.substring(at, tokenEnd) + "' is not index:value");
            }
            int index = index(line, at, colon, tokenEnd, place);
            if (index <= previous) {
                throw place.error("index " + index + " is not greater than the previous index " + previous
                        + " (indices must increase)");
            }
            if (features > 0 && index > features) {
                throw place.error("index " + index + " exceeds the declared " + features + " features");
            }
            double v = value(line, at, colon + 1, tokenEnd, source, lineNo, allowNonFinite);
            if (entries == columns.length) {
                columns = Arrays.copyOf(columns, 2 * entries);
                values = Arrays.copyOf(values, 2 * entries);
            }
            columns[entries] = index;
            values[entries++] = v;
            previous = index;
            maxIndex = Math.max(maxIndex, index);
            minIndex = Math.min(minIndex, index);
        }
        labels[rows] = label;
        rowEnds[rows++] = entries;
    }

    /** Where a token starts: the file, its line (1-based) and the column (0-based here, 1-based in messages). */
    private record Place(String source, int line, int column) {
        DataFormatException error(String what) {
            return new DataFormatException(source, "line " + line + ", column " + (column + 1) + ": " + what);
        }
    }

    static int skipSpace(String line, int at, int end) {
        while (at < end && Character.isWhitespace(line.charAt(at))) {
            at++;
        }
        return at;
    }

    private static int skipToken(String line, int at, int end) {
        while (at < end && !Character.isWhitespace(line.charAt(at))) {
            at++;
        }
        return at;
    }

    private static int index(String line, int start, int colon, int tokenEnd, Place place) {
        try {
            int index = Integer.parseInt(line, start, colon, 10);
            if (index >= 0) {
                return index;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw place.error("bad feature index '" + line.substring(start, colon) + "' in '"
                + line.substring(start, tokenEnd) + "' (indices are integers from 1, or from 0 in a zero-based file)");
    }

    /**
     * The value of the entry {@code line[token, end)} whose number starts at {@code start}, parsed in place: its
     * place and messages are made only for an error, not for each of the millions of entries of a file.
     */
    private static double value(String line, int token, int start, int end, String source, int lineNo,
                                boolean allowNonFinite) {
        double v;
        try {
            v = NumberParser.parse(line, start, end);
        } catch (NumberFormatException e) {
            throw new Place(source, lineNo, start).error("bad value of '" + line.substring(token, end) + "' '"
                    + line.substring(start, end) + "'");
        }
        return Double.isFinite(v) ? v : finite(v, line.substring(start, end), new Place(source, lineNo, start),
                allowNonFinite);
    }

    private static double parse(String text, Place place, String what) {
        try {
            return NumberParser.parse(text);
        } catch (NumberFormatException e) {
            throw place.error("bad " + what + " '" + text + "'");
        }
    }

    private static double finite(double v, String text, Place place, boolean allowNonFinite) {
        if (!allowNonFinite && !Double.isFinite(v)) {
            throw place.error("non-finite value " + text + " (allow non-finite values explicitly to keep it)");
        }
        return v;
    }
}
