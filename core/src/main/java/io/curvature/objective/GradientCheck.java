package io.curvature.objective;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * Compares an objective's gradient and Hessian-vector products with finite differences at one point
 * (docs/math.md 1.4), to catch a wrong derivative before it becomes a failed fit: gradient entry {@code j}
 * against {@code (f(w + h e_j) - f(w - h e_j)) / 2h}, and column {@code j} of {@code H} (the product
 * {@code H e_j}) against {@code (g(w + h e_j) - g(w - h e_j)) / 2h}, with {@code h = eps^(1/3) (1 + |w_j|)}.
 * Costs {@code 2d} gradient evaluations and {@code d} Hessian-vector products: a check, not a hot path.
 *
 * @param gradientIndex the coordinate where the gradient disagrees most
 * @param gradient      the objective's gradient there
 * @param gradientFd    the finite difference there
 * @param gradientError the largest relative error {@code |a - b| / max(1, |a|, |b|)} of the gradient
 * @param hessianRow    the row, and {@code hessianColumn} the column, where {@code H} disagrees most
 * @param hessianColumn see {@code hessianRow}
 * @param hessian       the entry {@code (H e_column)_row} of the objective's product
 * @param hessianFd     the finite difference of the gradient there
 * @param hessianError  the largest relative error of the Hessian-vector products
 */
public record GradientCheck(int gradientIndex, double gradient, double gradientFd, double gradientError,
                            int hessianRow, int hessianColumn, double hessian, double hessianFd,
                            double hessianError) {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final double CBRT_EPS = Math.cbrt(Math.ulp(1.0));

    /**
     * Checks {@code objective} at {@code w}.
     *
     * @throws IllegalArgumentException if {@code w} does not have {@code objective.dimension()} finite entries
     * @param objective the objective to check
     * @param w the point
     * @return the worst disagreements
     */
    public static GradientCheck at(Objective objective, double[] w) {
        int d = objective.dimension();
        if (w.length != d) {
            throw new IllegalArgumentException("w has " + w.length + " entries, the objective " + d);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(w[j])) {
                throw new IllegalArgumentException("w[" + j + "] is " + w[j]);
            }
        }
        try (Arena arena = Arena.ofShared()) { // a multi-threaded objective reads them in its threads
            MemorySegment at = arena.allocate(D, d);
            MemorySegment.copy(w, 0, at, D, 0, d);
            MemorySegment g = arena.allocate(D, d);
            MemorySegment gPlus = arena.allocate(D, d);
            MemorySegment gMinus = arena.allocate(D, d);
            MemorySegment unit = arena.allocate(D, d);
            MemorySegment hv = arena.allocate(D, d);
            objective.valueAndGradient(at, g);
            Worst grad = new Worst();
            Worst hess = new Worst();
            for (int j = 0; j < d; j++) {
                double wj = w[j];
                double h = CBRT_EPS * (1 + Math.abs(wj));
                at.setAtIndex(D, j, wj + h);
                double fPlus = objective.valueAndGradient(at, gPlus);
                at.setAtIndex(D, j, wj - h);
                double fMinus = objective.valueAndGradient(at, gMinus);
                at.setAtIndex(D, j, wj);
                grad.offer(j, j, g.getAtIndex(D, j), (fPlus - fMinus) / (2 * h));
                unit.setAtIndex(D, j, 1.0);
                objective.hessianVector(at, unit, hv);
                unit.setAtIndex(D, j, 0.0);
                for (int i = 0; i < d; i++) {
                    hess.offer(i, j, hv.getAtIndex(D, i), (gPlus.getAtIndex(D, i) - gMinus.getAtIndex(D, i)) / (2 * h));
                }
            }
            return new GradientCheck(grad.row, grad.value, grad.fd, grad.error, hess.row, hess.column, hess.value,
                    hess.fd, hess.error);
        }
    }

    /**
     * Whether both relative errors are at most {@code tolerance} (about {@code 1e-5} suits smooth objectives).
     *
     * @param tolerance the largest acceptable relative error
     * @return whether both checks pass
     */
    public boolean passes(double tolerance) {
        return gradientError <= tolerance && hessianError <= tolerance;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "gradient: worst at %d, %.9g against finite difference %.9g (relative "
                        + "error %.2e); Hessian-vector: worst at (%d, %d), %.9g against %.9g (relative error %.2e)",
                gradientIndex, gradient, gradientFd, gradientError, hessianRow, hessianColumn, hessian, hessianFd,
                hessianError);
    }

    /** The largest relative disagreement seen so far; a NaN on either side counts as the worst. */
    private static final class Worst {
        int row = -1;
        int column = -1;
        double value = Double.NaN;
        double fd = Double.NaN;
        double error = -1;

        void offer(int i, int j, double a, double b) {
            double e = Math.abs(a - b) / Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
            if (Double.isNaN(e)) {
                e = Double.POSITIVE_INFINITY;
            }
            if (e > error) {
                row = i;
                column = j;
                value = a;
                fd = b;
                error = e;
            }
        }
    }
}
