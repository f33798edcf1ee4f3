package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Hessian-free Newton (MATH.md 2.7): conjugate gradients on {@code H p = -g} with Hessian-vector products
 * only, stopped when {@code ||r|| <= eta ||g||} with {@code eta = min(0.5, sqrt(||g||))}, or at negative
 * curvature ({@code d^T H d <= 0}: the current iterate, or {@code -g} on the first CG step); at most
 * {@code 2d} CG steps. Armijo line search.
 */
final class NewtonCg implements Direction {

    private final MemorySegment res;
    private final MemorySegment dir;
    private final MemorySegment hd;

    NewtonCg(Run r) {
        res = r.vector();
        dir = r.vector();
        hd = r.vector();
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        double gNorm = r.norm2(r.g);
        double eta = Math.min(0.5, Math.sqrt(gNorm));
        r.k.scal(d, 0, r.p, 0);
        r.negate(res, r.g);           // r0 = -g - H 0
        MemorySegment.copy(res, 0, dir, 0, d * 8L);
        double rr = r.dot(res, res);
        for (int j = 0; j < 2 * d; j++) {
            r.hessianVector(r.w, dir, hd);
            double curvature = r.dot(dir, hd);
            if (curvature <= 0) {
                if (j == 0) {
                    r.negate(r.p, r.g);
                }
                break;
            }
            double a = rr / curvature;
            r.k.axpy(d, a, dir, 0, r.p, 0);
            r.k.axpy(d, -a, hd, 0, res, 0);
            double rrNew = r.dot(res, res);
            if (Math.sqrt(rrNew) <= eta * gNorm) {
                break;
            }
            r.k.scal(d, rrNew / rr, dir, 0);
            r.k.axpy(d, 1, res, 0, dir, 0);
            rr = rrNew;
        }
        return 1;
    }
}
