package io.curvature.optim;

import io.curvature.linalg.NotPositiveDefiniteException;
import io.curvature.objective.GlmBase;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;

import java.lang.foreign.MemorySegment;

/**
 * Least squares by its normal equations (docs/math.md 2.2): one pass over {@code [X y]}, dense or sparse, gives
 * {@code H}, {@code b} and {@code c} ({@link GlmBase#normalEquations}), one Cholesky solve gives
 * {@code w = H^-1 b}, and the value and gradient at the start and at the solution follow from them without another
 * pass. The run stops there when
 * the rounding bound of that gradient proves {@code ||g||_inf <= gtol} and that of the value is at most
 * {@link #VALUE_RELATIVE_BOUND} of it; otherwise the solution, as iteration 1, is where damped Newton continues,
 * its first fused pass checking it. A singular {@code H} leaves the whole fit to damped Newton.
 */
final class NormalEquations {

    /** The value's rounding bound, relative to the value, up to which it is reported without a pass. */
    static final double VALUE_RELATIVE_BOUND = 1e-6;

    private static final double UNIT_ROUNDOFF = 0x1p-53;

    private NormalEquations() {
    }

    /** Whether {@code f} is least squares, dense or sparse, which {@link #solve} fits. */
    static boolean applies(Objective f) {
        return f instanceof GlmBase glm && glm.loss() == GlmLoss.LEAST_SQUARES;
    }

    /**
     * Fits {@code glm}: throws {@link Run.Stop} when the normal equations alone finish the fit; returns when damped
     * Newton must go on (from the solution, or from the start when {@code H} is singular).
     */
    static void solve(Run r, GlmBase glm) {
        if (r.options.maxIterations() < 1) {
            return;
        }
        int d = r.d;
        int order = d + 1;
        MemorySegment ne = r.matrix(order);
        r.normalEquations(glm, ne);
        MemorySegment factor = r.matrix(order);
        MemorySegment.copy(ne, 0, factor, 0, (long) order * order * Run.D.byteSize());
        try {
            r.lapack.potrf(d, factor, 0, order);
        } catch (NotPositiveDefiniteException e) {
            return;
        }
        for (int j = 0; j < d; j++) {
            r.wNew.setAtIndex(Run.D, j, ne.getAtIndex(Run.D, (long) j * order + d));
        }
        r.lapack.potrs(d, 1, factor, 0, order, r.wNew, 0, 1);
        r.f = valueAndGradient(r, ne, r.w, r.g);
        double gStart = r.normInf(r.g);
        r.trace.add(r.f, gStart, 0, r.seconds(), Double.NaN, false);
        LineSearchLoop.notify(r, 0, gStart, 0, Double.NaN);
        r.fNew = valueAndGradient(r, ne, r.wNew, r.gNew);
        r.accept();
        r.iterations = 1;
        double gInf = r.normInf(r.g);
        r.trace.add(r.f, gInf, 1, r.seconds(), Double.NaN, false);
        LineSearchLoop.notify(r, 1, gInf, 1, Double.NaN);
        Bounds bounds = bounds(r, ne, glm);
        if (gInf + bounds.gradient() <= r.options.gtol()
                && bounds.value() <= VALUE_RELATIVE_BOUND * Math.abs(r.f)) {
            throw new Run.Stop(Status.CONVERGED_GRADIENT, "||g||_inf = " + gInf + " <= gtol = " + r.options.gtol()
                    + " with its rounding bound " + bounds.gradient() + ", from the normal equations");
        }
    }

    /** {@code f(w) = w . H w / 2 - b . w + c / 2}, and {@code g = H w - b} into {@code grad}. */
    private static double valueAndGradient(Run r, MemorySegment ne, MemorySegment w, MemorySegment grad) {
        int d = r.d;
        int order = d + 1;
        r.k.symv(d, 1.0, ne, 0, order, w, 0, 0.0, grad, 0);
        double quadratic = 0;
        double linear = 0;
        for (int j = 0; j < d; j++) {
            double bj = ne.getAtIndex(Run.D, (long) j * order + d);
            double wj = w.getAtIndex(Run.D, j);
            double hw = grad.getAtIndex(Run.D, j);
            quadratic += wj * hw;
            linear += bj * wj;
            grad.setAtIndex(Run.D, j, hw - bj);
        }
        return 0.5 * quadratic - linear + 0.5 * ne.getAtIndex(Run.D, (long) d * order + d);
    }

    /** What the gradient ({@code ||.||_inf}) and the value read from the normal equations may be off by. */
    record Bounds(double gradient, double value) {
    }

    /** The bounds of docs/math.md 2.2 at the run's current point. */
    static Bounds bounds(Run r, MemorySegment ne, GlmBase glm) {
        int d = r.d;
        int order = d + 1;
        double m = (double) glm.data().samples() + d + 2;
        double gamma = m * UNIT_ROUNDOFF / (1 - m * UNIT_ROUNDOFF);
        double s = 0;
        double penalty = 0;
        for (int k = 0; k < d; k++) {
            double wk = Math.abs(r.w.getAtIndex(Run.D, k));
            s += sigma(ne, glm, k) * wk;
            penalty += glm.data().isPenalized(k) ? glm.lambda() * wk * wk : 0;
        }
        double rootC = Math.sqrt(ne.getAtIndex(Run.D, (long) d * order + d));
        double gradient = 0;
        for (int j = 0; j < d; j++) {
            double hw = 0;
            for (int k = 0; k < d; k++) {
                hw += Math.abs(ne.getAtIndex(Run.D, (long) j * order + k) * r.w.getAtIndex(Run.D, k));
            }
            double bj = Math.abs(ne.getAtIndex(Run.D, (long) j * order + d));
            gradient = Math.max(gradient, gamma * (sigma(ne, glm, j) * (s + rootC) + hw + bj));
        }
        return new Bounds(gradient, gamma * ((s + rootC) * (s + rootC) + penalty));
    }

    /** {@code sqrt(G_jj)}: the root mean square of column {@code j}, from {@code H_jj} less the penalty. */
    private static double sigma(MemorySegment ne, GlmBase glm, int j) {
        double hjj = ne.getAtIndex(Run.D, (long) j * (glm.dimension() + 1) + j);
        return Math.sqrt(Math.max(0, hjj - (glm.data().isPenalized(j) ? glm.lambda() : 0)));
    }
}
