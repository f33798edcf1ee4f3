package io.curvature.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads LIBSVM / svmlight files ({@code label [qid:q] index:value index:value ...}, increasing indices, {@code #}
 * starts a comment) into dense ({@link #read(Path)}) or sparse ({@link #readSparse(Path)}) storage. Indices count
 * from 1, as LIBSVM's own files do, unless the file uses index 0 (then from 0); a {@code qid:} is ignored.
 * Absent entries are zero. Labels are kept as written (a model maps them, e.g. {@code -1/+1} to {@code 0/1}).
 * The entries stream line by line into off-heap sparse storage ({@link CsrMatrix.Builder}), with no copy on the
 * heap, so a sparse file may hold more than {@code 2^31} of them.
 *
 * <p>Errors name the file, the line and column (1-based) and the token: a bad label, a missing colon, an index
 * that is not a non-negative integer or not increasing, a bad or non-finite value, an index beyond the
 * declared feature count.
 */
public final class LibsvmReader {

    private LibsvmReader() {
    }

    /**
     * Reads {@code file}; the feature count is the largest index seen; non-finite values rejected.
     *
     * @param file the LIBSVM file
     * @return its rows and labels
     */
    public static Dataset read(Path file) {
        return read(file, 0, false);
    }

    /**
     * Where the label of data row {@code row} is, for a message about a label found unusable after reading:
     * {@code "line 3, column 1"}; {@code null} if the file has fewer rows or cannot be read again.
     *
     * @param file the LIBSVM file
     * @param row  a 0-based data row
     * @return the place, or null
     */
    public static String placeOfLabel(Path file, long row) {
        try (BufferedReader in = TextFiles.open(file)) {
            long lineNo = 0;
            long seen = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                int hash = line.indexOf('#');
                int end = hash >= 0 ? hash : line.length();
                int at = skipSpace(line, 0, end);
                if (at < end && seen++ == row) {
                    return "line " + lineNo + ", column " + (at + 1);
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Reads {@code file}.
     *
     * @param features       the number of features, or 0 to use the largest index in the file
     * @param allowNonFinite keep NaN and infinities instead of rejecting them
     * @param file the LIBSVM file
     * @return its rows and labels
     */
    public static Dataset read(Path file, int features, boolean allowNonFinite) {
        Parsed p = parse(file, features, allowNonFinite);
        try (CsrMatrix sparse = p.x()) {
            int n = p.rows();
            int d = sparse.cols();
            DenseMatrix x;
            try {
                x = DenseMatrix.zeros(n, d);
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(file.toString(), e.getMessage() + " as dense storage (the largest index, "
                        + d + ", sets the column count; readSparse stores only the nonzeros)");
            }
            MemorySegment seg = x.segment();
            for (int i = 0; i < n; i++) {
                for (long k = sparse.rowStart(i); k < sparse.rowStart(i + 1); k++) {
                    seg.setAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * d + sparse.column(k), sparse.value(k));
                }
            }
            return Dataset.of(x, labels(p));
        }
    }

    /**
     * Reads {@code file} into sparse storage ({@link CsrMatrix}): only the entries written are kept, so the largest
     * index costs nothing; the feature count is the largest index; non-finite values rejected.
     *
     * @param file the LIBSVM file
     * @return its rows and labels, {@code X} sparse
     */
    public static Dataset readSparse(Path file) {
        Parsed p = parse(file, 0, false);
        return Dataset.ofSparse(p.x(), labels(p));
    }

    private static DenseVector labels(Parsed p) {
        DenseVector y = DenseVector.zeros(p.rows());
        MemorySegment.copy(p.labels(), 0, y.segment(), ValueLayout.JAVA_DOUBLE, 0, p.rows());
        return y;
    }

    /** A file's rows as parsed: labels, and the entries, 0-based, in off-heap sparse storage (the caller's). */
    private record Parsed(int rows, double[] labels, CsrMatrix x) {
    }

    private static Parsed parse(Path file, int features, boolean allowNonFinite) {
        if (features < 0) {
            throw new IllegalArgumentException("negative feature count " + features);
        }
        String source = file.toString();
        DoubleBuffer labels = new DoubleBuffer();
        int maxIndex = 0;
        int minIndex = Integer.MAX_VALUE;
        int lineNo = 0;
        try (BufferedReader in = TextFiles.open(file); CsrMatrix.Builder entries = CsrMatrix.builder()) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                int hash = line.indexOf('#');
                int end = hash >= 0 ? hash : line.length();
                int at = skipSpace(line, 0, end);
                if (at == end) {
                    continue;
                }
                int tokenEnd = skipToken(line, at, end);
                Place place = new Place(source, lineNo, at);
                String labelText = line.substring(at, tokenEnd);
                labels.add(finite(parse(labelText, place, "label"), labelText, place, allowNonFinite));
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
                    String valueText = line.substring(colon + 1, tokenEnd);
                    Place valuePlace = new Place(source, lineNo, colon + 1);
                    double v = finite(parse(valueText, valuePlace, "value of '" + line.substring(at, tokenEnd) + "'"),
                            valueText, valuePlace, allowNonFinite);
                    entries.add(index, v);
                    previous = index;
                    maxIndex = Math.max(maxIndex, index);
                    minIndex = Math.min(minIndex, index);
                }
                entries.endRow();
            }
            int n = labels.size();
            if (n == 0) {
                throw new DataFormatException(source, "no data lines");
            }
            boolean zeroBased = minIndex == 0; // a file that uses index 0 counts from 0; LIBSVM's own files from 1
            if (!zeroBased && entries.nonzeros() > 0) {
                entries.shiftColumns(1);
            }
            int used = zeroBased ? maxIndex + 1 : maxIndex;
            if (features > 0 && used > features) {
                throw new DataFormatException(source, "index " + maxIndex + " exceeds the declared " + features
                        + " features of a " + (zeroBased ? "zero" : "one") + "-based file");
            }
            int d = features > 0 ? features : used;
            return new Parsed(n, Arrays.copyOf(labels.array(), n), entries.build(d));
        } catch (IOException e) {
            throw TextFiles.failure(file, e);
        }
    }

    /** Where a token starts: the file, its line (1-based) and the column (0-based here, 1-based in messages). */
    private record Place(String source, int line, int column) {
        DataFormatException error(String what) {
            return new DataFormatException(source, "line " + line + ", column " + (column + 1) + ": " + what);
        }
    }

    private static int skipSpace(String line, int at, int end) {
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
