package io.curvature.jmh.experiments;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a data file by several builds compared in one JVM ({@link Interleaving}): each build reads the file
 * as the command line does by default (LIBSVM sparse by {@code LibsvmReader.readSparse}, other formats by
 * {@code DataFiles.read}, the format by the file's name) and closes the data set, in turns of short
 * slices, round after round; the median read time and the median ratio to the first build are printed.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp jmh/target/benchmarks.jar \
 *      io.curvature.jmh.experiments.InterleavedReads FILE ROUNDS SLICE_MS BUILD BUILD...
 * </pre>
 */
public final class InterleavedReads {

    private InterleavedReads() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: InterleavedReads FILE ROUNDS SLICE_MS BUILD [BUILD...]");
            System.exit(2);
        }
        run(args, System.out);
    }

    static void run(String[] args, PrintStream out) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        long sliceNanos = Long.parseLong(args[2]) * 1_000_000L;
        Interleaving.checkTurns(rounds, sliceNanos);
        List<Interleaving.Task> reads = new ArrayList<>();
        for (int b = 3; b < args.length; b++) {
            Path build = Path.of(args[b]);
            URLClassLoader loader = Interleaving.loader(build);
            Object format = loader.loadClass("io.curvature.data.DataFormat").getMethod("of", Path.class)
                    .invoke(null, file);
            Method read = format.toString().equals("LIBSVM")
                    ? loader.loadClass("io.curvature.data.LibsvmReader").getMethod("readSparse", Path.class)
                    : loader.loadClass("io.curvature.data.DataFiles").getMethod("read", Path.class);
            Method close = loader.loadClass("io.curvature.data.Dataset").getMethod("close");
            reads.add(new Interleaving.Task(build.getFileName().toString(), () -> Interleaving.within(loader,
                    () -> {
                        close.invoke(read.invoke(null, file));
                        return 0;
                    }, "the read")));
        }
        Interleaving.run(reads, rounds, sliceNanos, "reads of " + file.getFileName(), out);
    }
}
