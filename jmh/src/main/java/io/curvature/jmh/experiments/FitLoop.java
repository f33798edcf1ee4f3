package io.curvature.jmh.experiments;

import io.curvature.data.Dataset;
import io.curvature.data.NpyReader;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;

import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whole fits of a few methods in one JVM, one fit of each per round, round after round, for a given time: the
 * per-fit overhead of small fits (a fit's set-up and tear-down, AUTO's plan) and the effect of the other methods
 * in the rounds, which the whole-fit harness ({@code WholeFits}) mixes. Prints, per method, the median and the
 * 10th and 90th percentiles of the fits in the later half of the time. With {@code split}, the objective is
 * wrapped to time its calls, and the time outside them is printed too (not for {@code auto}, which plans only
 * for the library's own objectives). Compare two builds by running it with each on the class path, alternately.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar \
 *      io.curvature.jmh.experiments.FitLoop X.npy y.npy LOSS LAMBDA METHOD[,METHOD...] SECONDS [split]
 * </pre>
 *
 * {@code X.npy} and {@code y.npy} as {@code scripts/bench/peers.py case NAME DIR} writes them; an intercept is added.
 */
public final class FitLoop {

    private FitLoop() {
    }

    public static void main(String[] args) {
        if (args.length < 6 || args.length > 7) {
            System.err.println("usage: FitLoop X.npy y.npy LOSS LAMBDA METHOD[,METHOD...] SECONDS [split]");
            System.exit(2);
        }
        run(args, System.out);
    }

    /** The time spent inside an objective's calls. */
    private static final class TimedObjective implements Objective {
        private final Objective inner;
        long nanos;

        TimedObjective(Objective inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public double value(MemorySegment w) {
            long t = System.nanoTime();
            double v = inner.value(w);
            nanos += System.nanoTime() - t;
            return v;
        }

        @Override
        public double valueAndGradient(MemorySegment w, MemorySegment grad) {
            long t = System.nanoTime();
            double v = inner.valueAndGradient(w, grad);
            nanos += System.nanoTime() - t;
            return v;
        }

        @Override
        public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
            long t = System.nanoTime();
            inner.hessianVector(w, v, out);
            nanos += System.nanoTime() - t;
        }

        @Override
        public void hessian(MemorySegment w, MemorySegment h) {
            long t = System.nanoTime();
            inner.hessian(w, h);
            nanos += System.nanoTime() - t;
        }

        @Override
        public boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
            long t = System.nanoTime();
            boolean done = inner.hessianDiagonal(w, out);
            nanos += System.nanoTime() - t;
            return done;
        }
    }

    static void run(String[] args, PrintStream out) {
        GlmLoss loss = GlmLoss.valueOf(args[2].toUpperCase(Locale.ROOT).replace('-', '_'));
        double lambda = Double.parseDouble(args[3]);
        Method[] methods = Arrays.stream(args[4].split(","))
                .map(s -> Method.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')))
                .toArray(Method[]::new);
        double seconds = Double.parseDouble(args[5]);
        boolean split = args.length == 7;
        if (split && !args[6].equals("split")) {
            throw new IllegalArgumentException("the last argument may only be 'split', not '" + args[6] + "'");
        }
        if (split && Arrays.asList(methods).contains(Method.AUTO)) {
            throw new IllegalArgumentException("split times a wrapped objective, for which auto plans differently");
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("SECONDS must be positive");
        }
        try (Dataset raw = Dataset.of(NpyReader.readMatrix(Path.of(args[0])), NpyReader.readVector(Path.of(args[1])));
             Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, loss, lambda)) {
            TimedObjective timed = new TimedObjective(glm);
            Objective f = split ? timed : glm;
            Options options = Options.defaults().withMaxIterations(100_000);
            int m = methods.length;
            long[][] total = new long[m][16];
            long[][] outside = new long[m][16];
            int rounds = 0;
            long end = System.nanoTime() + (long) (seconds * 1e9);
            do { // at least one round
                if (rounds == total[0].length) {
                    for (int i = 0; i < m; i++) {
                        total[i] = Arrays.copyOf(total[i], 2 * rounds);
                        outside[i] = Arrays.copyOf(outside[i], 2 * rounds);
                    }
                }
                for (int i = 0; i < m; i++) {
                    timed.nanos = 0;
                    long t = System.nanoTime();
                    Minimizer.minimize(f, new double[f.dimension()], methods[i], options);
                    total[i][rounds] = System.nanoTime() - t;
                    outside[i][rounds] = total[i][rounds] - timed.nanos;
                }
                rounds++;
            } while (System.nanoTime() < end);
            out.printf(Locale.ROOT, "%d rounds; the later %d per method:%n", rounds, rounds - rounds / 2);
            for (int i = 0; i < m; i++) {
                out.printf(Locale.ROOT, "%-18s %s%s%n", methods[i].cliName(), summary(total[i], rounds),
                        split ? "; outside the objective " + summary(outside[i], rounds) : "");
            }
        }
    }

    /** Median (p10, p90) of the later half of the first {@code rounds} entries, in milliseconds. */
    static String summary(long[] nanos, int rounds) {
        long[] later = Arrays.copyOfRange(nanos, rounds / 2, rounds);
        Arrays.sort(later);
        int k = later.length;
        return String.format(Locale.ROOT, "median %.3f ms (p10 %.3f, p90 %.3f)", later[k / 2] / 1e6,
                later[k / 10] / 1e6, later[Math.min(k - 1, k * 9 / 10)] / 1e6);
    }
}
