package io.curvature.optim;

/**
 * The line-search iteration shared by every direction-based method: direction, (optional condition
 * monitoring and step shrinking, docs/math.md 2.5), line search, curvature update, stopping tests
 * (section 4). A direction that is not a descent direction is replaced by {@code -g} for that
 * iteration, and quasi-Newton memory is reset. A run that already took iterations ({@link NormalEquations})
 * continues their numbering and their trace.
 */
final class LineSearchLoop {

    private LineSearchLoop() {
    }

    static void run(Run r, Direction direction, ConditionMonitor monitor) {
        Options o = r.options;
        r.evaluateStart();
        double gInf = r.normInf(r.g);
        if (r.iterations == 0) {
            r.trace.add(r.f, gInf, 0, r.seconds(), Double.NaN, false);
            notify(r, 0, gInf, 0, Double.NaN);
        }
        for (int it = r.iterations + 1; ; it++) {
            if (gInf <= o.gtol()) {
                throw new Run.Stop(Status.CONVERGED_GRADIENT, "||g||_inf = " + gInf + " <= gtol = " + o.gtol());
            }
            if (it > o.maxIterations()) {
                throw new Run.Stop(Status.MAX_ITERATIONS, "the budget of " + o.maxIterations() + " iterations ran out");
            }
            double t0 = direction.compute(r);
            double slope = r.dot(r.g, r.p);
            if (!(slope < 0)) {
                r.negate(r.p, r.g);
                slope = r.dot(r.g, r.p);
                t0 = Math.min(1, 1 / Math.max(r.normInf(r.g), 1e-300));
                direction.reset();
            }
            double kappa = Double.isNaN(direction.kappa()) ? monitor.kappa(r) : direction.kappa();
            boolean shrunk = kappa > o.monitoring().kappaMax();
            if (shrunk) {
                t0 *= o.monitoring().shrink();
            }
            double t = direction.lineSearch().search(r, slope, t0);
            if (Double.isNaN(t)) {
                throw new Run.Stop(Status.LINE_SEARCH_FAILED, "no step along the direction decreased f enough (iteration "
                        + it + ", slope " + slope + ")" + Run.overflowHint(slope));
            }
            r.difference(r.s, r.wNew, r.w);
            r.difference(r.y, r.gNew, r.g);
            direction.update(r);
            double fOld = r.f;
            r.accept();
            r.iterations = it;
            gInf = r.normInf(r.g);
            r.trace.add(r.f, gInf, t, r.seconds(), kappa, shrunk);
            notify(r, it, gInf, t, kappa);
            if (o.ftol() > 0 && Math.abs(fOld - r.f) <= o.ftol() * Math.max(1, Math.abs(fOld))) {
                throw new Run.Stop(Status.CONVERGED_VALUE, "|f_k - f_k+1| = " + Math.abs(fOld - r.f) + " <= ftol max(1, |f|)");
            }
        }
    }

    static void notify(Run r, int it, double gInf, double step, double kappa) {
        IterationListener l = r.options.listener();
        if (l != null && !l.onIteration(it, r.f, gInf, step, kappa, r.seconds())) {
            throw new Run.Stop(Status.STOPPED, "stopped by the iteration listener at iteration " + it);
        }
    }
}
