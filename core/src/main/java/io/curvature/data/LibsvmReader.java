package io.curvature.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Reads LIBSVM / svmlight files ({@code label [qid:q] index:value index:value ...}, increasing indices, {@code #}
 * starts a comment) into dense ({@link #read(Path)}) or sparse ({@link #readSparse(Path)}) storage. Indices count
 * from 1, as LIBSVM's own files do, unless the file uses index 0 (then from 0); a {@code qid:} is ignored.
 * Absent entries are zero. Labels are kept as written (a model maps them, e.g. {@code -1/+1} to {@code 0/1}).
 * Lines are parsed in batches of a thousand on one thread per core ({@link LibsvmBatch}: the decimal parsing is
 * most of a read) and their entries appended in file order to off-heap sparse storage ({@link CsrMatrix.Builder}),
 * so the heap holds only the batches in flight and a sparse file may hold more than {@code 2^31} entries.
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
                int at = LibsvmBatch.skipSpace(line, 0, end);
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
        int threads = Runtime.getRuntime().availableProcessors();
        try (BufferedReader in = TextFiles.open(file); Appender out = new Appender(source);
             ExecutorService parsers = threads > 1 ? Executors.newFixedThreadPool(threads, PARSER_THREADS) : null) {
            // batches parsed on the pool, at most two per thread in flight, appended in file order
            ArrayDeque<Future<LibsvmBatch>> inFlight = new ArrayDeque<>();
            int lineNo = 0;
            try {
                while (true) {
                    LibsvmBatch batch = new LibsvmBatch();
                    batch.firstLine = lineNo + 1;
                    String line;
                    long chars = 0;
                    while (batch.lineCount < LibsvmBatch.LINES && chars < LibsvmBatch.CHARS
                            && (line = in.readLine()) != null) {
                        batch.lines[batch.lineCount++] = line;
                        chars += line.length();
                    }
                    lineNo += batch.lineCount;
                    if (batch.lineCount == 0) {
                        break;
                    }
                    if (parsers == null) {
                        out.append(batch.parse(source, features, allowNonFinite));
                        continue;
                    }
                    inFlight.add(parsers.submit(() -> batch.parse(source, features, allowNonFinite)));
                    if (inFlight.size() >= 2 * threads) {
                        out.append(done(inFlight.poll()));
                    }
                }
            } catch (IOException e) {
                while (!inFlight.isEmpty()) { // an error on an earlier line comes first
                    out.append(done(inFlight.poll()));
                }
                throw e;
            }
            while (!inFlight.isEmpty()) {
                out.append(done(inFlight.poll()));
            }
            return out.finish(features);
        } catch (IOException e) {
            throw TextFiles.failure(file, e);
        }
    }

    private static final ThreadFactory PARSER_THREADS = r -> {
        Thread t = new Thread(r, "curvature-libsvm-parser");
        t.setDaemon(true);
        return t;
    };

    private static LibsvmBatch done(Future<LibsvmBatch> parsed) {
        try {
            return parsed.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a LIBSVM file", e);
        }
    }

    /** The parsed batches, in file order, into labels and off-heap sparse storage. */
    private static final class Appender implements AutoCloseable {
        private final String source;
        private final DoubleBuffer labels = new DoubleBuffer();
        private final CsrMatrix.Builder entries = CsrMatrix.builder();
        private int maxIndex;
        private int minIndex = Integer.MAX_VALUE;

        Appender(String source) {
            this.source = source;
        }

        void append(LibsvmBatch batch) {
            int k = 0;
            for (int r = 0; r < batch.rows; r++) {
                labels.add(batch.labels[r]);
                for (int end = batch.rowEnds[r]; k < end; k++) {
                    entries.add(batch.columns[k], batch.values[k]);
                }
                entries.endRow();
            }
            maxIndex = Math.max(maxIndex, batch.maxIndex);
            minIndex = Math.min(minIndex, batch.minIndex);
            if (batch.error != null) {
                throw batch.error;
            }
        }

        Parsed finish(int features) {
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
        }

        @Override
        public void close() {
            entries.close();
        }
    }
}
