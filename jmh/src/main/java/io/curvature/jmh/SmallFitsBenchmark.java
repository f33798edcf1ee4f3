package io.curvature.jmh;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Glm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** Throughput of many small concurrent fits (n = 500, d = 20), two threads, each with its own problem. */
@State(Scope.Thread)
@Threads(2)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class SmallFitsBenchmark {

    @Param({"NEWTON", "LBFGS", "NEWTON_CG", "AUTO"})
    Method method;

    private Dataset data;
    private Glm glm;
    private Options options;

    @Setup(Level.Trial)
    public void setup() {
        data = SyntheticLogistic.generate(500, 20, 1e2, Thread.currentThread().threadId());
        glm = new Glm(data, GlmLoss.LOGISTIC, 1e-3, KernelChoice.DEFAULT, 1);
        options = Options.defaults().withGtol(1e-8);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        glm.close();
        data.close();
    }

    @Benchmark
    public Result fit() {
        return Minimizer.minimize(glm, new double[20], method, options);
    }
}
