package io.curvature.cli;

import io.curvature.data.CsvReader;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.LibsvmReader;
import io.curvature.data.NpyReader;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The data arguments shared by {@code fit}, {@code compare} and {@code predict}: file, labels, intercept. */
final class DataOptions {

    @Parameters(index = "0", paramLabel = "DATA", description = "CSV, LIBSVM (.svm, .libsvm, .txt) or .npy (X) file")
    Path data;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "labels for an .npy DATA")
    Path labels;

    @Option(names = "--label", paramLabel = "COLUMN", defaultValue = "-1",
            description = "CSV label column: a name or an index (negative counts from the end; default: last)")
    String label;

    @Option(names = "--intercept", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "add an unpenalized intercept column (default: on)")
    boolean intercept;

    /** Loads the data set (with the intercept column when asked); bad input becomes a {@link CliException}. */
    Dataset load() {
        return load(data, labels, label, intercept);
    }

    static Dataset load(Path data, Path labels, String label, boolean intercept) {
        if (!Files.isReadable(data)) {
            throw new CliException(CliException.BAD_INPUT, "cannot read " + data + ": no such file");
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        Dataset raw;
        try {
            if (name.endsWith(".npy")) {
                if (labels == null) {
                    throw new CliException(CliException.BAD_INPUT, data + ": an .npy DATA needs --labels y.npy");
                }
                DenseMatrix x = NpyReader.readMatrix(data);
                DenseVector y;
                try {
                    y = NpyReader.readVector(labels);
                } catch (RuntimeException e) {
                    x.close();
                    throw e;
                }
                raw = Dataset.of(x, y);
            } else if (name.endsWith(".svm") || name.endsWith(".libsvm") || name.endsWith(".txt")) {
                raw = LibsvmReader.read(data);
            } else {
                raw = CsvReader.read(data, CsvReader.Options.defaults().withLabel(label));
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        if (!intercept) {
            return raw;
        }
        Dataset withIntercept = raw.withIntercept();
        raw.close();
        return withIntercept;
    }

    /** LIBSVM-style labels {-1, +1} become {0, 1} for logistic regression (in place). */
    static void binaryLabels(Dataset ds) {
        boolean plusMinus = true;
        for (long i = 0; i < ds.samples(); i++) {
            double v = ds.y().get(i);
            plusMinus &= v == -1 || v == 1;
        }
        if (plusMinus) {
            for (long i = 0; i < ds.samples(); i++) {
                ds.y().set(i, ds.y().get(i) > 0 ? 1 : 0);
            }
        }
    }
}
