package io.curvature.cli;

import io.curvature.data.CsrMatrix;
import io.curvature.data.DataFiles;
import io.curvature.data.LibsvmReader;
import io.curvature.data.DataFormat;
import io.curvature.data.Dataset;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The data arguments shared by {@code fit}, {@code compare} and {@code predict}: file, format, labels, intercept. */
final class DataOptions {

    /** The DATA argument that means standard input. */
    static final String STDIN = "-";

    @Parameters(index = "0", paramLabel = "DATA",
            description = "CSV, LIBSVM (.svm, .libsvm, .txt), .npy (X) or .npz (X and y) file, gzip allowed for text; - reads standard input")
    Path data;

    @Option(names = "--format", paramLabel = "csv|libsvm|npy|npz", description = "the format of DATA (default: by its extension; CSV for -)")
    String format;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "labels for an .npy DATA or a sparse .npz (scipy.sparse.save_npz)")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "CSV label column: a name or an index (negative counts from the end; default: last)")
    String label;

    @Option(names = "--sparse", negatable = true,
            description = "store X sparse (CSR): the default for LIBSVM; --no-sparse stores it dense")
    Boolean sparse;

    @Option(names = "--intercept", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "fit an unpenalized intercept (default: on)")
    boolean intercept;

    /** Loads the data set (with the intercept column when asked); bad input becomes a {@link CliException}. */
    Dataset load() {
        return load(data, format, labels, label, intercept, sparse);
    }

    /** The files this run reads (not standard input). */
    java.util.List<Path> inputs() {
        java.util.List<Path> in = new java.util.ArrayList<>();
        if (!data.toString().equals(STDIN)) {
            in.add(data);
        }
        if (labels != null) {
            in.add(labels);
        }
        return in;
    }

    /**
     * Where the label of row {@code row} of DATA is, for a message: {@code "data.csv: line 7, column 3 (y): "}, or the
     * row when the place is unknown.
     */
    String where(long row) {
        boolean stdin = data.toString().equals(STDIN);
        String place = null;
        if (!stdin) {
            try {
                place = DataFiles.placeOfLabel(data, formatOf(data, format), label, row);
            } catch (CliException e) {
                place = null;
            }
        }
        return (stdin ? "stdin" : data.toString()) + ": " + (place != null ? place : "row " + (row + 1)) + ": ";
    }

    /** DATA's name for titles: the file name, or {@code stdin}. */
    String name() {
        return data.toString().equals(STDIN) ? "stdin" : String.valueOf(data.getFileName());
    }

    /**
     * Loads DATA: LIBSVM sparse unless {@code sparse} is false, other formats dense unless it is true; with the
     * intercept column when asked.
     */
    static Dataset load(Path data, String format, Path labels, String label, boolean intercept, Boolean sparse) {
        boolean stdin = data.toString().equals(STDIN);
        DataFormat f = formatOf(data, format);
        if (labels != null && f != DataFormat.NPY && f != DataFormat.NPZ) {
            throw new CliException(CliException.BAD_INPUT, "--labels applies to .npy and sparse .npz DATA only; " + data
                    + " is " + f.name().toLowerCase(java.util.Locale.ROOT));
        }
        requireCsvForLabel(label, f, data);
        Path source = stdin ? copyOfStandardInput() : data;
        Dataset raw;
        try {
            boolean asSparse = sparse != null ? sparse : f == DataFormat.LIBSVM;
            raw = f == DataFormat.LIBSVM && !asSparse ? LibsvmReader.read(source)
                    : DataFiles.read(source, f, labels, label == null ? "-1" : label);
            if (asSparse && !raw.isSparse()) {
                Dataset dense = raw;
                raw = Dataset.ofSparse(CsrMatrix.of(dense.x()), dense.y().copy());
                dense.close();
            }
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String m = e.getMessage();
            throw new CliException(CliException.BAD_INPUT, stdin ? m.replace(source.toString(), "stdin") : m);
        } finally {
            if (stdin) {
                deleteQuietly(source);
            }
        }
        if (!intercept) {
            return raw;
        }
        return raw.withInterceptTakingOver();
    }

    /** The format of DATA: {@code --format} when given, CSV for standard input, else by the file ({@link DataFormat#of}). */
    static DataFormat formatOf(Path data, String format) {
        try {
            return format != null ? DataFormat.byName(format)
                    : data.toString().equals(STDIN) ? DataFormat.CSV : DataFormat.of(data);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--format: " + e.getMessage());
        }
    }

    /** {@code --label} names a CSV column: with another format it is an error, not ignored. */
    static void requireCsvForLabel(String label, DataFormat f, Path data) {
        if (label != null && f != DataFormat.CSV) {
            throw new CliException(CliException.BAD_INPUT, "--label applies to CSV DATA only; " + data + " is "
                    + f.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Standard input in a temporary file, so every reader (and the memory map of {@code .npy}) works on it. */
    static Path copyOfStandardInput() {
        try {
            Path tmp = Files.createTempFile("curvature-stdin", ".data");
            Files.copy(System.in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read standard input: " + e.getMessage());
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary copy of standard input; the system's temporary directory cleans it eventually
        }
    }
}
