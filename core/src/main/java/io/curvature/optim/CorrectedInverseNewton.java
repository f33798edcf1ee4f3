package io.curvature.optim;

import io.curvature.linalg.SingularMatrixException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Corrected-inverse Newton (docs/math.md 2.3): the explicit inverse by LU ({@code getrf}, {@code getri}),
 * {@code M = H^-1 + alpha I}, {@code p = -M g = -H^-1 g - alpha g}. A singular {@code H} ends the run with
 * {@link Status#SINGULAR_HESSIAN}.
 */
final class CorrectedInverseNewton implements Direction {

    private final MemorySegment inverse;
    private final MemorySegment ipiv;

    CorrectedInverseNewton(Run r) {
        inverse = r.matrix();
        ipiv = r.memory.allocate(ValueLayout.JAVA_INT, Math.max(1, r.d));
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        r.hessian(r.w, inverse);
        try {
            r.lapack.getrf(d, inverse, 0, d, ipiv, 0);
            r.lapack.getri(d, inverse, 0, d, ipiv, 0);
        } catch (SingularMatrixException e) {
            throw new Run.Stop(Status.SINGULAR_HESSIAN, "the Hessian is singular: " + e.getMessage());
        }
        // p = -H^-1 g - alpha g (the inverse of a symmetric matrix, used as a general one: gemv by rows)
        for (int i = 0; i < d; i++) {
            double v = -r.k.dot(d, inverse, (long) i * d, r.g, 0) - r.options.settings().correctedInverseAlpha() * r.g.getAtIndex(Run.D, i);
            r.p.setAtIndex(Run.D, i, v);
        }
        return 1;
    }
}
