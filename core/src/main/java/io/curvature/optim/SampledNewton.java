package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * AUTO's dense Newton on a logistic or Poisson GLM (docs/math.md 2.2): Newton steps from {@link SampledHessians}
 * by Cholesky while the gradient is far from zero; in the exact phase of a sampled run, the exact Newton step by
 * conjugate gradients on exact HVPs preconditioned with the last sampled Hessian's Cholesky factor. The sample is
 * close to the Hessian, so CG needs a few HVPs (a pass each) where an exact Gram costs {@code n d^2} flops; CG's
 * tolerance ({@link NewtonCg}) keeps the fast convergence of the last iterations. With
 * {@link SampledHessians#preconditioner} the exact phase starts after the first step, and a step whose CG ran long
 * is followed by a Newton step on a fresh sample, whose factor preconditions the steps after it.
 */
final class SampledNewton implements Direction {

    private final SampledHessians hessians;
    private final DampedNewton newton;
    private final NewtonCg preconditioned;
    private final boolean exactByCg;
    private boolean factored;
    private int preconditionedSteps;
    private long preconditionedHvps;

    /**
     * Steps from {@code hessians}; in their exact phase by preconditioned CG if {@code exactByCg} (an exact Hessian
     * costs more than a few passes: {@link Auto.Choice#exactStepsByCg}), else from exact Hessians.
     */
    SampledNewton(Run r, SampledHessians hessians, boolean exactByCg) {
        this.hessians = hessians;
        this.exactByCg = exactByCg;
        this.newton = new DampedNewton(r, hessians);
        this.preconditioned = new NewtonCg(r, new NewtonCg.Preconditioner() {
            @Override
            public boolean prepare(Run run) {
                return true;
            }

            @Override
            public void apply(Run run, MemorySegment res, MemorySegment z) {
                MemorySegment.copy(res, 0, z, 0, run.d * 8L);
                run.lapack.potrs(run.d, 1, newton.factor(), 0, run.d, z, 0, 1);
            }
        }, true);
    }

    @Override
    public double compute(Run r) {
        if (exactByCg && factored && hessians.preconditionedStep(r)) {
            preconditionedSteps++;
            long hvpsBefore = r.hvpEvaluations;
            double t = preconditioned.compute(r);
            long hvps = r.hvpEvaluations - hvpsBefore;
            preconditionedHvps += hvps;
            factored = !hessians.outlived(hvps);
            return t;
        }
        double t = newton.compute(r);
        factored = true;
        return t;
    }

    /** For the result's path. */
    String note() {
        return hessians.note(preconditionedSteps, preconditionedHvps);
    }
}
