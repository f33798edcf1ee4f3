package io.curvature.spark;

import io.curvature.optim.MachineRates;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.util.Locale;

/**
 * Runs Curvature's optimizers on a {@link DistributedGlm} from the driver, and plans {@link Method#AUTO} for a
 * cluster (docs/spark.md): there a pass over the data costs a Spark job's latency on top of the data's time, so the
 * plan counts passes. Dense Newton computes the Hessian in the same job as the gradient (one pass per iteration,
 * the Gram's {@code n d^2} flops spread over the executors, its {@code d^3/3} Cholesky on the driver); L-BFGS takes
 * about {@link #LBFGS_PASSES} passes of {@code n d}. Newton is the plan while its Hessians cost less than the passes
 * it saves and its {@code d x d} partial sums stay small ({@code d <= }{@link #NEWTON_MAX_D}, as Spark MLlib's
 * normal-equation solver).
 */
public final class DistributedFit {

    /** The largest {@code d} AUTO plans dense Newton for: each partition ships a {@code d x d} partial sum. */
    public static final int NEWTON_MAX_D = 4096;
    /** Passes an L-BFGS fit is planned with (the local plan's figure, docs/math.md 5). */
    static final int LBFGS_PASSES = 101;
    /** Jobs a dense Newton fit is planned with: the start and five iterations, each one job with its Hessian. */
    static final int NEWTON_PASSES = 6;
    /** A Spark job's fixed cost, planned as a local-mode job's: scheduling, closures, the driver's collection. */
    static final double JOB_SECONDS = 0.02;
    /** Bytes per second a partition's partial sum reaches the driver at. */
    static final double COLLECT_BYTES_PER_SECOND = 1e9;

    private DistributedFit() {
    }

    /**
     * Minimizes {@code f} from {@code w0}: {@link Minimizer#minimize} with AUTO planned for Spark; the plan's reason
     * opens {@link Result#path()}.
     *
     * @param f       the objective
     * @param w0      the start, {@code f.dimension()} finite values
     * @param method  the method, or {@link Method#AUTO}
     * @param options stopping rules
     * @return the outcome
     */
    public static Result minimize(DistributedGlm f, double[] w0, Method method, Options options) {
        Method chosen = method;
        String reason = null;
        if (method == Method.AUTO) {
            Plan p = plan(f.samples(), f.dimension(), f.partitions(), parallelism(),
                    MachineRates.of(options));
            chosen = p.method();
            reason = p.reason();
        }
        f.computeHessianWithGradient(chosen.family() == Method.Family.DENSE);
        Result r;
        try {
            r = Minimizer.minimize(f, w0, chosen, options);
        } finally {
            f.computeHessianWithGradient(false);
        }
        if (reason == null) {
            return r;
        }
        return new Result(r.w(), r.f(), r.gradNorm(), r.iterations(), r.valueEvaluations(), r.gradientEvaluations(),
                r.hvpEvaluations(), r.hessianEvaluations(), r.status(), r.message(), r.method(),
                "auto on Spark: " + reason + "; " + r.path(), r.modifiedEigenvalues(), r.trace(), r.cause());
    }

    /** The cores the cluster runs tasks on, as Spark reports them. */
    private static int parallelism() {
        return org.apache.spark.SparkContext.getOrCreate().defaultParallelism();
    }

    /**
     * AUTO's plan for {@code n} rows of {@code d} parameters in {@code partitions} partitions on {@code cores}
     * executor cores, with per-core rates taken from this machine's ({@code rates}, measured on all its processors).
     */
    static Plan plan(long n, int d, int partitions, int cores, MachineRates rates) {
        int perMachine = Runtime.getRuntime().availableProcessors();
        double parallel = (double) Math.max(1, cores) / perMachine;
        double pass = JOB_SECONDS + 8.0 * n * d / (rates.passBytesPerSecond() * parallel);
        double gram = (double) n * d * d / (rates.wideGramFlopsPerSecond() * parallel)
                + 8.0 * d * d * partitions / COLLECT_BYTES_PER_SECOND
                + (double) d * d * d / 3 / rates.factorFlopsPerSecond();
        double newton = NEWTON_PASSES * (pass + gram);
        double lbfgs = LBFGS_PASSES * pass;
        String numbers = String.format(Locale.ROOT, "n = %d, d = %d, %d partitions on %d cores: a pass ~%.3g s, "
                + "a Newton fit ~%.3g s (%d passes with Hessians of ~%.3g s), an L-BFGS fit ~%.3g s (%d passes)",
                n, d, partitions, cores, pass, newton, NEWTON_PASSES, gram, lbfgs, LBFGS_PASSES);
        if (d > NEWTON_MAX_D) {
            return new Plan(Method.LBFGS, numbers + "; d > " + NEWTON_MAX_D + ": L-BFGS");
        }
        return newton <= lbfgs
                ? new Plan(Method.NEWTON, numbers + ": dense Newton")
                : new Plan(Method.LBFGS, numbers + ": L-BFGS");
    }

    /** A planned method and why. */
    record Plan(Method method, String reason) {
    }
}
