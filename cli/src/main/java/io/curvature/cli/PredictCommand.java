package io.curvature.cli;

import io.curvature.data.CsvReader;
import io.curvature.data.DataFormat;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.NpyReader;
import io.curvature.model.ClassificationModel;
import io.curvature.model.LinearModel;
import io.curvature.model.RegressionModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code curvature predict model.json DATA}: one CSV line per row on stdout: the prediction (a class as the
 * training data labelled it, or the expected target), then for a classifier the probability of each class.
 * CSV data need no label column; when they have names and the model has too, columns are matched by name.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict with a fitted model.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "CSV, LIBSVM, .npy or .npz; - reads standard input")
    Path data;

    @Option(names = "--format", paramLabel = "csv|libsvm|npy|npz", description = "the format of DATA (default: by its extension; CSV for -)")
    String format;

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "a CSV label column to ignore (default: none when the columns match the model, else the last)")
    String label;

    @Override
    public Integer call() {
        LinearModel m;
        try {
            m = LinearModel.load(model);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        DataFormat f;
        try {
            f = DataOptions.formatOf(data, format);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        DataOptions.requireCsvForLabel(label, f, data);
        boolean sparseFormat = f == DataFormat.LIBSVM || f == DataFormat.NPZ;
        // LIBSVM and .npz are predicted from their stored entries, never densified
        try (Dataset stored = sparseFormat ? DataOptions.load(data, format, null, null, false, null) : null) {
            double[][] rows;
            try {
                rows = stored == null ? rows(m, f) : null;
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
            if (m instanceof ClassificationModel cm) {
                StringBuilder header = new StringBuilder("prediction");
                for (double c : cm.classes()) {
                    header.append(",p_").append(ClassificationModel.formatLabel(c));
                }
                out.println(header);
                double[] predicted = stored != null ? cm.predict(stored) : cm.predict(rows);
                double[][] p = stored != null ? cm.predictProbabilities(stored) : cm.predictProbabilities(rows);
                for (int i = 0; i < predicted.length; i++) {
                    StringBuilder sb = new StringBuilder(ClassificationModel.formatLabel(predicted[i]));
                    for (double v : p[i]) {
                        sb.append(',').append(v);
                    }
                    out.println(sb);
                }
            } else {
                RegressionModel rm = (RegressionModel) m;
                out.println("prediction");
                for (double v : stored != null ? rm.predict(stored) : rm.predict(rows)) {
                    out.println(v);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, data + ": " + e.getMessage());
        }
        out.flush();
        if (out.checkError()) {
            throw new CliException(CliException.BAD_INPUT, "cannot write the predictions to standard output");
        }
        return 0;
    }

    /** The rows of a CSV or {@code .npy} file to predict for, with the model's features in the model's order. */
    private double[][] rows(LinearModel m, DataFormat f) {
        boolean stdin = data.toString().equals(DataOptions.STDIN);
        if (f == DataFormat.NPY) {
            try (DenseMatrix x = NpyReader.readMatrix(data)) {
                return x.toArray();
            }
        }
        return csvRows(m, stdin);
    }

    private double[][] csvRows(LinearModel m, boolean stdin) {
        Path source = stdin ? DataOptions.copyOfStandardInput() : data;
        String[] names;
        double[][] all;
        try (Dataset ds = CsvReader.read(source, CsvReader.Options.defaults().withoutLabel())) {
            names = ds.featureNames();
            all = ds.x().toArray();
        } finally {
            if (stdin) {
                DataOptions.deleteQuietly(source);
            }
        }
        int width = all.length == 0 ? 0 : all[0].length;
        int[] take = columns(m, names, width);
        double[][] rows = new double[all.length][take.length];
        for (int i = 0; i < all.length; i++) {
            for (int j = 0; j < take.length; j++) {
                rows[i][j] = all[i][take[j]];
            }
        }
        return rows;
    }

    /** Which columns of the data are the model's features, in the model's order; says what it ignores. */
    private int[] columns(LinearModel m, String[] names, int width) {
        String[] wanted = m.featureNames();
        PrintWriter err = spec.commandLine().getErr();
        if (names != null && wanted != null && label == null) {
            List<String> have = Arrays.asList(names);
            int[] take = new int[wanted.length];
            List<String> missing = new ArrayList<>();
            for (int j = 0; j < wanted.length; j++) {
                take[j] = have.indexOf(wanted[j]);
                if (take[j] < 0) {
                    missing.add(wanted[j]);
                }
            }
            if (missing.isEmpty()) {
                if (width > take.length) {
                    List<String> ignored = new ArrayList<>(have);
                    ignored.removeAll(Arrays.asList(wanted));
                    err.println("curvature: predict: matched the model's " + wanted.length + " columns by name; ignoring "
                            + String.join(", ", ignored));
                    err.flush();
                }
                return take;
            }
            throw new CliException(CliException.BAD_INPUT, data + ": no column named " + String.join(", ", missing)
                    + ", which the model was fitted with");
        }
        int labelAt = -1;
        if (label != null) {
            labelAt = labelIndex(names, width);
        } else if (width == m.features() + 1) {
            labelAt = width - 1;
            err.println("curvature: predict: taking the last column" + (names != null ? " ('" + names[labelAt] + "')" : "")
                    + " as the label and ignoring it");
            err.flush();
        }
        int features = width - (labelAt >= 0 ? 1 : 0);
        if (features != m.features()) {
            throw new CliException(CliException.BAD_INPUT, data + ": " + features + " feature columns"
                    + (labelAt >= 0 ? " besides the label" : "") + ", but the model has " + m.features());
        }
        int[] take = new int[features];
        for (int j = 0, k = 0; j < width; j++) {
            if (j != labelAt) {
                take[k++] = j;
            }
        }
        return take;
    }

    private int labelIndex(String[] names, int width) {
        try {
            int index = Integer.parseInt(label.strip());
            int resolved = index < 0 ? width + index : index;
            if (resolved < 0 || resolved >= width) {
                throw new CliException(CliException.BAD_INPUT, "--label " + label + " is outside the " + width + " columns");
            }
            return resolved;
        } catch (NumberFormatException byName) {
            int at = names == null ? -1 : Arrays.asList(names).indexOf(label);
            if (at < 0) {
                throw new CliException(CliException.BAD_INPUT, data + ": no column named '" + label + "'");
            }
            return at;
        }
    }
}
