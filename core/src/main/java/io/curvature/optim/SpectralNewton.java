package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * Spectral-truncation Newton (docs/math.md 2.4): {@code H = U Lambda U^T} by {@code dsyevd}; eigenvalues
 * replaced by {@code max(lambda, eps)} ({@code clamp}) or {@code max(|lambda|, eps)} ({@code abs}, saddle-free
 * Newton); {@code p = -U diag(1 / lambda~) U^T g}. Counts the modified eigenvalues and knows
 * {@code kappa = max|lambda| / min|lambda|} for free.
 */
final class SpectralNewton implements Direction {

    private final boolean absolute;
    private final MemorySegment u;
    private final MemorySegment lambda;
    private final MemorySegment coef;
    private double kappa = Double.NaN;

    /** Eigenvalues replaced by {@code max(lambda, eps)}: a descent direction on convex problems. */
    static SpectralNewton clamped(Run r) {
        return new SpectralNewton(r, false);
    }

    /** Eigenvalues replaced by {@code max(|lambda|, eps)}: moves away from saddle points. */
    static SpectralNewton saddleFree(Run r) {
        return new SpectralNewton(r, true);
    }

    private SpectralNewton(Run r, boolean absolute) {
        this.absolute = absolute;
        u = r.matrix();
        lambda = r.vector();
        coef = r.vector();
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        double eps = r.options.settings().spectralEps();
        r.hessian(r.w, u);
        r.lapack.syevd(true, d, u, 0, d, lambda, 0);
        double maxAbs = 0;
        double minAbs = Double.POSITIVE_INFINITY;
        int modified = 0;
        for (int i = 0; i < d; i++) {
            double l = lambda.getAtIndex(Run.D, i);
            maxAbs = Math.max(maxAbs, Math.abs(l));
            minAbs = Math.min(minAbs, Math.abs(l));
            double m = absolute ? Math.max(Math.abs(l), eps) : Math.max(l, eps);
            if (m != l) {
                modified++;
            }
            // rows of u are eigenvectors: c_i = u_i . g / lambda~_i
            coef.setAtIndex(Run.D, i, r.k.dot(d, u, (long) i * d, r.g, 0) / m);
        }
        kappa = maxAbs / minAbs;
        r.modifiedEigenvalues = modified;
        r.k.scal(d, 0, r.p, 0);
        for (int i = 0; i < d; i++) {
            r.k.axpy(d, -coef.getAtIndex(Run.D, i), u, (long) i * d, r.p, 0);
        }
        return 1;
    }

    @Override
    public double kappa() {
        return kappa;
    }
}
