package io.curvature.optim;

import java.util.Locale;

/**
 * AUTO's Newton-CG that turns into dense Newton (docs/math.md section 5): after each CG solve it compares the
 * iteration's observed cost, {@code 1 + cg} fused passes times the extra outer iterations Newton-CG takes, with
 * the modelled cost of a dense Newton iteration, and once Newton-CG is the dearer it computes every later
 * direction by Cholesky of the Hessian. The dense workspace is allocated then, once.
 */
final class SwitchingNewton implements Direction {

    private final Auto.Choice plan;
    private final NewtonCg newtonCg;
    private Direction current;
    private String switchNote = "";

    SwitchingNewton(Run r, Auto.Choice plan) {
        this.plan = plan;
        this.newtonCg = new NewtonCg(r);
        this.current = newtonCg;
    }

    @Override
    public double compute(Run r) {
        if (current != newtonCg) {
            return current.compute(r);
        }
        long before = r.hvpEvaluations;
        double t0 = newtonCg.compute(r);
        long steps = r.hvpEvaluations - before;
        double observed = Auto.CG_ITERATION_FACTOR * plan.passSeconds() * (1 + steps);
        if (observed > plan.denseSeconds()) {
            current = new DampedNewton(r);
            switchNote = String.format(Locale.ROOT, "; iteration %d took %d CG steps (~%.3g s against ~%.3g s dense): "
                    + "switched to dense Newton", r.iterations + 1, steps, observed, plan.denseSeconds());
        }
        return t0;
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
        return current == newtonCg ? Method.NEWTON_CG : Method.NEWTON;
    }

    /** Where the run switched, or empty. */
    String switchNote() {
        return switchNote;
    }
}
