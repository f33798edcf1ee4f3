package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Trust-region iteration with the Steihaug-Toint CG solver (docs/math.md 3.3): minimize
 * {@code m(p) = g^T p + p^T B p / 2} in {@code ||p|| <= Delta}; ratio {@code rho = (f(w) - f(w + p)) /
 * (m(0) - m(p))}; {@code Delta} shrinks by 1/4 when {@code rho < 1/4} and doubles when {@code rho > 3/4}
 * and the step reached the boundary; the step is accepted when {@code rho > 1e-4}. {@code B} is the exact
 * Hessian through Hessian-vector products (trust-region Newton-CG), or an SR1 matrix (docs/math.md 2.6) that
 * may be indefinite.
 */
final class TrustRegionLoop {

    /** {@code B v}, and learning from a step. */
    interface Model {
        void times(Run r, MemorySegment v, MemorySegment out);

        default void update(Run r) {
        }
    }

    private final MemorySegment res;
    private final MemorySegment dir;
    private final MemorySegment bd;
    private final MemorySegment bp;

    TrustRegionLoop(Run r) {
        res = r.vector();
        dir = r.vector();
        bd = r.vector();
        bp = r.vector();
    }

    void run(Run r, Model model) {
        Options o = r.options;
        r.evaluateStart();
        double gInf = r.normInf(r.g);
        double delta = Math.max(1.0, r.norm2(r.w)) ;
        r.trace.add(r.f, gInf, 0, r.seconds(), Double.NaN, false);
        LineSearchLoop.notify(r, 0, gInf, 0, Double.NaN);
        int rejected = 0;
        for (int it = 1; ; it++) {
            if (gInf <= o.gtol()) {
                throw new Run.Stop(Status.CONVERGED_GRADIENT, "||g||_inf = " + gInf + " <= gtol = " + o.gtol());
            }
            if (it > o.maxIterations()) {
                throw new Run.Stop(Status.MAX_ITERATIONS, "the budget of " + o.maxIterations() + " iterations ran out");
            }
            boolean boundary = steihaug(r, model, delta);
            model.times(r, r.p, bp);
            double predicted = -(r.dot(r.g, r.p) + 0.5 * r.dot(r.p, bp));
            r.combine(r.wNew, r.w, 1, r.p);
            r.fNew = r.evaluate(r.wNew, r.gNew);
            double actual = r.f - r.fNew;
            double rho = predicted > 0 ? actual / predicted : (actual > 0 ? 1 : -1);
            if (rho <= 1e-4 && LineSearch.withinRoundoff(r)) {
                rho = 0.5; // f no longer resolves the model's decrease: judge by the gradient (see LineSearch)
            }
            double pNorm = r.norm2(r.p);
            if (rho < 0.25) {
                delta = 0.25 * pNorm;
            } else if (rho > 0.75 && boundary) {
                delta = 2 * delta;
            }
            if (rho > 1e-4) {
                r.difference(r.s, r.wNew, r.w);
                r.difference(r.y, r.gNew, r.g);
                model.update(r);
                double fOld = r.f;
                r.accept();
                rejected = 0;
                gInf = r.normInf(r.g);
                r.iterations = it;
                r.trace.add(r.f, gInf, pNorm, r.seconds(), Double.NaN, false);
                LineSearchLoop.notify(r, it, gInf, pNorm, Double.NaN);
                if (o.ftol() > 0 && Math.abs(fOld - r.f) <= o.ftol() * Math.max(1, Math.abs(fOld))) {
                    throw new Run.Stop(Status.CONVERGED_VALUE, "|f_k - f_k+1| <= ftol max(1, |f|)");
                }
            } else {
                // SR1 learns from rejected steps too: the pair still describes the curvature.
                r.difference(r.s, r.wNew, r.w);
                r.difference(r.y, r.gNew, r.g);
                model.update(r);
                r.iterations = it;
                r.trace.add(r.f, gInf, 0, r.seconds(), Double.NaN, false);
                LineSearchLoop.notify(r, it, gInf, 0, Double.NaN);
                if (++rejected > 60 || delta < 1e-300) {
                    throw new Run.Stop(Status.LINE_SEARCH_FAILED, "the trust region collapsed (Delta = " + delta + ")");
                }
            }
        }
    }

    /**
     * Steihaug-Toint CG for {@code min m(p)} in {@code ||p|| <= delta}: stops at the boundary, at negative
     * curvature (following it to the boundary) or when {@code ||r|| <= min(0.5, sqrt(||g||)) ||g||}.
     * Returns whether the step lies on the boundary.
     */
    boolean steihaug(Run r, Model model, double delta) {
        int d = r.d;
        double gNorm = r.norm2(r.g);
        double tol = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
        r.k.scal(d, 0, r.p, 0);
        r.negate(res, r.g);
        MemorySegment.copy(res, 0, dir, 0, d * 8L);
        double rr = r.dot(res, res);
        for (int j = 0; j < 2 * d + 10; j++) {
            model.times(r, dir, bd);
            double curvature = r.dot(dir, bd);
            if (curvature <= 0) {
                toBoundary(r, delta);
                return true;
            }
            double a = rr / curvature;
            // would p + a dir leave the region?
            r.combine(bp, r.p, a, dir);
            if (r.norm2(bp) >= delta) {
                toBoundary(r, delta);
                return true;
            }
            MemorySegment.copy(bp, 0, r.p, 0, d * 8L);
            r.k.axpy(d, -a, bd, 0, res, 0);
            double rrNew = r.dot(res, res);
            if (Math.sqrt(rrNew) <= tol) {
                return false;
            }
            r.k.scal(d, rrNew / rr, dir, 0);
            r.k.axpy(d, 1, res, 0, dir, 0);
            rr = rrNew;
        }
        return false;
    }

    /** {@code p += tau dir} with {@code tau >= 0} such that {@code ||p|| = delta}. */
    private void toBoundary(Run r, double delta) {
        double pp = r.dot(r.p, r.p);
        double pd = r.dot(r.p, dir);
        double dd = r.dot(dir, dir);
        double tau = (-pd + Math.sqrt(Math.max(0, pd * pd + dd * (delta * delta - pp)))) / dd;
        r.k.axpy(r.d, tau, dir, 0, r.p, 0);
    }

    /** The exact Hessian through Hessian-vector products at the current point. */
    static final Model EXACT = (r, v, out) -> r.hessianVector(r.w, v, out);

    /**
     * SR1 (docs/math.md 2.6): {@code B+ = B + (y - B s)(y - B s)^T / ((y - B s)^T s)}, skipped when
     * {@code |(y - B s)^T s| < 1e-8 ||s|| ||y - B s||}; {@code B0 = I}.
     */
    static final class Sr1 implements Model {
        private final MemorySegment b;
        private final MemorySegment v;

        Sr1(Run r) {
            b = r.matrix();
            v = r.vector();
            for (int j = 0; j < r.d; j++) {
                b.setAtIndex(Run.D, (long) j * r.d + j, 1.0);
            }
        }

        @Override
        public void times(Run r, MemorySegment x, MemorySegment out) {
            r.k.symv(r.d, 1, b, 0, r.d, x, 0, 0, out, 0);
        }

        @Override
        public void update(Run r) {
            int d = r.d;
            r.k.symv(d, -1, b, 0, d, r.s, 0, 0, v, 0); // v = y - B s
            r.k.axpy(d, 1, r.y, 0, v, 0);
            double vs = r.dot(v, r.s);
            if (Math.abs(vs) < 1e-8 * r.norm2(r.s) * r.norm2(v)) {
                return;
            }
            r.k.syr(d, 1 / vs, v, 0, b, 0, d);
        }
    }
}
