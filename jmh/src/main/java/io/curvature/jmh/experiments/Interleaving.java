package io.curvature.jmh.experiments;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the tools that compare builds in one JVM share ({@link InterleavedBuilds}, {@link InterleavedFits},
 * {@link InterleavedReads}): each build's classes in a class loader of their own, and turns of short slices, round
 * after round, so that the host's drift between JVM runs cancels in each round's ratio.
 */
final class Interleaving {

    private Interleaving() {
    }

    /** One build's work, bound to its own classes and data. */
    record Task(String name, Body body) {
    }

    /** The work timed; returns a value that is kept, so that the work cannot be dropped as unused (0 when none). */
    @FunctionalInterface
    interface Body {
        double run() throws ReflectiveOperationException;
    }

    /**
     * The classes of {@code build} (a jar or class directory holding {@code io.curvature}), with the platform loader as
     * parent, so that {@code io.curvature} comes from the build and not from this tool's class path.
     */
    static URLClassLoader loader(Path build) throws java.io.IOException {
        if (!Files.exists(build)) {
            throw new IllegalArgumentException("build not found: " + build);
        }
        return new URLClassLoader(new URL[] {build.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    /** Runs {@code body} with {@code loader} as the context loader (a build's service providers, its native LAPACK). */
    static double within(ClassLoader loader, Body body, String what) throws ReflectiveOperationException {
        Thread self = Thread.currentThread();
        ClassLoader previous = self.getContextClassLoader();
        self.setContextClassLoader(loader);
        try {
            return body.run();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            self.setContextClassLoader(previous);
        }
    }

    /** Refuses a number of rounds or a slice that is not positive (before any build is loaded). */
    static void checkTurns(int rounds, long sliceNanos) {
        if (rounds < 1 || sliceNanos < 1) {
            throw new IllegalArgumentException("ROUNDS and SLICE_MS must be positive");
        }
    }

    /**
     * Takes turns between {@code tasks} for slices of {@code sliceNanos}, {@code rounds} times after one round of
     * warm-up, the order rotating each round; returns each task's milliseconds per run in each round.
     */
    static double[][] millis(List<Task> tasks, int rounds, long sliceNanos) throws ReflectiveOperationException {
        checkTurns(rounds, sliceNanos);
        int m = tasks.size();
        double[][] millis = new double[m][rounds];
        double sink = 0;
        for (int round = -1; round < rounds; round++) { // round -1 warms up and is not kept
            for (int k = 0; k < m; k++) {
                int t = Math.floorMod(k + round, m);
                long start = System.nanoTime();
                long count = 0;
                long elapsed;
                do {
                    sink += tasks.get(t).body().run();
                    count++;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < sliceNanos);
                if (round >= 0) {
                    millis[t][round] = elapsed * 1e-6 / count;
                }
            }
        }
        if (Double.isNaN(sink)) {
            System.err.println("(a run returned NaN)");
        }
        return millis;
    }

    /**
     * {@link #millis} of {@code tasks}, printed under {@code title}: each task's median time per run with quartiles,
     * and the median ratio of each to the first.
     */
    static void run(List<Task> tasks, int rounds, long sliceNanos, String title, PrintStream out)
            throws ReflectiveOperationException {
        double[][] millis = millis(tasks, rounds, sliceNanos);
        int m = tasks.size();
        out.printf(Locale.ROOT, "%s: %d rounds of %d ms per build, interleaved%n", title, rounds,
                sliceNanos / 1_000_000);
        out.printf(Locale.ROOT, "%-24s %12s %10s %10s%n", "build", "median ms", "q1", "q3");
        for (int t = 0; t < m; t++) {
            double[] q = InterleavedBuilds.quartiles(millis[t]);
            out.printf(Locale.ROOT, "%-24s %12.3f %10.3f %10.3f%n", tasks.get(t).name(), q[1], q[0], q[2]);
        }
        for (int t = 1; t < m; t++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = millis[t][r] / millis[0][r];
            }
            double[] q = InterleavedBuilds.quartiles(ratio);
            out.printf(Locale.ROOT, "%s / %s time: median ratio %.3f (quartiles %.3f - %.3f)%n", tasks.get(t).name(),
                    tasks.get(0).name(), q[1], q[0], q[2]);
        }
    }
}
