package io.curvature.optim;

import io.curvature.kernel.AbstractKernels;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.Glm;
import io.curvature.objective.Objective;
import io.curvature.objective.SparseGlm;

import java.util.Locale;

/**
 * The {@link Method#AUTO} plan (docs/math.md section 5). For a GLM, the cost of a dense Newton iteration (one Gram,
 * {@code n d^2} flops, one Cholesky, {@code d^3 / 3}, one fused pass) against a Newton-CG iteration
 * ({@code 1 + cg} fused passes, times the extra outer iterations Newton-CG takes), from this machine's
 * {@link MachineRates}: the same data get the same plan in a cold JVM and a warm one. Dense Newton is never
 * planned when its {@code d x d} matrices would not fit in memory. When Newton-CG is planned but dense Newton
 * would fit, the run may switch to it once the CG steps it observes make a Newton-CG iteration dearer than a
 * dense one ({@link SwitchingNewton}). Other objectives: dense Newton with a Hessian from HVPs up to
 * {@code d = 64}, else Newton-CG. The reason, with the numbers, goes into the result.
 */
final class Auto {

    /** CG steps a Newton-CG iteration is expected to take on moderately conditioned GLMs. */
    static final int EXPECTED_CG_STEPS = 40;
    /** Newton-CG outer iterations per dense Newton iteration, measured on the same fits. */
    static final double CG_ITERATION_FACTOR = 1.5;
    /** Up to this dimension a dense Hessian assembled from {@code d} HVPs is cheap enough for Newton. */
    static final int DENSE_FROM_HVPS_MAX_D = 64;
    /**
     * {@code d x d} matrices a dense Newton run holds at once: the Hessian, its factor, and the Gram's block
     * partials when it runs on several threads.
     */
    static final int DENSE_MATRICES = 2 + AbstractKernels.GRAM_MAX_BLOCKS;

    /**
     * The plan.
     *
     * @param method         the method to start with
     * @param reason         why, with the numbers
     * @param passSeconds    the modelled time of one fused pass ({@code NaN} when there is no cost model)
     * @param denseSeconds   the modelled time of one dense Newton iteration
     * @param maySwitch      whether a Newton-CG start may switch to dense Newton
     */
    record Choice(Method method, String reason, double passSeconds, double denseSeconds, boolean maySwitch) {
    }

    private Auto() {
    }

    /** The plan for {@code f} on a machine with {@code rates}. */
    static Choice choose(Objective f, Options o, MachineRates rates) {
        if (f instanceof SparseGlm sparse) {
            return forSparse(sparse.samples(), f.dimension(), sparse.nonzeros(), sparse.rowNonzerosSquared(), rates,
                    memoryBudget());
        }
        if (!(f instanceof Glm glm)) {
            return withoutGram(f.dimension());
        }
        int d = f.dimension();
        boolean nativeGram = LinearAlgebra.gram(d) != null && rates.nativeGramFlopsPerSecond() > 0;
        return forGlm(glm.data().samples(), d, rates, nativeGram, memoryBudget());
    }

    /** An objective without a Gram form: dense Newton on a Hessian from HVPs while {@code d} is small. */
    static Choice withoutGram(int d) {
        return d <= DENSE_FROM_HVPS_MAX_D
                ? new Choice(Method.NEWTON, "d = " + d + " <= " + DENSE_FROM_HVPS_MAX_D + ": a dense Hessian from " + d
                        + " HVPs is cheap", Double.NaN, Double.NaN, false)
                : new Choice(Method.NEWTON_CG, "d = " + d + " > " + DENSE_FROM_HVPS_MAX_D
                        + " and no Gram form: Hessian-free Newton-CG", Double.NaN, Double.NaN, false);
    }

    /**
     * A GLM with {@code n} rows and {@code d} columns. The cheaper iteration wins (dense on a tie); dense Newton
     * only when {@code DENSE_MATRICES} matrices of {@code d x d} doubles fit in {@code memoryBudget} bytes.
     */
    static Choice forGlm(long n, int d, MachineRates rates, boolean nativeGram, long memoryBudget) {
        double pass = 8.0 * n * d / rates.passBytesPerSecond();
        double gramRate = nativeGram ? rates.nativeGramFlopsPerSecond() : rates.gramFlopsPerSecond(d);
        double dense = n * (double) d * d / gramRate + (double) d * d * d / 3 / rates.factorFlopsPerSecond() + pass;
        double cg = CG_ITERATION_FACTOR * pass * (1 + EXPECTED_CG_STEPS);
        double denseBytes = DENSE_MATRICES * 8.0 * d * d;
        String numbers = String.format(Locale.ROOT,
                "n = %d, d = %d; rates %s: pass %.3g GB/s, %s Gram %.3g GFLOP/s: a dense Newton iteration ~%.3g s, "
                        + "a Newton-CG iteration ~%.3g s (with %d CG steps, x%.1f for its extra iterations)",
                n, d, rates.source(), rates.passBytesPerSecond() / 1e9, nativeGram ? "native" : "kernel",
                gramRate / 1e9, dense, cg, EXPECTED_CG_STEPS, CG_ITERATION_FACTOR);
        if (denseBytes > memoryBudget) {
            return new Choice(Method.NEWTON_CG, numbers + String.format(Locale.ROOT,
                    "; a dense Hessian needs %.3g GB, more than the %.3g GB budget -> Hessian-free Newton-CG",
                    denseBytes / 1e9, memoryBudget / 1e9), pass, dense, false);
        }
        return dense <= cg
                ? new Choice(Method.NEWTON, numbers + " -> dense Newton (Gram + Cholesky)", pass, dense, false)
                : new Choice(Method.NEWTON_CG, numbers + " -> Hessian-free Newton-CG (dense Newton if the CG steps "
                        + "say so)", pass, dense, true);
    }

    /**
     * Sparse rows, scalar passes over the nonzeros: a pass reads 12 bytes per nonzero (value and column), a dense
     * Hessian costs {@code sum_i nnz_i^2} multiply-adds at {@link #SPARSE_GRAM_FLOPS_PER_SECOND} plus the Cholesky
     * factorization; Newton-CG as for dense data. Dense Newton only when its matrices fit the budget.
     */
    static Choice forSparse(long n, int d, long nonzeros, double rowNonzerosSquared, MachineRates rates,
                            long memoryBudget) {
        double pass = 12.0 * nonzeros / rates.passBytesPerSecond();
        double dense = rowNonzerosSquared / SPARSE_GRAM_FLOPS_PER_SECOND
                + (double) d * d * d / 3 / rates.factorFlopsPerSecond() + pass;
        double cg = CG_ITERATION_FACTOR * pass * (1 + EXPECTED_CG_STEPS);
        double denseBytes = DENSE_MATRICES * 8.0 * d * d;
        String numbers = String.format(Locale.ROOT, "sparse, n = %d, d = %d, %d nonzeros: a dense Newton iteration "
                + "~%.3g s, a Newton-CG iteration ~%.3g s", n, d, nonzeros, dense, cg);
        if (denseBytes > memoryBudget) {
            return hessianFreeSparse(n, d, numbers + String.format(Locale.ROOT,
                    "; a dense Hessian needs %.3g GB, more than the %.3g GB budget", denseBytes / 1e9, memoryBudget / 1e9),
                    pass, dense);
        }
        if (dense <= cg) {
            return new Choice(Method.NEWTON, numbers + " -> dense Newton (sparse Gram + Cholesky)", pass, dense, false);
        }
        return hessianFreeSparse(n, d, numbers, pass, dense);
    }

    /**
     * Without a dense Hessian: wide data ({@code d >= n}) go to L-BFGS, whose pair updates cost vectors, not passes,
     * and whose line search rarely needs a second pass there; tall data to Newton-CG (docs/math.md 5).
     */
    private static Choice hessianFreeSparse(long n, int d, String numbers, double pass, double dense) {
        return d >= n
                ? new Choice(Method.LBFGS, numbers + "; wide (d >= n) -> L-BFGS", pass, dense, false)
                : new Choice(Method.NEWTON_CG, numbers + " -> Hessian-free Newton-CG", pass, dense, false);
    }

    /** Multiply-adds per second of the scalar sparse Gram (an indexed update per product); a planning figure. */
    static final double SPARSE_GRAM_FLOPS_PER_SECOND = 1e9;

    /**
     * Bytes the dense path may take: half the physical memory (the container's, where the JVM sees a limit), read
     * once per JVM (the operating system's figure is read from files, too slow to ask on every fit).
     */
    static long memoryBudget() {
        return io.curvature.data.MemoryBudget.bytes();
    }
}
