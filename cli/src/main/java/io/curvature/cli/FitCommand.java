package io.curvature.cli;

import io.curvature.data.AtomicFiles;
import io.curvature.data.Dataset;
import io.curvature.model.ClassificationModel;
import io.curvature.model.FitFailedException;
import io.curvature.model.LinearModel;
import io.curvature.optim.Method;
import io.curvature.optim.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code curvature fit DATA}: fits one model with one method, with progress and a summary. */
@Command(name = "fit", mixinStandardHelpOptions = true, description = "Fit a model to DATA.")
final class FitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    FitSettings settings = new FitSettings();

    @Option(names = "--method", defaultValue = "auto", completionCandidates = MethodNames.class,
            description = "one of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--out", paramLabel = "model.json", description = "write the fitted model (read by predict and LinearModel.load)")
    Path out;

    @Option(names = "--trace", paramLabel = "trace.csv", description = "write the per-iteration trace")
    Path trace;

    @Option(names = "--plot", paramLabel = "convergence.png", description = "plot the gradient norm against time")
    Path plot;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Override
    public Integer call() {
        PrintWriter outW = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Method m = parseMethod(method);
        java.util.Map<String, Path> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--trace", trace);
        outputs.put("--plot", plot);
        OutputFiles.check(outputs, dataOptions.inputs());
        try (Dataset data = dataOptions.load()) {
            settings.fitOnceOn(data);
            Progress progress = quiet ? null : new Progress(err, System.console() != null, "");
            LinearModel model;
            try {
                model = settings.fit(settings.modelFor(data), m, dataOptions, data, progress);
            } catch (FitFailedException e) {
                throw new CliException(CliException.NOT_CONVERGED, "did not converge: " + e.result().status() + " ("
                        + e.result().message() + ")", e);
            } finally {
                if (progress != null) {
                    progress.finish();
                }
            }
            Result r = model.result().orElseThrow();
            summary(outW, r, model, data);
            outW.printf(Locale.ROOT, "kernels     %s (%s)%n", settings.kernelsName(), settings.kernelsReason());
            outW.flush();
            if (out != null) {
                try {
                    model.save(out);
                } catch (UncheckedIOException e) {
                    throw new CliException(CliException.BAD_INPUT, e.getMessage());
                }
            }
            if (trace != null) {
                write(trace, r.trace().toCsv());
            }
            if (plot != null) {
                ConvergencePlot p = new ConvergencePlot("Curvature: " + r.method().cliName() + " on " + dataOptions.name(),
                        "||g||_inf");
                p.add(r.method().cliName(), r.trace().seconds(), r.trace().gradNorm());
                p.save(plot);
            }
            if (!r.status().converged()) {
                throw new CliException(CliException.NOT_CONVERGED, "did not converge: " + r.status() + " (" + r.message() + ")");
            }
            return 0;
        }
    }

    static Method parseMethod(String name) {
        try {
            return Method.byName(name);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    /** Replaces {@code file} with {@code text}, or leaves it as it was. */
    static void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    private static void summary(PrintWriter out, Result r, LinearModel model, Dataset data) {
        double seconds = r.trace().size() == 0 ? 0 : r.trace().seconds()[r.trace().size() - 1];
        out.printf(Locale.ROOT, "model       %s%n", describe(model));
        if (data.isSparse()) {
            long nnz = data.sparseX().nonzeros() + (data.hasImplicitIntercept() ? data.samples() : 0); // with its ones
            out.printf(Locale.ROOT, "data        %d rows, %d columns, %d nonzeros (density %.3g), sparse%n", data.samples(),
                    data.features(), nnz, nnz / ((double) data.samples() * data.features()));
        }
        out.printf(Locale.ROOT, "status      %s (%s)%n", r.status(), r.message());
        out.printf(Locale.ROOT, "method      %s: %s%n", r.method().cliName(), r.path());
        out.printf(Locale.ROOT, "iterations  %d  (f/g evaluations %d/%d, HVPs %d, Hessians %d)%n", r.iterations(),
                r.valueEvaluations(), r.gradientEvaluations(), r.hvpEvaluations(), r.hessianEvaluations());
        out.printf(Locale.ROOT, "time        %.3f s%n", seconds);
        out.printf(Locale.ROOT, "f           %.15g%n", r.f());
        out.printf(Locale.ROOT, "|g|_inf     %.3e%n", r.gradNorm());
        if (model instanceof ClassificationModel cm) {
            out.printf(Locale.ROOT, "accuracy    %.4f (training)%n", cm.accuracy(data));
        }
        out.flush();
    }

    /** The model in words: kind, features, intercept, and for a classifier its classes as the data labels them. */
    static String describe(LinearModel model) {
        StringBuilder sb = new StringBuilder(model.kind().fileName()).append(", ").append(model.features())
                .append(" features").append(model.fitOptions().fitIntercept() ? " + intercept" : "");
        if (model instanceof ClassificationModel cm) {
            double[] classes = cm.classes();
            sb.append(", classes ");
            for (int c = 0; c < classes.length; c++) {
                sb.append(c == 0 ? "" : ", ").append(ClassificationModel.formatLabel(classes[c]));
            }
            if (model.kind() == io.curvature.model.ModelKind.LOGISTIC) {
                sb.append(" (positive: ").append(ClassificationModel.formatLabel(classes[1])).append(')');
            }
        }
        return sb.toString();
    }
}
