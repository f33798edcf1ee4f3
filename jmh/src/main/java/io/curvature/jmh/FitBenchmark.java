package io.curvature.jmh;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Glm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Whole fits: logistic regression on seeded synthetic data ({@code n = 100000}, condition number 1e3)
 * to {@code gtol = 1e-8}, one thread, every method and AUTO. The iterations of the last fit are an
 * auxiliary counter; gradient descent has a budget of 2000 iterations and reports where it stopped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class FitBenchmark {

    @Param({"100000"})
    long n;

    @Param({"100", "1000"})
    int d;

    @Param({"GD", "NEWTON", "CORRECTED_INVERSE", "SPECTRAL", "SADDLE_FREE", "SR1", "BFGS", "DFP", "LBFGS",
        "NEWTON_CG", "TRUST_REGION", "AUTO"})
    Method method;

    private Dataset data;
    private Glm glm;
    private Options options;

    /** Iterations and status of the fit, reported next to the time. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Outcome {
        public long iterations;
        public long converged;
    }

    @Setup(Level.Trial)
    public void setup() {
        data = SyntheticLogistic.generate(n, d, 1e3, 7);
        glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 1);
        options = Options.defaults().withGtol(1e-8).withMaxIterations(method == Method.GD ? 2000 : 1000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        glm.close();
        data.close();
    }

    @Benchmark
    public Result fit(Outcome outcome) {
        Result r = Minimizer.minimize(glm, new double[d], method, options);
        outcome.iterations = r.iterations();
        outcome.converged = r.status().converged() ? 1 : 0;
        return r;
    }
}
