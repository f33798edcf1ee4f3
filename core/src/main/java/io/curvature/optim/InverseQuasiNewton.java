package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * BFGS and DFP in inverse form (docs/math.md 2.6): {@code p = -M g}, {@code M} updated with the symmetric
 * rank-1/rank-2 kernels in {@code O(d^2)}; {@code M0 = (y^T s / y^T y) I} before the first update; an
 * update is skipped when {@code y^T s <= 1e-10 ||s|| ||y||}. Strong Wolfe line search ({@code c2 = 0.9} for
 * BFGS, {@code 0.1} for DFP).
 *
 * <ul>
 *   <li>BFGS: {@code M+ = (I - rho s y^T) M (I - rho y s^T) + rho s s^T}
 *       {@code = M - rho (s (My)^T + (My) s^T) + (rho^2 y^T M y + rho) s s^T}.</li>
 *   <li>DFP: {@code M+ = M + s s^T / (s^T y) - (My)(My)^T / (y^T M y)}.</li>
 * </ul>
 */
final class InverseQuasiNewton implements Direction {

    private final boolean bfgs;
    private final int d;
    private final MemorySegment m;
    private final MemorySegment my;
    private boolean scaled;
    private long skipped;

    /** The BFGS inverse update. */
    static InverseQuasiNewton bfgs(Run r) {
        return new InverseQuasiNewton(r, true);
    }

    /** The DFP inverse update. */
    static InverseQuasiNewton dfp(Run r) {
        return new InverseQuasiNewton(r, false);
    }

    private InverseQuasiNewton(Run r, boolean bfgs) {
        this.bfgs = bfgs;
        this.d = r.d;
        m = r.matrix();
        my = r.vector();
        reset();
    }

    @Override
    public void reset() {
        m.fill((byte) 0);
        for (int j = 0; j < d; j++) {
            m.setAtIndex(Run.D, (long) j * d + j, 1.0);
        }
        scaled = false;
    }

    @Override
    public double compute(Run r) {
        r.k.symv(r.d, -1, m, 0, r.d, r.g, 0, 0, r.p, 0);
        return 1;
    }

    @Override
    public void update(Run r) {
        double ys = r.dot(r.y, r.s);
        double yy = r.dot(r.y, r.y);
        if (ys <= 1e-10 * r.norm2(r.s) * Math.sqrt(yy)) {
            skipped++;
            return;
        }
        if (!scaled) {
            // M0 = (y^T s / y^T y) I, just before the first update
            r.k.scal(d * d, ys / yy, m, 0);
            scaled = true;
        }
        r.k.symv(d, 1, m, 0, d, r.y, 0, 0, my, 0);
        double yMy = r.dot(r.y, my);
        if (bfgs) {
            double rho = 1 / ys;
            r.k.syr2(d, -rho, r.s, 0, my, 0, m, 0, d);
            r.k.syr(d, rho * rho * yMy + rho, r.s, 0, m, 0, d);
        } else {
            if (!(yMy > 0)) {
                skipped++;
                return;
            }
            r.k.syr(d, 1 / ys, r.s, 0, m, 0, d);
            r.k.syr(d, -1 / yMy, my, 0, m, 0, d);
        }
    }

    @Override
    public LineSearch lineSearch() {
        return bfgs ? QUASI_NEWTON_WOLFE : DFP_WOLFE;
    }

    static final LineSearch QUASI_NEWTON_WOLFE = LineSearch.strongWolfe(0.9);
    /** DFP corrects a poor inverse far less well than BFGS and needs nearly exact steps (docs/math.md 2.6). */
    static final LineSearch DFP_WOLFE = LineSearch.strongWolfe(0.1);

    long skippedUpdates() {
        return skipped;
    }
}
