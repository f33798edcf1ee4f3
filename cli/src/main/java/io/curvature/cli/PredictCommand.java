package io.curvature.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.data.Dataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code curvature predict model.json DATA}: predictions (and probabilities) as CSV on stdout. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "Predict with a fitted model.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.json")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA")
    Path data;

    @Option(names = "--labels", paramLabel = "Y.npy", description = "labels for an .npy DATA (ignored, but required by the reader)")
    Path labels;

    @Option(names = "--label", defaultValue = "-1", description = "CSV label column (default: last)")
    String label;

    @Override
    public Integer call() {
        JsonNode m = ModelFile.read(model);
        ModelKind kind = ModelKind.byName(m.get("options").get("model").asText());
        double[] w = new double[m.get("weights").size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = m.get("weights").get(j).asDouble();
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Dataset ds = DataOptions.load(data, labels, label, m.path("intercept").asBoolean(true))) {
            double[][] p = Predictions.predict(kind, ds, w);
            StringBuilder header = new StringBuilder("prediction");
            for (int c = 1; c < (p.length == 0 ? 1 : p[0].length); c++) {
                header.append(",p").append(kind == ModelKind.LOGISTIC ? "1" : Integer.toString(c - 1));
            }
            out.println(header);
            for (double[] row : p) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < row.length; c++) {
                    sb.append(c == 0 ? "" : ",").append(row[c]);
                }
                out.println(sb);
            }
            out.flush();
        }
        return 0;
    }
}
