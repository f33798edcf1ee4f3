package io.curvature.optim;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.kernel.SampleLoss;
import io.curvature.linalg.GramRoute;
import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this machine does per second with the kernels and linear algebra in use, for {@link Method#AUTO}'s cost
 * model (docs/math.md section 5), on as many threads as the fits use by default (every processor; OpenBLAS's own
 * threads on the native route): bytes of {@code X} a fused pass reads, Gram flops at a
 * narrow and a wide width, Gram flops on the native route, Cholesky flops.
 *
 * <p>Measured once per machine, JDK and implementation, warm (each kernel repeated until its time is steady,
 * so the JIT's state does not decide the path), on bounded data (never a {@code d x d} matrix of the problem),
 * then kept in a small file in the user's cache directory ({@code -Dcurvature.rates.dir}, else
 * {@code $XDG_CACHE_HOME/curvature}, else {@code ~/.cache/curvature}) for every later JVM.
 * {@code -Dcurvature.rates=builtin} uses fixed figures of the development machine instead and measures nothing.
 *
 * @param passBytesPerSecond       bytes of {@code X} per second through the fused GLM pass
 * @param narrowGramFlopsPerSecond kernel Gram flops per second at {@link #NARROW} columns
 * @param wideGramFlopsPerSecond   kernel Gram flops per second at {@link #WIDE} columns
 * @param nativeGramFlopsPerSecond native Gram flops per second at {@link #NATIVE} columns (0: no native route)
 * @param factorFlopsPerSecond     Cholesky flops ({@code d^3 / 3}) per second at {@link #WIDE}
 * @param source                   where the figures come from: measured now, read from a file, or built in
 */
public record MachineRates(double passBytesPerSecond, double narrowGramFlopsPerSecond, double wideGramFlopsPerSecond,
                           double nativeGramFlopsPerSecond, double factorFlopsPerSecond, String source) {

    /** The system property that chooses {@code builtin} figures. */
    public static final String PROPERTY = "curvature.rates";
    /** The system property that names the directory of the rates files. */
    public static final String DIR_PROPERTY = "curvature.rates.dir";
    static final int NARROW = 32;
    static final int WIDE = 256;
    static final int NATIVE = 512;
    private static final int FILE_VERSION = 4;
    /**
     * Threads of the measured passes and kernel Grams: the fits' default. A memory-bound pass and a compute-bound
     * Gram scale differently with threads, so the plan compares them as the fits run them.
     */
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    /** The least time each rate is measured for. */
    private static final long MIN_STEADY_NANOS = 250_000_000L;
    private static final Map<List<Class<?>>, MachineRates> MEASURED = new ConcurrentHashMap<>();

    /** Checks the values. */
    public MachineRates {
        if (!(passBytesPerSecond > 0) || !(narrowGramFlopsPerSecond > 0) || !(wideGramFlopsPerSecond > 0)
                || !(nativeGramFlopsPerSecond >= 0) || !(factorFlopsPerSecond > 0)) {
            throw new IllegalArgumentException("rates must be positive: " + passBytesPerSecond + ", "
                    + narrowGramFlopsPerSecond + ", " + wideGramFlopsPerSecond + ", " + nativeGramFlopsPerSecond + ", "
                    + factorFlopsPerSecond);
        }
    }

    /** {@return the development machine's warm figures on its 2 threads (an AMD EPYC, OpenBLAS; docs/performance.md)} */
    public static MachineRates builtIn() {
        return new MachineRates(8e9, 5e9, 20e9, 45e9, 13e9, "built in");
    }

    /** Kernel Gram flops per second at {@code d} columns: interpolated in {@code log d}, constant outside. */
    double gramFlopsPerSecond(int d) {
        if (d <= NARROW) {
            return narrowGramFlopsPerSecond;
        }
        if (d >= WIDE) {
            return wideGramFlopsPerSecond;
        }
        double t = Math.log((double) d / NARROW) / Math.log((double) WIDE / NARROW);
        return narrowGramFlopsPerSecond + t * (wideGramFlopsPerSecond - narrowGramFlopsPerSecond);
    }

    /**
     * The rates of the kernels and LAPACK provider {@code options} choose: measured once per JVM, or read from this
     * machine's rates file, or built in when {@code -Dcurvature.rates=builtin}.
     *
     * @param options the options whose implementations count
     * @return the rates
     */
    public static MachineRates of(Options options) {
        return of(KernelProvider.of(options.kernels()), LinearAlgebra.of(options.lapack()));
    }

    /** The rates of {@code kernels} and {@code lapack}, as {@link #of(Options)}. */
    static MachineRates of(Kernels kernels, Lapack lapack) {
        if ("builtin".equals(System.getProperty(PROPERTY))) {
            return builtIn();
        }
        // keyed by the implementations' classes: naming the native provider asks OpenBLAS for its configuration,
        // too slow per fit, and instances made per fit would grow the map
        return MEASURED.computeIfAbsent(List.of(kernels.getClass(), lapack.getClass()),
                k -> loadOrMeasure(kernels, lapack, directory()));
    }

    /** From the file of this machine, JDK and implementation in {@code dir}, else measured and written there. */
    static MachineRates loadOrMeasure(Kernels kernels, Lapack lapack, Path dir) {
        Path file = dir == null ? null : dir.resolve(fileName(kernels, lapack));
        if (file != null && Files.isReadable(file)) {
            MachineRates read = read(file);
            if (read != null) {
                return read;
            }
        }
        MachineRates measured = measure(kernels, lapack);
        if (file != null && measured.source().equals("measured")) {
            write(file, measured, kernels, lapack);
        }
        return measured;
    }

    private static Path directory() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            return Path.of(dir);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "curvature");
        }
        String home = System.getProperty("user.home");
        return home == null ? null : Path.of(home, ".cache", "curvature");
    }

    /** One file per CPU, JVM and implementation: a different machine or JDK measures anew. */
    static String fileName(Kernels kernels, Lapack lapack) {
        String identity = String.join(" | ", cpuModel(), System.getProperty("java.vm.version", "?"),
                String.valueOf(Runtime.getRuntime().availableProcessors()), kernels.name(), lapack.name(),
                String.valueOf(FILE_VERSION));
        return String.format(Locale.ROOT, "rates-%08x.properties", identity.hashCode());
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture alone names the machine
        }
        return System.getProperty("os.arch", "?");
    }

    private static MachineRates read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
            return new MachineRates(Double.parseDouble(p.getProperty("pass_bytes_per_second")),
                    Double.parseDouble(p.getProperty("narrow_gram_flops_per_second")),
                    Double.parseDouble(p.getProperty("wide_gram_flops_per_second")),
                    Double.parseDouble(p.getProperty("native_gram_flops_per_second")),
                    Double.parseDouble(p.getProperty("factor_flops_per_second")), "read from " + file);
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or damaged: measure again and replace it
        }
    }

    static void write(Path file, MachineRates r, Kernels kernels, Lapack lapack) {
        Properties p = new Properties();
        p.setProperty("cpu", cpuModel());
        p.setProperty("jvm", System.getProperty("java.vm.version", "?"));
        p.setProperty("kernels", kernels.name());
        p.setProperty("lapack", lapack.name());
        p.setProperty("pass_bytes_per_second", Double.toString(r.passBytesPerSecond));
        p.setProperty("narrow_gram_flops_per_second", Double.toString(r.narrowGramFlopsPerSecond));
        p.setProperty("wide_gram_flops_per_second", Double.toString(r.wideGramFlopsPerSecond));
        p.setProperty("native_gram_flops_per_second", Double.toString(r.nativeGramFlopsPerSecond));
        p.setProperty("factor_flops_per_second", Double.toString(r.factorFlopsPerSecond));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "Curvature's machine rates for AUTO; delete to measure again");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only home: the rates serve this JVM and are measured again in the next
        }
    }

    /**
     * Measures every rate warm, on bounded data (a few MB), in two to three seconds. Rates that did not
     * become steady in time (a busy machine) are marked so in {@link #source()} and are not written to a file.
     */
    static MachineRates measure(Kernels kernels, Lapack lapack) {
        Steadiness steadiness = new Steadiness();
        try (Arena arena = Arena.ofShared()) { // shared: the native Gram reads it from its own threads
            SplittableRandom rnd = new SplittableRandom(1);
            // the pass: 16 MB of X, past the L2 caches, rows as wide as the Gram's WIDE: on narrow rows the per-row
            // work (the loss, the weights) makes a byte look dearer than on the wide data where the plan's choice is
            // close (docs/math.md 5)
            int passCols = WIDE;
            int passRows = 8_192;
            MemorySegment x = random(arena, (long) passRows * passCols, rnd);
            MemorySegment y = arena.allocate((long) passRows * 8, 64);
            MemorySegment w = random(arena, passCols, rnd);
            MemorySegment g = arena.allocate((long) passCols * 8, 64);
            MemorySegment weights = arena.allocate((long) passRows * 8, 64);
            MatrixView pass = new MatrixView(x, 0, passRows, passCols, passCols);
            // the fused pass's vector code takes C2 the longest to compile: measured for longer
            double passSeconds = steadySeconds(
                    () -> kernels.glm(SampleLoss.LOGISTIC, pass, y, 0, w, 0, g, 0, weights, 0, THREADS), steadiness,
                    4 * MIN_STEADY_NANOS);
            double passRate = 8.0 * passRows * passCols / passSeconds;

            double narrow = gramRate(kernels, null, x, NARROW, 8192, arena, steadiness);
            double wide = gramRate(kernels, null, x, WIDE, 1024, arena, steadiness);
            GramRoute nativeRoute = LinearAlgebra.gram(NATIVE);
            double nativeRate = nativeRoute == null ? 0 : gramRate(kernels, nativeRoute, x, NATIVE, 1024, arena, steadiness);

            MemorySegment spd = arena.allocate((long) WIDE * WIDE * 8, 64);
            MemorySegment a = arena.allocate((long) WIDE * WIDE * 8, 64);
            MatrixView rows = new MatrixView(x, 0, 1024, WIDE, WIDE);
            kernels.gram(rows, null, 0, spd, 0, 1);
            for (int j = 0; j < WIDE; j++) {
                long jj = (long) j * WIDE + j;
                spd.setAtIndex(Run.D, jj, spd.getAtIndex(Run.D, jj) + WIDE);
            }
            double factorSeconds = steadySeconds(() -> {
                MemorySegment.copy(spd, 0, a, 0, (long) WIDE * WIDE * 8);
                lapack.potrf(WIDE, a, 0, WIDE);
            }, steadiness);
            double factorRate = (double) WIDE * WIDE * WIDE / 3 / factorSeconds;
            return new MachineRates(passRate, narrow, wide, nativeRate, factorRate,
                    steadiness.steady ? "measured" : "measured, not steady");
        }
    }

    private static double gramRate(Kernels kernels, GramRoute route, MemorySegment x, int d, int rows, Arena arena,
                                   Steadiness steadiness) {
        MatrixView view = new MatrixView(x, 0, rows, d, d);
        MemorySegment out = arena.allocate((long) d * d * 8, 64);
        double seconds = steadySeconds(() -> {
            if (route != null) {
                route.gram(view, null, 0, out, 0);
            } else {
                kernels.gram(view, null, 0, out, 0, THREADS);
            }
        }, steadiness);
        return (double) rows * d * d / seconds;
    }

    private static MemorySegment random(Arena arena, long count, SplittableRandom rnd) {
        MemorySegment s = arena.allocate(count * 8, 64);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(Run.D, i, rnd.nextDouble(-1, 1));
        }
        return s;
    }

    /** Whether every timing so far was steady; a rate from an unsteady one serves this JVM but is not kept. */
    private static final class Steadiness {
        boolean steady = true;
    }

    /**
     * The time of one run of {@code work} once it is steady: repeated until the best of the last five is within 10%
     * of the best so far after at least 20 runs and {@link #MIN_STEADY_NANOS} (on a machine with few cores the
     * JIT's compiler threads compete with the measured threads for a while, and a plateau in a lower tier looks
     * steady), or 2 s more have passed.
     */
    private static double steadySeconds(Runnable work, Steadiness steadiness) {
        return steadySeconds(work, steadiness, MIN_STEADY_NANOS);
    }

    /** As {@link #steadySeconds(Runnable, Steadiness)}, for at least {@code minNanos}. */
    private static double steadySeconds(Runnable work, Steadiness steadiness, long minNanos) {
        long start = System.nanoTime();
        double best = Double.POSITIVE_INFINITY;
        double recent = Double.POSITIVE_INFINITY;
        for (int rep = 1; ; rep++) {
            long t0 = System.nanoTime();
            work.run();
            long now = System.nanoTime();
            double s = Math.max(1e-9, (now - t0) * 1e-9);
            best = Math.min(best, s);
            recent = rep % 5 == 1 ? s : Math.min(recent, s);
            if (rep >= 20 && rep % 5 == 0 && now - start >= minNanos && recent <= 1.1 * best) {
                return best;
            }
            if (now - start > minNanos + 2_000_000_000L) {
                steadiness.steady = false;
                return best;
            }
        }
    }
}
