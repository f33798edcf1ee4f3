package io.curvature.cli;

import io.curvature.data.Dataset;
import io.curvature.objective.Objective;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    @Option(names = "--out", paramLabel = "model.json", description = "write the fitted model")
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
        try (Dataset data = dataOptions.load()) {
            settings.fitOnceOn(data);
            ModelKind kind = settings.modelFor(data);
            Objective objective = settings.objective(kind, data);
            Progress progress = quiet ? null : new Progress(err, System.console() != null, "");
            Result r = Minimizer.minimize(objective, new double[objective.dimension()], m,
                    settings.options().withListener(progress));
            if (progress != null) {
                progress.finish();
            }
            summary(outW, r, kind, data);
            outW.printf(Locale.ROOT, "kernels     %s (%s)%n", settings.kernels().name(), settings.kernelsReason());
            outW.flush();
            if (out != null) {
                Map<String, Object> model = new LinkedHashMap<>();
                model.put("weights", r.w());
                model.put("f", r.f());
                model.put("gradient_norm", r.gradNorm());
                model.put("status", r.status().name());
                model.put("message", r.message());
                model.put("iterations", r.iterations());
                model.put("path", r.path());
                model.put("intercept", data.hasIntercept());
                model.put("features", data.features());
                model.put("options", settings.describe(kind, r.method().cliName()));
                ModelFile.write(out, model);
            }
            if (trace != null) {
                write(trace, r.trace().toCsv());
            }
            if (plot != null) {
                ConvergencePlot p = new ConvergencePlot("Curvature: " + r.method().cliName() + " on " + dataOptions.data.getFileName(),
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

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void summary(PrintWriter out, Result r, ModelKind kind, Dataset data) {
        double seconds = r.trace().size() == 0 ? 0 : r.trace().seconds()[r.trace().size() - 1];
        out.printf(Locale.ROOT, "status      %s (%s)%n", r.status(), r.message());
        out.printf(Locale.ROOT, "method      %s: %s%n", r.method().cliName(), r.path());
        out.printf(Locale.ROOT, "iterations  %d  (f/g evaluations %d/%d, HVPs %d, Hessians %d)%n", r.iterations(),
                r.valueEvaluations(), r.gradientEvaluations(), r.hvpEvaluations(), r.hessianEvaluations());
        out.printf(Locale.ROOT, "time        %.3f s%n", seconds);
        out.printf(Locale.ROOT, "f           %.15g%n", r.f());
        out.printf(Locale.ROOT, "|g|_inf     %.3e%n", r.gradNorm());
        if (kind.classifier()) {
            out.printf(Locale.ROOT, "accuracy    %.4f (training)%n", Predictions.accuracy(kind, data, r.w()));
        }
        out.flush();
    }
}
