package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Hessian-free Newton (docs/math.md 2.7): conjugate gradients on {@code H p = -g} with Hessian-vector products
 * only, stopped when {@code ||r|| <= eta ||g||} with {@code eta = min(0.5, sqrt(||g||))}, or at negative
 * curvature ({@code d^T H d <= 0}: the current iterate, or {@code -g} on the first CG step); at most
 * {@code 2d} CG steps. Armijo line search. With {@link MethodSettings#newtonCgPreconditioner()} (or AUTO's sparse
 * plan) and an objective that
 * provides {@code diag(H)}, preconditioned CG with {@code M = diag(H)} (entries floored at a tiny positive
 * value).
 */
final class NewtonCg implements Direction {

    private final MemorySegment res;
    private final MemorySegment dir;
    private final MemorySegment hd;
    private final MemorySegment diag;
    private final MemorySegment z;

    NewtonCg(Run r) {
        res = r.vector();
        dir = r.vector();
        hd = r.vector();
        diag = r.preconditionNewtonCg ? r.vector() : null;
        z = r.preconditionNewtonCg ? r.vector() : null;
    }

    /** {@code z = M^-1 res}; returns {@code res . z} (plain CG: {@code z = res}). */
    private double precondition(Run r, boolean on) {
        if (!on) {
            return r.dot(res, res);
        }
        for (int j = 0; j < r.d; j++) {
            z.setAtIndex(Run.D, j, res.getAtIndex(Run.D, j) / diag.getAtIndex(Run.D, j));
        }
        return r.dot(res, z);
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        double gNorm = r.norm2(r.g);
        double eta = Math.min(0.5, Math.sqrt(gNorm));
        boolean pre = diag != null && r.objective.hessianDiagonal(r.w, diag);
        if (pre) {
            for (int j = 0; j < d; j++) {
                diag.setAtIndex(Run.D, j, Math.max(diag.getAtIndex(Run.D, j), 1e-300));
            }
        }
        r.k.scal(d, 0, r.p, 0);
        r.negate(res, r.g);           // r0 = -g - H 0
        double rz = precondition(r, pre);
        MemorySegment.copy(pre ? z : res, 0, dir, 0, d * 8L);
        for (int j = 0; j < 2 * d; j++) {
            r.hessianVector(r.w, dir, hd);
            double curvature = r.dot(dir, hd);
            if (curvature <= 0) {
                if (j == 0) {
                    r.negate(r.p, r.g);
                }
                break;
            }
            double a = rz / curvature;
            r.k.axpy(d, a, dir, 0, r.p, 0);
            r.k.axpy(d, -a, hd, 0, res, 0);
            if (r.norm2(res) <= eta * gNorm) {
                break;
            }
            double rzNew = precondition(r, pre);
            r.k.scal(d, rzNew / rz, dir, 0);
            r.k.axpy(d, 1, pre ? z : res, 0, dir, 0);
            rz = rzNew;
        }
        return 1;
    }
}
