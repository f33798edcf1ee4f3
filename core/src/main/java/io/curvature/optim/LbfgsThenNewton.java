package io.curvature.optim;

import java.util.Locale;

/**
 * AUTO's L-BFGS that turns into dense Newton (docs/math.md section 5): it is planned where a Hessian costs many
 * passes, and L-BFGS's iteration count is what the plan cannot know. So the run measures it: from the fall of
 * the smallest {@code ln ||g||_inf} seen (L-BFGS's gradient norm is not monotone) over the later half of the
 * iterations so far (at least {@link #WINDOW}; a shorter window mistakes L-BFGS's plateaus for a stall) it
 * projects the iterations L-BFGS still needs to reach {@code gtol} (without any fall, infinitely many). Once
 * those passes cost more than {@link #MARGIN} times {@link #NEWTON_FINISH_ITERATIONS} dense Newton iterations,
 * every later direction comes from the Cholesky of the exact Hessian (allocated then, once).
 */
final class LbfgsThenNewton implements Direction {

    /** The fewest iterations over which L-BFGS's rate of progress is measured. */
    static final int WINDOW = 10;
    /** Dense Newton iterations expected to finish from where L-BFGS stands (the local, quadratic phase). */
    static final int NEWTON_FINISH_ITERATIONS = 3;
    /**
     * How much dearer L-BFGS must look before the switch: the linear projection is pessimistic for L-BFGS, whose
     * rate improves as its pairs fill and the iterates near the optimum, and Newton's finish is optimistic far
     * from it.
     */
    static final double MARGIN = 2;

    private final Auto.Choice plan;
    private final Lbfgs lbfgs;
    /** The smallest {@code ln ||g||_inf} up to each iteration; grows by doubling. */
    private double[] logNorms = new double[64];
    private double smallestLogNorm = Double.POSITIVE_INFINITY;
    private Direction current;
    private String switchNote = "";

    LbfgsThenNewton(Run r, Auto.Choice plan) {
        this.plan = plan;
        this.lbfgs = new Lbfgs(r, r.options.settings().lbfgsMemory());
        this.current = lbfgs;
    }

    @Override
    public double compute(Run r) {
        if (current == lbfgs && newtonIsCheaper(r)) {
            current = new DampedNewton(r);
        }
        return current.compute(r);
    }

    /** Whether, projected from the last iterations, dense Newton finishes sooner than L-BFGS from here. */
    private boolean newtonIsCheaper(Run r) {
        int k = r.iterations;
        double gInf = r.normInf(r.g);
        smallestLogNorm = Math.min(smallestLogNorm, Math.log(gInf));
        if (k >= logNorms.length) {
            logNorms = java.util.Arrays.copyOf(logNorms, 2 * logNorms.length);
        }
        logNorms[k] = smallestLogNorm;
        int window = Math.max(WINDOW, k / 2);
        if (k < window) {
            return false;
        }
        double perIteration = (logNorms[k] - logNorms[k - window]) / window;
        double remaining = perIteration < 0 ? (Math.log(r.options.gtol()) - smallestLogNorm) / perIteration
                : Double.POSITIVE_INFINITY;
        double lbfgsSeconds = remaining * plan.passSeconds();
        double newtonSeconds = NEWTON_FINISH_ITERATIONS * plan.denseSeconds();
        if (!(lbfgsSeconds > MARGIN * newtonSeconds)) {
            return false;
        }
        switchNote = String.format(Locale.ROOT, "; after %d iterations L-BFGS projected %.3g more (~%.3g s, over %.0f "
                + "times ~%.3g s for %d dense Newton iterations): switched to dense Newton", k, remaining, lbfgsSeconds,
                MARGIN, newtonSeconds, NEWTON_FINISH_ITERATIONS);
        return true;
    }

    @Override
    public void update(Run r) {
        current.update(r);
    }

    @Override
    public void reset() {
        current.reset();
    }

    @Override
    public LineSearch lineSearch() {
        return current.lineSearch();
    }

    @Override
    public double kappa() {
        return current.kappa();
    }

    /** The method computing the directions now. */
    Method method() {
        return current == lbfgs ? Method.LBFGS : Method.NEWTON;
    }

    /** Where the run switched, or empty. */
    String switchNote() {
        return switchNote;
    }
}
