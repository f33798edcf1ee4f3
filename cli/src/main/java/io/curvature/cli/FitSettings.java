package io.curvature.cli;

import io.curvature.compute.KernelChoice;
import io.curvature.compute.LapackChoice;
import io.curvature.data.Dataset;
import io.curvature.model.ClassificationModel;
import io.curvature.model.Estimator;
import io.curvature.model.LinearModel;
import io.curvature.model.LinearRegression;
import io.curvature.model.LogisticRegression;
import io.curvature.model.ModelKind;
import io.curvature.model.PoissonRegression;
import io.curvature.model.SoftmaxRegression;
import io.curvature.objective.LabelException;
import io.curvature.optim.Implementations;
import io.curvature.optim.IterationListener;
import io.curvature.optim.Method;
import io.curvature.optim.Options;
import picocli.CommandLine.Option;

/** The model and solver options shared by {@code fit} and {@code compare}, and the fit they configure. */
final class FitSettings {

    @Option(names = "--model", paramLabel = "MODEL",
            description = "least-squares, logistic, poisson or softmax (default: logistic for labels of two values, else least-squares)")
    String model;

    @Option(names = "--lambda", defaultValue = "" + Estimator.DEFAULT_LAMBDA, description = "L2 penalty (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--gtol", defaultValue = "" + Options.DEFAULT_GTOL, description = "stop at ||g||_inf <= gtol (default: ${DEFAULT-VALUE})")
    double gtol;

    @Option(names = "--max-iter", defaultValue = "1000", description = "iteration budget (default: ${DEFAULT-VALUE})")
    int maxIter;

    @Option(names = "--threads", description = "threads for the data passes (default: available processors)")
    Integer threads;

    @Option(names = "--kernels", paramLabel = "vector|scalar", description = "kernel implementation (default: vector where available; fit on small data: scalar)")
    String kernels;

    @Option(names = "--lapack", paramLabel = "native|java", description = "linear algebra (default: native where it loads)")
    String lapack;

    int threads() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) {
            throw new CliException(CliException.BAD_INPUT, "--threads must be >= 1, got " + t);
        }
        return t;
    }

    /**
     * Below this many data elements a command that fits once and exits uses the scalar kernels: it ends before C2
     * has compiled the vector kernels, which run far slower than scalar code until then (docs/performance.md,
     * "Start-up").
     */
    static final long ONE_SHOT_SCALAR_BELOW = 1L << 20;

    private KernelChoice chosenKernels;
    private String kernelsReason = "the default";
    private LapackChoice chosenLapack;

    /**
     * For a command that fits once and exits: on small data, the scalar kernels, unless {@code --kernels} or
     * {@code -Dcurvature.kernels} chose. Call before the first use of the kernels.
     */
    void fitOnceOn(Dataset data) {
        if (kernels == null && chosenKernels == null && System.getProperty(KernelChoice.PROPERTY) == null
                && data.samples() * (double) data.features() < ONE_SHOT_SCALAR_BELOW) {
            chosenKernels = KernelChoice.SCALAR;
            kernelsReason = "small data in a one-shot process; --kernels vector overrides";
        }
    }

    /** Why the kernels in use were chosen, for the summary. */
    String kernelsReason() {
        kernels();
        String property = System.getProperty(KernelChoice.PROPERTY);
        if (kernels != null) {
            return "--kernels " + kernels;
        }
        return chosenKernels == KernelChoice.DEFAULT && property != null
                ? "-D" + KernelChoice.PROPERTY + "=" + property : kernelsReason;
    }

    /** The name of the kernels in use, for the summary: {@code scalar}, or {@code vector} with its width. */
    String kernelsName() {
        return Implementations.kernels(kernels());
    }

    /** The kernels asked for, checked where they are chosen: a choice that cannot run here is bad input. */
    KernelChoice kernels() {
        if (chosenKernels == null) {
            try {
                KernelChoice c = kernels == null ? KernelChoice.DEFAULT : KernelChoice.byName(kernels);
                Implementations.kernels(c);
                chosenKernels = c;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
        }
        return chosenKernels;
    }

    /** The LAPACK provider asked for, checked (loaded) where it is chosen. */
    LapackChoice lapack() {
        if (chosenLapack == null) {
            try {
                LapackChoice c = lapack == null ? LapackChoice.DEFAULT : LapackChoice.byName(lapack);
                Implementations.lapack(c);
                chosenLapack = c;
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CliException(CliException.BAD_INPUT, e.getMessage());
            }
        }
        return chosenLapack;
    }

    ModelKind modelFor(Dataset data) {
        if (model == null) {
            return twoLabelValues(data) ? ModelKind.LOGISTIC : ModelKind.LEAST_SQUARES;
        }
        try {
            return ModelKind.byName(model);
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    private static boolean twoLabelValues(Dataset data) {
        double a = data.y().get(0);
        double b = Double.NaN;
        for (long i = 1; i < data.samples(); i++) {
            double v = data.y().get(i);
            if (v != a && v != b) {
                if (!Double.isNaN(b)) {
                    return false;
                }
                b = v;
            }
        }
        return !Double.isNaN(b);
    }

    /**
     * Fits a {@code kind} model with {@code method} to {@code data}, read as {@code source} says (whose intercept
     * column, if any, is used); bad settings or labels become a {@link CliException}, a bad label naming its line. A failed fit is a {@link io.curvature.model.FitFailedException}.
     */
    LinearModel fit(ModelKind kind, Method method, DataOptions source, Dataset data, IterationListener listener) {
        Estimator<?, ?> e = switch (kind) {
            case LEAST_SQUARES -> new LinearRegression();
            case LOGISTIC -> new LogisticRegression();
            case POISSON -> new PoissonRegression();
            case SOFTMAX -> new SoftmaxRegression();
        };
        try {
            e.lambda(lambda).threads(threads()).method(method).fitIntercept(source.intercept)
                    .options(options().withListener(listener));
            return e.fit(data);
        } catch (LabelException ex) {
            throw new CliException(CliException.BAD_INPUT, source.where(ex.row()) + "label "
                    + ClassificationModel.formatLabel(ex.label()) + " " + ex.problem(), ex);
        } catch (IllegalArgumentException ex) {
            throw new CliException(CliException.BAD_INPUT, ex.getMessage(), ex);
        }
    }

    private Options options() {
        try {
            return Options.defaults().withGtol(gtol).withMaxIterations(maxIter).withKernels(kernels()).withLapack(lapack());
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }
}
