package io.curvature.optim;

import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.linalg.GramRoute;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.Glm;
import io.curvature.objective.Objective;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * The {@link Method#AUTO} choice (docs/math.md section 5): for a GLM, the cost of a dense Newton iteration
 * (one Gram {@code n d^2} at the measured Gram rate, one Cholesky {@code d^3/3}, one fused pass) against a
 * Newton-CG iteration ({@code 1 + cg} fused passes, timed on the run's own first evaluation, times the extra outer
 * iterations Newton-CG takes). The Gram rate is measured once per JVM and column count, on the route the
 * objective will use (the Vector API kernel, or OpenBLAS above the crossover). Other objectives: dense Newton with a Hessian from HVPs up to
 * {@code d = 64}, else Newton-CG. The reason, with the numbers, goes into the result.
 */
final class Auto {

    /**
     * CG steps a Newton-CG iteration is expected to take: the measured count on moderately conditioned GLMs
     * ({@code docs/performance.md}, "Whole fits").
     */
    static final int EXPECTED_CG_STEPS = 40;
    /** Newton-CG outer iterations per dense Newton iteration, measured on the same fits. */
    static final double CG_ITERATION_FACTOR = 1.5;
    /** Up to this dimension a dense Hessian assembled from {@code d} HVPs is cheap enough for Newton. */
    static final int DENSE_FROM_HVPS_MAX_D = 64;

    /** Gram flops per second by route and column count, measured once per JVM. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Double> GRAM_RATES =
            new java.util.concurrent.ConcurrentHashMap<>();

    record Choice(Method method, String reason) {
    }

    private Auto() {
    }

    /** The choice for {@code f}, given the measured time of one evaluation (one fused pass for a GLM). */
    static Choice choose(Objective f, double passSeconds, Options o) {
        if (!(f instanceof Glm glm)) {
            return withoutGram(f.dimension());
        }
        int d = f.dimension();
        GramRoute route = LinearAlgebra.gram(d);
        return forGlm(glm.data().samples(), d, passSeconds, gramRate(o.kernels(), route, d), route == null ? "vector" : "native");
    }

    /** An objective without a Gram form: dense Newton on a Hessian from HVPs while {@code d} is small. */
    static Choice withoutGram(int d) {
        return d <= DENSE_FROM_HVPS_MAX_D
                ? new Choice(Method.NEWTON, "d = " + d + " <= " + DENSE_FROM_HVPS_MAX_D + ": a dense Hessian from " + d
                        + " HVPs is cheap")
                : new Choice(Method.NEWTON_CG, "d = " + d + " > " + DENSE_FROM_HVPS_MAX_D
                        + " and no Gram form: Hessian-free Newton-CG");
    }

    /**
     * A GLM with {@code n} rows and {@code d} columns: a dense Newton iteration costs a Gram ({@code n d^2} flops
     * at {@code gramFlopsPerSecond}), a Cholesky ({@code d^3 / 3} at 1 GFLOP/s) and a pass; a Newton-CG
     * iteration {@code 1 + EXPECTED_CG_STEPS} passes, times {@code CG_ITERATION_FACTOR}. The cheaper wins
     * (dense on a tie).
     */
    static Choice forGlm(long n, int d, double passSeconds, double gramFlopsPerSecond, String gramRoute) {
        double dense = n * (double) d * d / gramFlopsPerSecond + d * (double) d * d / 3 / 1e9 + passSeconds;
        double cg = CG_ITERATION_FACTOR * passSeconds * (1 + EXPECTED_CG_STEPS);
        String numbers = String.format(java.util.Locale.ROOT,
                "n = %d, d = %d; fused pass %.3g s, %s Gram %.3g GFLOP/s: dense Newton ~%.3g s, Newton-CG ~%.3g s "
                        + "(per dense-iteration equivalent)",
                n, d, passSeconds, gramRoute, gramFlopsPerSecond / 1e9, dense, cg);
        return dense <= cg ? new Choice(Method.NEWTON, numbers + " -> dense Newton (Gram + Cholesky)")
                : new Choice(Method.NEWTON_CG, numbers + " -> Hessian-free Newton-CG");
    }

    /**
     * Gram flops per second of the route the objective will use, on a sample of {@code d} columns
     * (rows: about 1e9 flops' worth, 256 to 4096), cached per route and {@code d}.
     */
    private static double gramRate(Kernels k, GramRoute route, int d) {
        String key = (route == null ? "vector:" : "native:") + d;
        Double cached = GRAM_RATES.get(key);
        if (cached != null) {
            return cached;
        }
        int n = (int) Math.max(256, Math.min(4096, 1e9 / ((double) d * d)));
        double rate;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment xs = arena.allocate((long) n * d * 8, 64);
            SplittableRandom rnd = new SplittableRandom(1);
            for (long i = 0; i < (long) n * d; i++) {
                xs.setAtIndex(Run.D, i, rnd.nextDouble());
            }
            MatrixView x = new MatrixView(xs, 0, n, d, d);
            MemorySegment out = arena.allocate((long) d * d * 8, 64);
            double best = Double.POSITIVE_INFINITY;
            long start = System.nanoTime();
            // the best of up to 30 runs or 0.2 s: the first ones run before the JIT has compiled the kernel
            for (int rep = 0; rep < 30 && (rep < 3 || System.nanoTime() - start < 200_000_000L); rep++) {
                long t0 = System.nanoTime();
                if (route != null) {
                    route.gram(x, null, 0, out, 0);
                } else {
                    k.gram(x, null, 0, out, 0, 1);
                }
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            rate = n * (double) d * d / best;
        }
        GRAM_RATES.put(key, rate);
        return rate;
    }
}
