package io.curvature.jmh.experiments;

import io.curvature.jmh.Fixtures;
import io.curvature.jmh.BandwidthBenchmark;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Several builds of {@code core} compared in one JVM: each build's classes are loaded by a class loader of
 * their own, the fused GLM pass or HVP of each runs on the same data, and the builds (and the
 * {@link BandwidthBenchmark#sum} reference) take turns in short slices, round after round. On a shared host whose
 * speed drifts by tens of percent between JMH runs, the ratio of two builds within a round is far steadier than the
 * ratio of two JMH runs; the median over the rounds and its quartiles are printed. A decision aid for
 * small changes: a performance claim is still a JMH figure.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar \
 *      io.curvature.jmh.InterleavedBuilds glm|hvp|gram N D LOSS ROUNDS SLICE_MS BUILD BUILD...
 * </pre>
 *
 * A build is a directory of classes ({@code core/target/classes}, copied aside before rebuilding) or a jar that
 * holds {@code io.curvature.kernel}. Each build's result of one pass is printed too, so that a change that should
 * keep the bits can be seen to.
 */
public final class InterleavedBuilds {

    private InterleavedBuilds() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: InterleavedBuilds glm|hvp|gram N D LOSS ROUNDS SLICE_MS BUILD [BUILD...]");
            System.exit(2);
        }
        run(args, System.out);
    }

    static void run(String[] args, PrintStream out) throws Exception {
        String op = args[0].toLowerCase(Locale.ROOT);
        if (!op.equals("glm") && !op.equals("hvp") && !op.equals("gram")) {
            throw new IllegalArgumentException("unknown pass '" + args[0] + "' (glm, hvp or gram)");
        }
        long n = Long.parseLong(args[1]);
        int d = Integer.parseInt(args[2]);
        String lossName = args[3];
        int rounds = Integer.parseInt(args[4]);
        long sliceNanos = Long.parseLong(args[5]) * 1_000_000L;
        if (n < 1 || d < 1 || rounds < 1 || sliceNanos < 1) {
            throw new IllegalArgumentException("N, D, ROUNDS and SLICE_MS must be positive");
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment x = Fixtures.uniform(arena, n * d, -1, 1, 1);
            MemorySegment y = Fixtures.labels(arena, n, 2);
            MemorySegment w = Fixtures.uniform(arena, d, -0.1, 0.1, 3);
            MemorySegment weights = arena.allocate(n * Double.BYTES, 64);
            BandwidthBenchmark reference = BandwidthBenchmark.of(n, d);
            try {
                List<Interleaving.Task> passes = new ArrayList<>();
                passes.add(new Interleaving.Task("sum (reference)", reference::sum));
                for (int b = 6; b < args.length; b++) {
                    Interleaving.Task pass = load(Path.of(args[b]), op, n, d, lossName, arena, x, y, w, weights);
                    passes.add(pass);
                    out.printf(Locale.ROOT, "%s: one pass gives %s%n", pass.name(), Double.toString(pass.body().run()));
                }
                report(measure(passes, rounds, sliceNanos), passes, op, n, d, lossName, sliceNanos, out);
            } finally {
                reference.tearDown();
            }
        }
    }

    /** The kernels' loss type: {@code SampleLoss}, named {@code GlmLoss} in builds before the model layer split. */
    private static Class<?> lossType(ClassLoader loader) throws ClassNotFoundException {
        try {
            return loader.loadClass("io.curvature.kernel.SampleLoss");
        } catch (ClassNotFoundException e) {
            return loader.loadClass("io.curvature.kernel.GlmLoss");
        }
    }

    private static Interleaving.Task load(Path build, String op, long n, int d, String lossName, Arena arena,
                                          MemorySegment x, MemorySegment y, MemorySegment w, MemorySegment weights)
            throws ReflectiveOperationException, java.io.IOException {
        URLClassLoader loader = Interleaving.loader(build);
        Class<?> provider = loader.loadClass("io.curvature.kernel.KernelProvider");
        Object kernels = provider.getMethod("byName", String.class).invoke(null, "vector");
        Class<?> view = loader.loadClass("io.curvature.kernel.MatrixView");
        Object matrix = view.getConstructor(MemorySegment.class, long.class, long.class, int.class, int.class)
                .newInstance(x, 0L, n, d, d);
        Class<?> lossType = lossType(loader);
        Object loss = lossType.getField(lossName).get(null);
        Class<?> api = loader.loadClass("io.curvature.kernel.Kernels");
        Method glm = api.getMethod("glm", lossType, view, MemorySegment.class, long.class, MemorySegment.class,
                long.class, MemorySegment.class, long.class, MemorySegment.class, long.class, int.class);
        MemorySegment grad = arena.allocate((long) d * Double.BYTES, 64);
        MemorySegment product = arena.allocate((long) d * Double.BYTES, 64);
        String name = build.getFileName().toString();
        // the arguments built once: a pass allocates nothing of the harness's own
        Object[] glmArgs = {loss, matrix, y, 0L, w, 0L, grad, 0L, weights, 0L, 1};
        if (op.equals("glm")) {
            return new Interleaving.Task(name, () -> invoke(glm, kernels, glmArgs));
        }
        invoke(glm, kernels, glmArgs); // the weights D of the HVP and the Gram
        if (op.equals("gram")) {
            Method gram = api.getMethod("gram", view, MemorySegment.class, long.class, MemorySegment.class, long.class,
                    int.class);
            MemorySegment out = arena.allocate((long) d * d * Double.BYTES, 64);
            Object[] gramArgs = {matrix, weights, 0L, out, 0L, 1};
            return new Interleaving.Task(name, () -> {
                invoke(gram, kernels, gramArgs);
                return out.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, (long) d * d - 1);
            });
        }
        Method hvp = api.getMethod("hvp", view, MemorySegment.class, long.class, MemorySegment.class, long.class,
                MemorySegment.class, long.class, int.class);
        Object[] hvpArgs = {matrix, weights, 0L, w, 0L, product, 0L, 1};
        return new Interleaving.Task(name, () -> {
            invoke(hvp, kernels, hvpArgs);
            return product.getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0);
        });
    }

    private static double invoke(Method m, Object target, Object[] args) throws ReflectiveOperationException {
        try {
            Object r = m.invoke(target, args);
            return r instanceof Double v ? v : 0;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(m.getName() + " failed: " + e.getCause(), e.getCause());
        }
    }

    /** ops/s of each pass in each round ({@link Interleaving#millis}). */
    private static double[][] measure(List<Interleaving.Task> passes, int rounds, long sliceNanos)
            throws ReflectiveOperationException {
        double[][] rate = Interleaving.millis(passes, rounds, sliceNanos);
        for (double[] perRound : rate) {
            for (int r = 0; r < rounds; r++) {
                perRound[r] = 1e3 / perRound[r];
            }
        }
        return rate;
    }

    private static void report(double[][] rate, List<Interleaving.Task> passes, String op, long n, int d, String loss,
                               long sliceNanos, PrintStream out) {
        int rounds = rate[0].length;
        out.printf(Locale.ROOT, "%s, n = %d, d = %d, %s: %d rounds of %d ms per build, interleaved%n", op, n, d, loss,
                rounds, sliceNanos / 1_000_000);
        out.printf(Locale.ROOT, "%-24s %12s %12s %12s %14s%n", "build", "median ops/s", "q1", "q3", "% of sum (med)");
        for (int p = 0; p < passes.size(); p++) {
            double[] share = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                share[r] = 100 * rate[p][r] / rate[0][r];
            }
            double[] q = quartiles(rate[p]);
            out.printf(Locale.ROOT, "%-24s %12.1f %12.1f %12.1f %14.1f%n", passes.get(p).name(), q[1], q[0], q[2],
                    quartiles(share)[1]);
        }
        for (int p = 2; p < passes.size(); p++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = rate[p][r] / rate[1][r];
            }
            double[] q = quartiles(ratio);
            out.printf(Locale.ROOT, "%s / %s: median ratio %.3f (quartiles %.3f - %.3f)%n", passes.get(p).name(),
                    passes.get(1).name(), q[1], q[0], q[2]);
        }
    }

    /** The lower quartile, median and upper quartile (nearest rank). */
    static double[] quartiles(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int last = s.length - 1;
        return new double[] {s[Math.round(last * 0.25f)], s[Math.round(last * 0.5f)], s[Math.round(last * 0.75f)]};
    }
}
