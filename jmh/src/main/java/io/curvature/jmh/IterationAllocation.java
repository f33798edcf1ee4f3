package io.curvature.jmh;

import com.sun.management.ThreadMXBean;
import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.kernel.KernelProvider;
import io.curvature.objective.Glm;
import io.curvature.optim.IterationListener;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Heap bytes allocated per optimizer iteration in steady state, every method, one thread: what JMH's
 * {@code -prof gc} cannot separate, since its bytes per fit include the run's fixed set-up (workspace,
 * trace, result). Fits the seeded synthetic logistic problem of {@link FitBenchmark} (n = 5000, d = 100
 * by default) {@code runs} times per method so that the JIT has compiled everything, then reads the
 * allocation counter of all threads (native worker threads included) at each iteration of the last run.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp
 * jmh/target/benchmarks.jar io.curvature.jmh.IterationAllocation [n d runs [METHOD,METHOD...]]}
 */
public final class IterationAllocation {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int MAX_ITERATIONS = 300;

    private IterationAllocation() {
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 5000;
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Method[] methods = args.length > 3 ? Arrays.stream(args[3].split(",")).map(Method::valueOf).toArray(Method[]::new)
                : Arrays.stream(Method.values()).filter(m -> m != Method.AUTO).toArray(Method[]::new);
        System.out.printf("logistic n = %d, d = %d, %d runs per method, gtol 1e-8, %s%n", n, d, runs,
                KernelProvider.get().name());
        System.out.printf("%-18s %10s %14s %22s %22s%n", "method", "iterations", "bytes per run",
                "bytes/iteration median", "bytes/iteration max");
        try (Dataset data = SyntheticLogistic.generate(n, d, 1e3, 42);
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 1)) {
            for (Method m : methods) {
                measure(glm, m, runs);
            }
        }
    }

    private static void measure(Glm glm, Method method, int runs) {
        long[] counter = new long[MAX_ITERATIONS + 1];
        int[] seen = new int[1];
        IterationListener listener = (iteration, f, gradNorm, step, kappa, seconds) -> {
            counter[seen[0]++] = THREADS.getTotalThreadAllocatedBytes();
            return true;
        };
        Options options = Options.defaults().withGtol(1e-8).withMaxIterations(MAX_ITERATIONS).withListener(listener);
        Result last = null;
        long perRun = 0;
        for (int r = 0; r < runs; r++) {
            seen[0] = 0;
            double[] w0 = new double[glm.dimension()];
            long before = THREADS.getTotalThreadAllocatedBytes();
            last = Minimizer.minimize(glm, w0, method, options);
            perRun = THREADS.getTotalThreadAllocatedBytes() - before;
        }
        // Iterations 2.. only: iteration 1 may still be filling per-thread caches sized by the problem.
        int k = Math.max(0, seen[0] - 2);
        long[] deltas = new long[k];
        for (int i = 0; i < k; i++) {
            deltas[i] = counter[i + 2] - counter[i + 1];
        }
        Arrays.sort(deltas);
        System.out.printf("%-18s %10d %14d %22s %22s%n", method, last.iterations(), perRun,
                k == 0 ? "-" : Long.toString(deltas[k / 2]), k == 0 ? "-" : Long.toString(deltas[k - 1]));
    }
}
