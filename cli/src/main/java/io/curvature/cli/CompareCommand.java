package io.curvature.cli;

import io.curvature.data.Dataset;
import io.curvature.model.FitFailedException;
import io.curvature.model.ModelKind;
import io.curvature.optim.Method;
import io.curvature.optim.Result;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code curvature compare DATA}: every method on the same problem, a table of what each cost and reached,
 * and one PNG of {@code f - f_best} against time.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, description = "Run every method on DATA and compare them.")
final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    FitSettings settings = new FitSettings();

    @Option(names = "--plot", paramLabel = "compare.png", defaultValue = "compare.png",
            description = "where to plot f - f_best against time (default: ${DEFAULT-VALUE})")
    Path plot;

    @Option(names = "--quiet", description = "no progress lines")
    boolean quiet;

    @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "run each method once untimed first, so JIT compilation does not skew the times (default: on)")
    boolean warmup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputFiles.check(java.util.Map.of("--plot", plot), dataOptions.inputs());
        try (Dataset data = dataOptions.load()) {
            ModelKind kind = settings.modelFor(data);
            List<Result> results = new ArrayList<>();
            if (warmup) {
                for (Method m : Method.values()) {
                    run(kind, m, data, null);
                }
            }
            for (Method m : Method.values()) {
                Progress progress = quiet ? null : new Progress(err, System.console() != null, m.cliName() + ": ");
                results.add(run(kind, m, data, progress));
                if (progress != null) {
                    progress.finish();
                }
            }
            double best = results.stream().mapToDouble(Result::f).min().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%s on %s (n = %d, d = %d, lambda = %g)%n", kind.fileName(), dataOptions.name(),
                    data.samples(), results.get(0).w().length, settings.lambda);
            out.printf(Locale.ROOT, "%-18s %-14s %6s %7s %7s %7s %7s %9s %10s %10s %s%n", "method", "path", "iters", "f-evals",
                    "g-evals", "HVPs", "Hess", "time(s)", "f - f_best", "|g|_inf", "status");
            ConvergencePlot p = new ConvergencePlot("Curvature: " + kind.fileName() + " on " + dataOptions.name(),
                    "f - f_best");
            Method[] methods = Method.values();
            for (int i = 0; i < results.size(); i++) {
                Result r = results.get(i);
                double[] secs = r.trace().seconds();
                double time = secs.length == 0 ? 0 : secs[secs.length - 1];
                String label = methods[i] == Method.AUTO ? "auto->" + r.method().cliName() : r.method().cliName();
                out.printf(Locale.ROOT, "%-18s %-14s %6d %7d %7d %7d %7d %9.4f %10.3e %10.3e %s%n", label, r.method().family().label(),
                        r.iterations(), r.valueEvaluations(), r.gradientEvaluations(), r.hvpEvaluations(),
                        r.hessianEvaluations(), time, r.f() - best, r.gradNorm(), r.status());
                double[] f = r.trace().f();
                double[] gap = new double[f.length];
                for (int k = 0; k < f.length; k++) {
                    gap[k] = f[k] - best;
                }
                p.add(label, secs, gap);
            }
            p.save(plot);
            out.println("plot: " + plot);
            out.flush();
        }
        return 0;
    }

    /** One method's run; a failed fit is a row of the table, not the end of the comparison. */
    private Result run(ModelKind kind, Method m, Dataset data, Progress progress) {
        try {
            return settings.fit(kind, m, dataOptions, data, progress).result().orElseThrow();
        } catch (FitFailedException e) {
            return e.result();
        }
    }
}
