package io.curvature.jmh.experiments;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whole fits by several builds compared in one JVM, as {@link InterleavedBuilds} does for single passes: each
 * build's classes in a class loader of their own read the same {@code .npy} files, and the builds take turns fitting
 * from zero for short slices, round after round. The host's drift between JVM runs cancels in each round's ratio;
 * the median fit time and the median ratio to the first build, with quartiles, are printed.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar \
 *      io.curvature.jmh.experiments.InterleavedFits X.npy y.npy LOSS LAMBDA METHOD ROUNDS SLICE_MS BUILD BUILD...
 * </pre>
 *
 * {@code X.npy} and {@code y.npy} as {@code scripts/bench/peers.py case NAME DIR} writes them (an intercept is
 * added); a build is a jar or class directory holding {@code io.curvature} (a benchmarks jar copied aside will do).
 */
public final class InterleavedFits {

    private InterleavedFits() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 8) {
            System.err.println("usage: InterleavedFits X.npy y.npy LOSS LAMBDA METHOD ROUNDS SLICE_MS BUILD [BUILD...]");
            System.exit(2);
        }
        run(args, System.out);
    }

    static void run(String[] args, PrintStream out) throws Exception {
        Path x = Path.of(args[0]);
        Path y = Path.of(args[1]);
        String loss = args[2].toUpperCase(Locale.ROOT).replace('-', '_');
        double lambda = Double.parseDouble(args[3]);
        String method = args[4].toUpperCase(Locale.ROOT).replace('-', '_');
        int rounds = Integer.parseInt(args[5]);
        long sliceNanos = Long.parseLong(args[6]) * 1_000_000L;
        Interleaving.checkTurns(rounds, sliceNanos);
        List<Interleaving.Task> fits = new ArrayList<>();
        for (int b = 7; b < args.length; b++) {
            fits.add(load(Path.of(args[b]), x, y, loss, lambda, method));
        }
        Interleaving.run(fits, rounds, sliceNanos, String.format(Locale.ROOT, "%s fits, %s, lambda = %s",
                method.toLowerCase(Locale.ROOT), loss.toLowerCase(Locale.ROOT), args[3]), out);
    }

    private static Interleaving.Task load(Path build, Path x, Path y, String loss, double lambda, String method)
            throws Exception {
        URLClassLoader loader = Interleaving.loader(build);
        Class<?> npy = loader.loadClass("io.curvature.data.NpyReader");
        Class<?> matrix = loader.loadClass("io.curvature.data.DenseMatrix");
        Class<?> vector = loader.loadClass("io.curvature.data.DenseVector");
        Class<?> dataset = loader.loadClass("io.curvature.data.Dataset");
        Object raw = dataset.getMethod("of", matrix, vector).invoke(null,
                npy.getMethod("readMatrix", Path.class).invoke(null, x), npy.getMethod("readVector", Path.class).invoke(null, y));
        Object data = dataset.getMethod("withIntercept").invoke(raw);
        Class<?> glmLoss = loader.loadClass("io.curvature.objective.GlmLoss");
        Class<?> glm = loader.loadClass("io.curvature.objective.Glm");
        Object objective = glm.getConstructor(dataset, glmLoss, double.class)
                .newInstance(data, glmLoss.getField(loss).get(null), lambda);
        Class<?> methodType = loader.loadClass("io.curvature.optim.Method");
        Object chosen = methodType.getField(method).get(null);
        Class<?> options = loader.loadClass("io.curvature.optim.Options");
        Object opts = options.getMethod("withMaxIterations", int.class)
                .invoke(options.getMethod("defaults").invoke(null), 100_000);
        Method minimize = loader.loadClass("io.curvature.optim.Minimizer").getMethod("minimize",
                loader.loadClass("io.curvature.objective.Objective"), double[].class, methodType, options);
        int d = (int) loader.loadClass("io.curvature.objective.Objective").getMethod("dimension").invoke(objective);
        return new Interleaving.Task(build.getFileName().toString(), () -> Interleaving.within(loader,
                () -> {
                    minimize.invoke(null, objective, new double[d], chosen, opts);
                    return 0;
                }, "the fit"));
    }
}
