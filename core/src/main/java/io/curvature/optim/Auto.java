package io.curvature.optim;

import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.objective.Glm;
import io.curvature.objective.Objective;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * The {@link Method#AUTO} choice (MATH.md section 5): for a GLM, the cost of a dense Newton iteration
 * (one Gram {@code n d^2} at the measured Gram rate, one Cholesky {@code d^3/3}, one fused pass) against a
 * Newton-CG iteration ({@code 1 + cg} fused passes, each timed on the problem itself). The Gram rate is
 * measured once per JVM on a small problem. Other objectives: dense Newton with a Hessian from HVPs up to
 * {@code d = 64}, else Newton-CG. The reason, with the numbers, goes into the result.
 */
final class Auto {

    /**
     * CG steps a Newton-CG iteration is expected to take. Measured: about 40 HVPs per iteration on the
     * FitBenchmark problems (condition number 1e3, d = 100 and 1000), about 11 on breast cancer; with 10
     * AUTO chose Newton-CG at d = 1000 and took 22.5 s where dense Newton took 4.8 s.
     */
    static final int EXPECTED_CG_STEPS = 40;
    /** Gram flops per second of the kernels, measured once. */
    private static volatile double gramRate;

    record Choice(Method method, String reason) {
    }

    private Auto() {
    }

    static Choice choose(Objective f, double[] w0, Options o) {
        int d = f.dimension();
        if (!(f instanceof Glm glm)) {
            return d <= 64
                    ? new Choice(Method.NEWTON, "d = " + d + " <= 64: a dense Hessian from " + d + " HVPs is cheap")
                    : new Choice(Method.NEWTON_CG, "d = " + d + " > 64 and no Gram form: Hessian-free Newton-CG");
        }
        long n = glm.data().samples();
        double pass = timePass(glm, w0);
        double rate = gramRate(o.kernels());
        double dense = n * (double) d * d / rate + d * (double) d * d / 3 / 1e9 + pass;
        double cg = pass * (1 + EXPECTED_CG_STEPS);
        String numbers = String.format(java.util.Locale.ROOT,
                "n = %d, d = %d; fused pass %.3g s, Gram %.3g GFLOP/s: dense Newton ~%.3g s/iteration, Newton-CG ~%.3g s/iteration",
                n, d, pass, rate / 1e9, dense, cg);
        return dense <= cg ? new Choice(Method.NEWTON, numbers + " -> dense Newton (Gram + Cholesky)")
                : new Choice(Method.NEWTON_CG, numbers + " -> Hessian-free Newton-CG");
    }

    private static double timePass(Glm glm, double[] w0) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocate(Math.max(1, w0.length) * 8L, 64);
            MemorySegment g = arena.allocate(Math.max(1, w0.length) * 8L, 64);
            MemorySegment.copy(w0, 0, w, Run.D, 0, w0.length);
            double best = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 5; rep++) { // the best of a few: the first runs include JIT compilation
                long t0 = System.nanoTime();
                glm.valueAndGradient(w, g);
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            return Math.max(1e-9, best);
        }
    }

    private static double gramRate(Kernels k) {
        double rate = gramRate;
        if (rate > 0) {
            return rate;
        }
        int n = 4096;
        int d = 64;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment xs = arena.allocate((long) n * d * 8, 64);
            SplittableRandom rnd = new SplittableRandom(1);
            for (long i = 0; i < (long) n * d; i++) {
                xs.setAtIndex(Run.D, i, rnd.nextDouble());
            }
            MatrixView x = new MatrixView(xs, 0, n, d, d);
            MemorySegment out = arena.allocate((long) d * d * 8, 64);
            double best = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 20; rep++) {
                long t0 = System.nanoTime();
                k.gram(x, null, 0, out, 0, 1);
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            rate = n * (double) d * d / best;
        }
        gramRate = rate;
        return rate;
    }
}
