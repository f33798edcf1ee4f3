package io.curvature.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a delimited text file of numbers into a {@link Dataset}: one row per line, one column of
 * labels (by name or index, default the last), the other columns features.
 *
 * <p>Errors name the file, the line (1-based, counting the header) and the column (1-based, with its
 * name when there is a header): a token that is not a number, an empty field, a row with the wrong
 * number of fields, a non-finite value (unless allowed), an unknown label column.
 */
public final class CsvReader {

    /** Whether the first line holds column names. */
    public enum Header {
        /** A header when any field of the first line is not a number. */
        AUTO,
        /** The first line is a header. */
        PRESENT,
        /** There is no header; columns are named by index. */
        ABSENT
    }

    /**
     * Reader options.
     *
     * @param header         header handling
     * @param label          label column: a name from the header, or an index ({@code 0}-based; negative
     *                       counts from the end, {@code -1} the last column, the default), or {@code null} for none
     * @param delimiter      the field separator
     * @param allowNonFinite keep NaN and infinities instead of rejecting them
     */
    public record Options(Header header, String label, char delimiter, boolean allowNonFinite) {

        /** {@return auto-detected header, label the last column, comma-separated, finite values only} */
        public static Options defaults() {
            return new Options(Header.AUTO, "-1", ',', false);
        }

        /**
         * {@return these options without a label column: every column is a feature and the targets are zeros (data
         * to predict for)}
         */
        public Options withoutLabel() {
            return new Options(header, null, delimiter, allowNonFinite);
        }

        /**
         * These options with another label column (name or index).
         *
         * @param column a header name, or an index (negative from the end)
         * @return new options
         */
        public Options withLabel(String column) {
            return new Options(header, column, delimiter, allowNonFinite);
        }

        /**
         * These options with another header rule.
         *
         * @param h whether the first line is a header
         * @return new options
         */
        public Options withHeader(Header h) {
            return new Options(h, label, delimiter, allowNonFinite);
        }

        /**
         * These options with another delimiter.
         *
         * @param c the field separator
         * @return new options
         */
        public Options withDelimiter(char c) {
            return new Options(header, label, c, allowNonFinite);
        }

        /**
         * These options, keeping or rejecting non-finite values.
         *
         * @param allow keep NaN and infinities instead of rejecting them
         * @return new options
         */
        public Options withAllowNonFinite(boolean allow) {
            return new Options(header, label, delimiter, allow);
        }
    }

    private CsvReader() {
    }

    /**
     * Reads {@code file} with {@link Options#defaults()}.
     *
     * @param file the CSV file
     * @return its rows and labels
     */
    public static Dataset read(Path file) {
        return read(file, Options.defaults());
    }

    /**
     * Reads {@code file}.
     *
     * @param file the CSV file
     * @param options header, label column, delimiter, non-finite values
     * @return its rows and labels
     */
    public static Dataset read(Path file, Options options) {
        String source = file.toString();
        try (BufferedReader in = TextFiles.open(file)) {
            return parse(in, source, options);
        } catch (IOException e) {
            throw TextFiles.failure(file, e);
        }
    }

    private static Dataset parse(BufferedReader in, String source, Options options) throws IOException {
        String first = firstLine(in);
        int lineNo = 1;
        if (first == null) {
            throw new DataFormatException(source, "empty file: no rows");
        }
        String[] firstFields = split(first, options.delimiter());
        boolean header = switch (options.header()) {
            case PRESENT -> true;
            case ABSENT -> false;
            case AUTO -> looksLikeHeader(firstFields);
        };
        int width = firstFields.length;
        String[] names = new String[width];
        for (int j = 0; j < width; j++) {
            names[j] = header ? firstFields[j] : "column " + (j + 1);
        }
        int label = options.label() == null ? -1 : labelColumn(source, options.label(), names, header);
        int featureCount = label < 0 ? width : width - 1;

        DoubleBuffer x = new DoubleBuffer();
        DoubleBuffer y = new DoubleBuffer();
        int rows = 0;
        String line = header ? null : first;
        int currentLine = lineNo;
        while (true) {
            if (line == null) {
                line = in.readLine();
                currentLine++;
                if (line == null) {
                    break;
                }
                if (line.isBlank()) {
                    line = null;
                    continue;
                }
            }
            String[] fields = split(line, options.delimiter());
            if (fields.length != width) {
                throw new DataFormatException(source, "line " + currentLine + " has " + fields.length
                        + " fields, expected " + width + " (ragged row)");
            }
            for (int j = 0; j < width; j++) {
                double v = number(fields[j], source, currentLine, j, names[j], options.allowNonFinite());
                if (j == label) {
                    y.add(v);
                } else {
                    x.add(v);
                }
            }
            rows++;
            line = null;
        }
        if (rows == 0) {
            throw new DataFormatException(source, "no data rows after the header");
        }
        if (featureCount == 0) {
            throw new DataFormatException(source, "no feature columns: the only column is the label");
        }
        String[] features = new String[featureCount];
        for (int j = 0, k = 0; j < width; j++) {
            if (j != label) {
                features[k++] = names[j];
            }
        }
        DenseMatrix xm = DenseMatrix.zeros(rows, featureCount);
        MemorySegment.copy(x.array(), 0, xm.segment(), ValueLayout.JAVA_DOUBLE, 0, x.size());
        DenseVector yv = DenseVector.zeros(rows);
        MemorySegment.copy(y.array(), 0, yv.segment(), ValueLayout.JAVA_DOUBLE, 0, y.size());
        return Dataset.of(xm, yv, header ? features : null);
    }

    /**
     * Where the label of data row {@code row} is, for a message about a label found unusable after reading:
     * {@code "line 5, column 2 (y)"}; {@code null} if the file has fewer rows, no label column, or cannot be read
     * again.
     *
     * @param file    the CSV file
     * @param options the options it was read with
     * @param row     a 0-based data row
     * @return the place, or null
     */
    public static String placeOfLabel(Path file, Options options, long row) {
        if (options.label() == null) {
            return null;
        }
        long line = lineOfRow(file, options, row);
        if (line < 0) {
            return null;
        }
        try (BufferedReader in = TextFiles.open(file)) {
            String[] first = split(firstLine(in), options.delimiter());
            boolean header = switch (options.header()) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> looksLikeHeader(first);
            };
            String[] names = new String[first.length];
            for (int j = 0; j < names.length; j++) {
                names[j] = header ? first[j] : "column " + (j + 1);
            }
            int label = labelColumn(file.toString(), options.label(), names, header);
            return "line " + line + ", column " + (label + 1) + " (" + names[label] + ")";
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The 1-based line of data row {@code row} in {@code file} as {@link #read(Path, Options)} with {@code options}
     * counted it (after the header, blank lines skipped), for messages about a row found later; -1 if the file
     * has fewer rows or cannot be read again.
     *
     * @param file    the CSV file
     * @param options the options it was read with
     * @param row     a 0-based data row
     * @return its line, or -1
     */
    private static long lineOfRow(Path file, Options options, long row) {
        try (BufferedReader in = TextFiles.open(file)) {
            String line = firstLine(in);
            if (line == null) {
                return -1;
            }
            boolean header = switch (options.header()) {
                case PRESENT -> true;
                case ABSENT -> false;
                case AUTO -> looksLikeHeader(split(line, options.delimiter()));
            };
            long lineNo = 1;
            long seen = 0;
            if (header) {
                line = in.readLine();
                lineNo++;
            }
            for (; line != null; line = in.readLine(), lineNo++) {
                if (!line.isBlank() && seen++ == row) {
                    return lineNo;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static String firstLine(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1); // a UTF-8 byte order mark
        }
        return line;
    }

    private static String[] split(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                String f = line.substring(start, i).strip();
                if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                    f = f.substring(1, f.length() - 1).strip();
                }
                fields.add(f);
                start = i + 1;
            }
        }
        return fields.toArray(String[]::new);
    }

    private static boolean looksLikeHeader(String[] fields) {
        for (String f : fields) {
            if (!f.isEmpty() && !parsesAsNumber(f)) {
                return true;
            }
        }
        return false;
    }

    private static boolean parsesAsNumber(String s) {
        try {
            NumberParser.parse(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** For a line that did not split: the separator it seems to use instead of a comma, if any. */
    private static String separatorHint(String line) {
        for (String[] sep : new String[][] {{";", "semicolons"}, {"\t", "tabs"}, {"|", "vertical bars"}}) {
            if (line.contains(sep[0])) {
                return " (the line is separated by " + sep[1] + ", not commas: convert it to comma-separated values)";
            }
        }
        return line.strip().contains(" ") ? " (the line is separated by spaces, not commas)" : "";
    }

    private static int labelColumn(String source, String spec, String[] names, boolean header) {
        int width = names.length;
        if (width < 2) {
            throw new DataFormatException(source, "needs at least two columns (features and a label), found " + width
                    + separatorHint(names[0]));
        }
        try {
            int index = Integer.parseInt(spec.strip());
            int resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width) {
                throw new DataFormatException(source, "label column index " + index + " is outside the "
                        + width + " columns (0.." + (width - 1) + ", or negative from the end)");
            }
            return resolved;
        } catch (NumberFormatException notAnIndex) {
            if (!header) {
                throw new DataFormatException(source, "label column '" + spec
                        + "' given by name, but the file has no header");
            }
            for (int j = 0; j < width; j++) {
                if (names[j].equals(spec)) {
                    return j;
                }
            }
            throw new DataFormatException(source, "no column named '" + spec + "'; columns are "
                    + String.join(", ", names));
        }
    }

    private static double number(String token, String source, int line, int column, String name, boolean allowNonFinite) {
        String where = "line " + line + ", column " + (column + 1) + " (" + name + ")";
        if (token.isEmpty()) {
            throw new DataFormatException(source, "missing value at " + where);
        }
        double v;
        try {
            v = NumberParser.parse(token);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, "bad number '" + token + "' at " + where);
        }
        if (!allowNonFinite && !Double.isFinite(v)) {
            throw new DataFormatException(source, "non-finite value " + token + " at " + where
                    + " (allow non-finite values explicitly to keep it)");
        }
        return v;
    }
}
