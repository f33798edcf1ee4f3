package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Trust-region iteration with the Steihaug-Toint CG solver (docs/math.md 3.3): minimize
 * {@code m(p) = g^T p + p^T B p / 2} in {@code ||p|| <= Delta}, or in {@code ||p||_M <= Delta} with CG preconditioned
 * by {@code M = diag(H)} where the run asks for it (as Newton-CG's, {@link MethodSettings#newtonCgPreconditioner()});
 * ratio {@code rho = (f(w) - f(w + p)) /
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
    /** {@code M = diag(H)} of the current point, or null: the region is a ball and CG plain. */
    private final NewtonCg.Diagonal preconditioner;
    private final MemorySegment z;
    /** Whether {@link #preconditioner} holds {@code M} of the current point. */
    private boolean scaled;

    /** With a ball for the region and plain CG. */
    TrustRegionLoop(Run r) {
        this(r, null);
    }

    /** With the region and CG scaled by {@code preconditioner} ({@code null}: a ball and plain CG). */
    TrustRegionLoop(Run r, NewtonCg.Diagonal preconditioner) {
        res = r.vector();
        dir = r.vector();
        bd = r.vector();
        bp = r.vector();
        this.preconditioner = preconditioner;
        z = preconditioner != null ? r.vector() : null;
    }

    void run(Run r, Model model) {
        Options o = r.options;
        r.evaluateStart();
        double gInf = r.normInf(r.g);
        scaled = preconditioner != null && preconditioner.prepare(r);
        double delta;
        if (scaled) {
            // the M-norm of one unit step of preconditioned gradient descent, M^-1 g: sqrt(g^T M^-1 g)
            preconditioner.apply(r, r.g, z);
            delta = Math.sqrt(r.dot(r.g, z));
        } else {
            delta = Math.max(1.0, r.norm2(r.w));
        }
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
            double pNorm = norm(r, r.p);
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
                scaled = preconditioner != null && preconditioner.prepare(r);
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
     * Steihaug-Toint CG for {@code min m(p)} in {@code ||p||_M <= delta} ({@code M = I} unless {@link #scaled}), CG
     * preconditioned by the same {@code M}: stops at the boundary, at negative curvature (following it to the
     * boundary) or when {@code ||r|| <= min(0.5, sqrt(||g||)) ||g||}. Returns whether the step lies on the boundary.
     */
    boolean steihaug(Run r, Model model, double delta) {
        int d = r.d;
        double gNorm = r.norm2(r.g);
        double tol = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
        r.k.scal(d, 0, r.p, 0);
        r.negate(res, r.g);
        double rz = precondition(r);
        MemorySegment.copy(scaled ? z : res, 0, dir, 0, d * 8L);
        for (int j = 0; j < 2 * d + 10; j++) {
            model.times(r, dir, bd);
            double curvature = r.dot(dir, bd);
            if (curvature <= 0) {
                toBoundary(r, delta);
                return true;
            }
            double a = rz / curvature;
            // would p + a dir leave the region?
            r.combine(bp, r.p, a, dir);
            if (norm(r, bp) >= delta) {
                toBoundary(r, delta);
                return true;
            }
            MemorySegment.copy(bp, 0, r.p, 0, d * 8L);
            r.k.axpy(d, -a, bd, 0, res, 0);
            if (r.norm2(res) <= tol) {
                return false;
            }
            double rzNew = precondition(r);
            r.k.scal(d, rzNew / rz, dir, 0);
            r.k.axpy(d, 1, scaled ? z : res, 0, dir, 0);
            rz = rzNew;
        }
        return false;
    }

    /** {@code z = M^-1 res} where {@link #scaled}; returns {@code res . z} ({@code res . res} in a ball). */
    private double precondition(Run r) {
        if (!scaled) {
            return r.dot(res, res);
        }
        preconditioner.apply(r, res, z);
        return r.dot(res, z);
    }

    /** {@code a^T M b}. */
    private double scaledDot(Run r, MemorySegment a, MemorySegment b) {
        return scaled ? preconditioner.scaledDot(r, a, b) : r.dot(a, b);
    }

    /** {@code ||v||_M}. */
    private double norm(Run r, MemorySegment v) {
        return scaled ? Math.sqrt(preconditioner.scaledDot(r, v, v)) : r.norm2(v);
    }

    /** {@code p += tau dir} with {@code tau >= 0} such that {@code ||p||_M = delta}. */
    private void toBoundary(Run r, double delta) {
        double pp = scaledDot(r, r.p, r.p);
        double pd = scaledDot(r, r.p, dir);
        double dd = scaledDot(r, dir, dir);
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
