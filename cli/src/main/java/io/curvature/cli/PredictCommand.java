package io.curvature.cli;

import io.curvature.data.Dataset;
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
import java.util.concurrent.Callable;

/**
 * {@code curvature predict model.json DATA}: one CSV line per row on stdout: the prediction (a class as the
 * training data labelled it, or the expected target), then for a classifier the probability of each class.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict with a fitted model.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "CSV, LIBSVM or .npy; - reads standard input")
    Path data;

    @Option(names = "--format", paramLabel = "csv|libsvm|npy", description = "the format of DATA (default: by its extension; CSV for -)")
    String format;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "labels for an .npy DATA (ignored, but required by the reader)")
    Path labels;

    @Option(names = "--label", description = "CSV label column (ignored; default: last)")
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
        try (Dataset ds = DataOptions.load(data, format, labels, label, false)) {
            if (m instanceof ClassificationModel cm) {
                double[] classes = cm.classes();
                StringBuilder header = new StringBuilder("prediction");
                for (double c : classes) {
                    header.append(",p_").append(ClassificationModel.formatLabel(c));
                }
                out.println(header);
                double[] predicted = cm.predict(ds);
                double[][] p = cm.predictProbabilities(ds);
                for (int i = 0; i < predicted.length; i++) {
                    StringBuilder sb = new StringBuilder(ClassificationModel.formatLabel(predicted[i]));
                    for (double v : p[i]) {
                        sb.append(',').append(v);
                    }
                    out.println(sb);
                }
            } else {
                out.println("prediction");
                for (double v : ((RegressionModel) m).predict(ds)) {
                    out.println(v);
                }
            }
            out.flush();
            if (out.checkError()) {
                throw new CliException(CliException.BAD_INPUT, "cannot write the predictions to standard output");
            }
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, data + ": " + e.getMessage());
        }
        return 0;
    }
}
