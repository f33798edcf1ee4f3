package io.curvature.optim;

import io.curvature.linalg.NotPositiveDefiniteException;

import java.lang.foreign.MemorySegment;

/**
 * Damped Newton (docs/math.md 2.2): solve {@code (H + alpha I) p = -g} by Cholesky; when {@code H + alpha I} is
 * not positive definite, {@code alpha} starts at {@code 1e-8 max|diag H|} and grows tenfold until it is.
 */
final class DampedNewton implements Direction {

    /** Where an iteration's Hessian comes from. */
    @FunctionalInterface
    interface HessianSource {
        /** The Hessian at {@code r.w} (or an estimate of it) into {@code h}. */
        void hessian(Run r, MemorySegment h);
    }

    /** The objective's exact Hessian. */
    static final HessianSource EXACT = (r, h) -> r.hessian(r.w, h);

    private final HessianSource source;
    private final MemorySegment h;
    private final MemorySegment factor;

    DampedNewton(Run r) {
        this(r, EXACT);
    }

    DampedNewton(Run r, HessianSource source) {
        this.source = source;
        h = r.matrix();
        factor = r.matrix();
    }

    /** The Cholesky factor of the last step's (damped) Hessian, lower triangle, for {@code potrs}. */
    MemorySegment factor() {
        return factor;
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        source.hessian(r, h);
        double maxDiag = 0;
        for (int j = 0; j < d; j++) {
            maxDiag = Math.max(maxDiag, Math.abs(h.getAtIndex(Run.D, (long) j * d + j)));
        }
        double alpha = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            MemorySegment.copy(h, 0, factor, 0, (long) d * d * 8);
            for (int j = 0; j < d && alpha > 0; j++) {
                long jj = (long) j * d + j;
                factor.setAtIndex(Run.D, jj, factor.getAtIndex(Run.D, jj) + alpha);
            }
            try {
                r.lapack.potrf(d, factor, 0, d);
                r.negate(r.p, r.g);
                r.lapack.potrs(d, 1, factor, 0, d, r.p, 0, 1);
                return 1;
            } catch (NotPositiveDefiniteException e) {
                alpha = alpha == 0 ? Math.max(1e-8 * maxDiag, Double.MIN_NORMAL) : alpha * 10;
            }
        }
        throw new Run.Stop(Status.SINGULAR_HESSIAN, "H + alpha I did not become positive definite (alpha = " + alpha + ")");
    }
}
