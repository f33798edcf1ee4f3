package io.curvature.optim;

import io.curvature.kernel.AbstractKernels;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.objective.SparseGlm;

import java.util.Locale;

/**
 * The {@link Method#AUTO} plan (docs/math.md section 5): the modelled time of a whole dense Newton fit against a
 * whole L-BFGS fit, in fused passes and Hessians at this machine's {@link MachineRates}, so that the same data
 * get the same plan in a cold JVM and a warm one. A Hessian costs a Gram ({@code n d^2} flops, or
 * {@code sum_i nnz_i^2} on sparse rows) and a Cholesky factorization ({@code d^3 / 3}); a Newton fit takes
 * {@link #NEWTON_ITERATIONS} of them (least squares one, the normal equations of {@link NormalEquations}; most
 * of them on a row sample where {@link SampledHessians} applies, the exact ones then by preconditioned CG where
 * that is cheaper), an L-BFGS fit
 * {@link #LBFGS_ITERATIONS} passes; with 16 to 64 rows per column a third plan, Newton-CG preconditioned by a sample's
 * Cholesky factor ({@link SampledHessians#preconditioner}), one sampled Hessian and a few HVPs per step. Where
 * L-BFGS is planned and a
 * dense Hessian fits, the run measures L-BFGS's progress and switches to dense Newton when that finishes sooner
 * ({@link LbfgsThenNewton}). Dense Newton is never planned when its {@code d x d} matrices would not fit in
 * memory: then wide data ({@code d >= 2n}) go to L-BFGS and the others to Newton-CG. Sparse data no wider than
 * that get Newton-CG preconditioned with {@code diag(H)} unless a dense Newton fit is cheaper. Other objectives:
 * dense Newton with a Hessian from HVPs up to {@code d = 64}, else Newton-CG. The reason, with the numbers, goes
 * into the result.
 */
final class Auto {

    /** Newton iterations a logistic or Poisson fit is planned with (4-6 on every case of the whole-fit suite). */
    static final int NEWTON_ITERATIONS = 5;
    /** Of those, exact ones when the Hessians are sampled: the last, quadratic iterations. */
    static final int EXACT_ITERATIONS_WHEN_SAMPLED = 2;
    /** HVPs of each of those exact Newton steps, by CG preconditioned with the sample's factor ({@link SampledNewton}). */
    static final int PRECONDITIONED_CG_STEPS = 4;
    /** An exact Hessian costing more passes than this is replaced by preconditioned CG: 1.5 times the planned steps. */
    static final int CG_BREAK_EVEN_PASSES = 3 * PRECONDITIONED_CG_STEPS / 2;
    /** L-BFGS iterations a fit is planned with (65-250 on the whole-fit suite); the run corrects the guess. */
    static final int LBFGS_ITERATIONS = 100;
    /**
     * Without a dense Hessian, data at least this many times wider than tall go to L-BFGS, the others to Newton-CG:
     * on the sparse benchmarks L-BFGS won at 2.5 and 10 columns per row, Newton-CG at one (docs/performance.md).
     */
    static final int WIDE_FACTOR = 2;
    /**
     * A dense Newton fit modelled under this many seconds is the plan whatever L-BFGS's estimate: on so little work
     * the per-iteration costs the model leaves out (line search, bookkeeping) dominate, and Newton takes a twentieth
     * of L-BFGS's iterations (docs/performance.md, "Whole fits"), with a more accurate {@code w} at the same gradient
     * norm.
     */
    static final double SMALL_FIT_SECONDS = 0.005;
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
     * @param method       the method to start with
     * @param reason       why, with the numbers
     * @param passSeconds  the modelled time of one fused pass ({@code NaN} when there is no cost model)
     * @param denseSeconds the modelled time of one exact dense Newton iteration (a Hessian and two passes)
     * @param maySwitch    whether an L-BFGS start may switch to dense Newton
     * @param preconditioned whether Newton-CG preconditions its CG with {@code diag(H)}
     * @param bySampleFactor whether Newton-CG preconditions its CG with the Cholesky factor of a sampled Hessian
     *                       ({@link SampledHessians#preconditioner})
     */
    record Choice(Method method, String reason, double passSeconds, double denseSeconds, boolean maySwitch,
                  boolean preconditioned, boolean bySampleFactor) {

        Choice(Method method, String reason, double passSeconds, double denseSeconds, boolean maySwitch) {
            this(method, reason, passSeconds, denseSeconds, maySwitch, false, false);
        }

        Choice(Method method, String reason, double passSeconds, double denseSeconds, boolean maySwitch,
               boolean preconditioned) {
            this(method, reason, passSeconds, denseSeconds, maySwitch, preconditioned, false);
        }

        /** Whether the exact steps of a sampled dense Newton run are CG on HVPs ({@link Costs#exactByCg}). */
        boolean exactStepsByCg() {
            return new Costs(passSeconds, denseSeconds - 2 * passSeconds, 1, false, 0).exactByCg();
        }
    }

    /**
     * What a fit costs in the model.
     *
     * @param passSeconds    one fused pass
     * @param hessianSeconds one exact Hessian and its factorization
     * @param stride         the row sample's stride of the early Hessians (1: every Hessian is exact)
     * @param leastSquares   whether the normal equations are the whole fit
     * @param factorStride   the row sample's stride of a Hessian whose factor preconditions Newton-CG
     *                       ({@link SampledHessians#preconditioner}); 0: no such plan
     */
    record Costs(double passSeconds, double hessianSeconds, int stride, boolean leastSquares, int factorStride) {

        /** One exact dense Newton iteration: a Hessian, the pass of its step and, on average, one more. */
        double newtonIteration() {
            return hessianSeconds + 2 * passSeconds;
        }

        /**
         * Whether an exact Hessian costs more than {@link #CG_BREAK_EVEN_PASSES} passes, so that the exact steps of a
         * sampled run are better taken by CG on HVPs preconditioned with the sample's factor ({@link SampledNewton}).
         */
        boolean exactByCg() {
            return hessianSeconds > CG_BREAK_EVEN_PASSES * passSeconds;
        }

        /** One exact iteration of a sampled run: preconditioned CG or an exact Hessian, whichever is cheaper. */
        double exactIteration() {
            return exactByCg() ? (PRECONDITIONED_CG_STEPS + 2) * passSeconds : newtonIteration();
        }

        /** A whole dense Newton fit from the start's pass. */
        double newtonFit() {
            if (leastSquares) {
                return hessianSeconds; // the normal equations (NormalEquations): one Gram, one solve
            }
            if (stride > 1) {
                int sampled = NEWTON_ITERATIONS + 1 - EXACT_ITERATIONS_WHEN_SAMPLED;
                return passSeconds + sampled * (hessianSeconds / stride + 2 * passSeconds)
                        + EXACT_ITERATIONS_WHEN_SAMPLED * exactIteration();
            }
            return passSeconds + NEWTON_ITERATIONS * newtonIteration();
        }

        /**
         * A whole Newton-CG fit preconditioned by a sample's factor: the sample's Hessian, then
         * {@link #NEWTON_ITERATIONS} steps of {@link #PRECONDITIONED_CG_STEPS} HVPs and two passes each.
         */
        double sampleFactorFit() {
            return passSeconds + hessianSeconds / factorStride
                    + NEWTON_ITERATIONS * (PRECONDITIONED_CG_STEPS + 2) * passSeconds;
        }

        /** Whether the plan of {@link #sampleFactorFit} applies and beats {@code otherSeconds}. */
        boolean sampleFactorBeats(double otherSeconds) {
            return factorStride > 0 && sampleFactorFit() < otherSeconds;
        }

        /** A whole L-BFGS fit: one pass per iteration. */
        double lbfgsFit() {
            return (1 + LBFGS_ITERATIONS) * passSeconds;
        }
    }

    private Auto() {
    }

    /** The plan for {@code f} on a machine with {@code rates}. */
    static Choice choose(Objective f, Options o, MachineRates rates) {
        if (f instanceof SparseGlm sparse) {
            return forSparse(sparse.samples(), f.dimension(), sparse.nonzeros(), sparse.rowNonzerosSquared(),
                    sparse.loss() == GlmLoss.LEAST_SQUARES, rates, memoryBudget());
        }
        if (!(f instanceof Glm glm)) {
            return withoutGram(f.dimension());
        }
        int d = f.dimension();
        boolean nativeGram = LinearAlgebra.gram(d) != null && rates.nativeGramFlopsPerSecond() > 0;
        long n = glm.data().samples();
        boolean leastSquares = glm.loss() == GlmLoss.LEAST_SQUARES;
        int stride = SampledHessians.pays(glm) ? SampledHessians.stride(n, d) : 1;
        return forGlm(n, d, rates, nativeGram, leastSquares, stride, memoryBudget());
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
     * A dense GLM with {@code n} rows and {@code d} columns, its early Hessians sampled with {@code stride}
     * (1: exact).
     */
    static Choice forGlm(long n, int d, MachineRates rates, boolean nativeGram, boolean leastSquares, int stride,
                         long memoryBudget) {
        double pass = 8.0 * n * d / rates.passBytesPerSecond();
        double gramRate = nativeGram ? rates.nativeGramFlopsPerSecond() : rates.gramFlopsPerSecond(d);
        double hessian = n * (double) d * d / gramRate + (double) d * d * d / 3 / rates.factorFlopsPerSecond();
        String numbers = String.format(Locale.ROOT, "n = %d, d = %d; rates %s: pass %.3g GB/s, %s Gram %.3g GFLOP/s",
                n, d, rates.source(), rates.passBytesPerSecond() / 1e9, nativeGram ? "native" : "kernel",
                gramRate / 1e9);
        // too few rows per column for sampled Newton steps: a sample's factor may still precondition Newton-CG, where
        // the sample is at most half the rows (a factor of every row costs a dense Newton iteration, which that plan has)
        int factorStride = !leastSquares && SampledHessians.stride(n, d) == 1
                ? SampledHessians.preconditionerStride(n, d) : 1;
        factorStride = factorStride > 1 ? factorStride : 0;
        return decide(n, d, new Costs(pass, hessian, stride, leastSquares, factorStride), numbers, memoryBudget);
    }

    /**
     * Sparse rows, scalar passes over the nonzeros: a pass reads 12 bytes per nonzero (value and column), a dense
     * Hessian costs {@code sum_i nnz_i^2} multiply-adds at {@link #SPARSE_GRAM_FLOPS_PER_SECOND} plus the Cholesky
     * factorization. Logistic and Poisson fits are planned with {@link #NEWTON_ITERATIONS} exact Hessians, least
     * squares with one (its normal equations).
     */
    static Choice forSparse(long n, int d, long nonzeros, double rowNonzerosSquared, boolean leastSquares,
                            MachineRates rates, long memoryBudget) {
        double pass = 12.0 * nonzeros / rates.passBytesPerSecond();
        double hessian = rowNonzerosSquared / SPARSE_GRAM_FLOPS_PER_SECOND
                + (double) d * d * d / 3 / rates.factorFlopsPerSecond();
        String numbers = String.format(Locale.ROOT, "sparse, n = %d, d = %d, %d nonzeros", n, d, nonzeros);
        Costs costs = new Costs(pass, hessian, 1, leastSquares, 0);
        if (d >= WIDE_FACTOR * n) {
            return decide(n, d, costs, numbers, memoryBudget);
        }
        double newtonCg = SPARSE_NEWTON_CG_PASSES * pass;
        double denseBytes = DENSE_MATRICES * 8.0 * d * d;
        String fits = String.format(Locale.ROOT, "%s: a preconditioned Newton-CG fit ~%.3g s (%d passes of ~%.3g s), ",
                numbers, newtonCg, SPARSE_NEWTON_CG_PASSES, pass) + (denseBytes > memoryBudget
                ? String.format(Locale.ROOT, "a dense Hessian needs %.3g GB, more than the %.3g GB budget",
                        denseBytes / 1e9, memoryBudget / 1e9)
                : String.format(Locale.ROOT, "a dense Newton fit ~%.3g s (a Hessian ~%.3g s%s)", costs.newtonFit(),
                        hessian, leastSquares ? ", the normal equations" : ""));
        if (denseBytes <= memoryBudget && costs.newtonFit() <= newtonCg) {
            return new Choice(Method.NEWTON, fits + " -> dense Newton (sparse Gram + Cholesky)", pass,
                    costs.newtonIteration(), false);
        }
        return new Choice(Method.NEWTON_CG, fits + " -> Newton-CG preconditioned by diag(H)", pass,
                costs.newtonIteration(), false, true);
    }

    /** The cheaper whole fit, dense Newton only when its matrices fit in {@code memoryBudget} bytes. */
    static Choice decide(long n, int d, Costs costs, String numbers, long memoryBudget) {
        double pass = costs.passSeconds();
        double dense = costs.newtonIteration();
        String fits = String.format(Locale.ROOT, "%s: a dense Newton fit ~%.3g s (a Hessian ~%.3g s%s), an L-BFGS fit "
                        + "~%.3g s (%d passes of ~%.3g s)", numbers, costs.newtonFit(), costs.hessianSeconds(),
                costs.leastSquares() ? ", the normal equations" : costs.stride() > 1 ? ", early ones on every "
                        + SampledHessians.ordinal(costs.stride()) + " row" : "", costs.lbfgsFit(), LBFGS_ITERATIONS + 1,
                pass);
        double denseBytes = DENSE_MATRICES * 8.0 * d * d;
        if (denseBytes > memoryBudget) {
            String why = fits + String.format(Locale.ROOT, "; a dense Hessian needs %.3g GB, more than the %.3g GB "
                    + "budget", denseBytes / 1e9, memoryBudget / 1e9);
            return d >= WIDE_FACTOR * n
                    ? new Choice(Method.LBFGS, why + "; wide (d >= " + WIDE_FACTOR + " n) -> L-BFGS", pass, dense, false)
                    : new Choice(Method.NEWTON_CG, why + " -> Hessian-free Newton-CG", pass, dense, false);
        }
        if (costs.newtonFit() <= SMALL_FIT_SECONDS
                && (costs.newtonFit() > costs.lbfgsFit() || costs.sampleFactorBeats(costs.newtonFit()))) {
            return new Choice(Method.NEWTON, fits + String.format(Locale.ROOT, "; a Newton fit under %.0f ms -> dense "
                    + "Newton (Gram + Cholesky)", SMALL_FIT_SECONDS * 1e3), pass, dense, false);
        }
        if (costs.sampleFactorBeats(Math.min(costs.newtonFit(), costs.lbfgsFit()))) {
            return new Choice(Method.NEWTON_CG, fits + String.format(Locale.ROOT, ", Newton-CG preconditioned by a "
                    + "sample's factor ~%.3g s (the Hessian of every %s row) -> that", costs.sampleFactorFit(),
                    SampledHessians.ordinal(costs.factorStride())), pass, dense, false, false, true);
        }
        return costs.newtonFit() <= costs.lbfgsFit()
                ? new Choice(Method.NEWTON, fits + " -> dense Newton (Gram + Cholesky)", pass, dense, false)
                : new Choice(Method.LBFGS, fits + " -> L-BFGS (dense Newton if its progress says so)", pass, dense,
                        true);
    }

    /**
     * Whether Newton-CG on {@code f} is preconditioned with {@code diag(H)} by default: on sparse GLMs no more than
     * {@link #WIDE_FACTOR} times wider than tall, as the sparse plan runs it (docs/performance.md, "Sparse fits").
     */
    static boolean diagonalPreconditionerPays(Objective f) {
        return f instanceof SparseGlm sparse && f.dimension() < WIDE_FACTOR * sparse.samples();
    }

    /**
     * Passes (HVPs, gradients, diagonals) a preconditioned Newton-CG fit of sparse data is planned with, a planning
     * figure (docs/math.md 5; docs/performance.md, "Sparse fits").
     */
    static final int SPARSE_NEWTON_CG_PASSES = 100;

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
