package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Hessian-free Newton (docs/math.md 2.7): conjugate gradients on {@code H p = -g} with Hessian-vector products
 * only, stopped when {@code ||r|| <= max(eta ||g||, gtol / 2)} with {@code eta = min(0.5, sqrt(||g||))}, or
 * {@code min(0.5, ||g||)} where CG steps are cheap (preconditioned by a factor: quadratic convergence for a few more
 * HVPs), the residual being the linear model's next gradient, which needs no accuracy below {@code gtol}; or at negative
 * curvature ({@code d^T H d <= 0}: the current iterate, or the preconditioned {@code -g} on the first CG step); at
 * most {@code 2d} CG steps. Armijo line search. Preconditioned by a {@link Preconditioner}: none, {@code diag(H)}
 * as {@link MethodSettings#newtonCgPreconditioner()} says (by default on sparse data no more than twice as wide as
 * tall) where the objective provides it, or a Cholesky factor of an approximate Hessian ({@link SampledNewton}).
 */
final class NewtonCg implements Direction {

    /** {@code M^-1} of preconditioned CG. */
    interface Preconditioner {
        /** Prepares {@code M} at {@code r.w}; {@code false} when none is available (plain CG this iteration). */
        boolean prepare(Run r);

        /** {@code z = M^-1 res}. */
        void apply(Run r, MemorySegment res, MemorySegment z);
    }

    /** {@code M = diag(H)}, entries floored at a tiny positive value; unavailable where the objective has none. */
    static final class Diagonal implements Preconditioner {
        private final MemorySegment diag;

        Diagonal(Run r) {
            diag = r.vector();
        }

        @Override
        public boolean prepare(Run r) {
            if (!r.objective.hessianDiagonal(r.w, diag)) {
                return false;
            }
            r.diagonalPreconditioned++;
            for (int j = 0; j < r.d; j++) {
                diag.setAtIndex(Run.D, j, Math.max(diag.getAtIndex(Run.D, j), 1e-300));
            }
            return true;
        }

        @Override
        public void apply(Run r, MemorySegment res, MemorySegment z) {
            for (int j = 0; j < r.d; j++) {
                z.setAtIndex(Run.D, j, res.getAtIndex(Run.D, j) / diag.getAtIndex(Run.D, j));
            }
        }

        /** {@code a^T M b}, the inner product whose norm bounds a preconditioned trust region (docs/math.md 3.3). */
        double scaledDot(Run r, MemorySegment a, MemorySegment b) {
            double sum = 0;
            for (int j = 0; j < r.d; j++) {
                sum += diag.getAtIndex(Run.D, j) * a.getAtIndex(Run.D, j) * b.getAtIndex(Run.D, j);
            }
            return sum;
        }
    }

    private final Preconditioner preconditioner;
    private final boolean quadratic;
    private final MemorySegment res;
    private final MemorySegment dir;
    private final MemorySegment hd;
    private final MemorySegment z;

    /** Plain CG, or {@code diag(H)}-preconditioned where the run asks for it. */
    NewtonCg(Run r) {
        this(r, r.preconditionNewtonCg ? new Diagonal(r) : null, false);
    }

    /**
     * CG preconditioned by {@code preconditioner} ({@code null}: plain CG), to the tolerance of quadratic
     * convergence if {@code quadratic}, else of superlinear.
     */
    NewtonCg(Run r, Preconditioner preconditioner, boolean quadratic) {
        this.preconditioner = preconditioner;
        this.quadratic = quadratic;
        res = r.vector();
        dir = r.vector();
        hd = r.vector();
        z = preconditioner != null ? r.vector() : null;
    }

    /** {@code z = M^-1 res}; returns {@code res . z} (plain CG: {@code z = res}). */
    private double precondition(Run r, boolean on) {
        if (!on) {
            return r.dot(res, res);
        }
        preconditioner.apply(r, res, z);
        return r.dot(res, z);
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        double gNorm = r.norm2(r.g);
        double eta = Math.min(0.5, quadratic ? gNorm : Math.sqrt(gNorm));
        double tolerance = Math.max(eta * gNorm, 0.5 * r.options.gtol());
        boolean pre = preconditioner != null && preconditioner.prepare(r);
        r.k.scal(d, 0, r.p, 0);
        r.negate(res, r.g);           // r0 = -g - H 0
        double rz = precondition(r, pre);
        MemorySegment.copy(pre ? z : res, 0, dir, 0, d * 8L);
        for (int j = 0; j < 2 * d; j++) {
            r.hessianVector(r.w, dir, hd);
            double curvature = r.dot(dir, hd);
            if (curvature <= 0) {
                if (j == 0) {
                    MemorySegment.copy(dir, 0, r.p, 0, d * 8L);
                }
                break;
            }
            double a = rz / curvature;
            r.k.axpy(d, a, dir, 0, r.p, 0);
            r.k.axpy(d, -a, hd, 0, res, 0);
            if (r.norm2(res) <= tolerance) {
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
