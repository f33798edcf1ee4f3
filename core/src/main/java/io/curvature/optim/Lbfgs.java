package io.curvature.optim;

import java.lang.foreign.MemorySegment;

/**
 * L-BFGS (docs/math.md 2.6): the two-loop recursion over the last {@code m} pairs {@code (s, y)}, initial
 * {@code H0 = gamma I} with {@code gamma = s^T y / y^T y} of the newest pair; {@code O(m d)} per iteration.
 * Pairs with {@code y^T s <= 1e-10 ||s|| ||y||} are not stored. Strong Wolfe line search.
 */
final class Lbfgs implements Direction {

    private final int memory;
    private final MemorySegment sHist;
    private final MemorySegment yHist;
    private final double[] rho;
    private final double[] alpha;
    private int count;
    private int newest = -1;

    Lbfgs(Run r, int memory) {
        this.memory = memory;
        sHist = r.memory.allocate((long) memory * Math.max(1, r.d) * 8, 64);
        yHist = r.memory.allocate((long) memory * Math.max(1, r.d) * 8, 64);
        rho = new double[memory];
        alpha = new double[memory];
    }

    @Override
    public double compute(Run r) {
        int d = r.d;
        r.negate(r.p, r.g);
        if (count == 0) {
            return Math.min(1, 1 / Math.max(r.norm2(r.g), 1e-300));
        }
        // first loop, newest to oldest: alpha_i = rho_i s_i^T q; q -= alpha_i y_i
        for (int c = 0; c < count; c++) {
            int i = Math.floorMod(newest - c, memory);
            long off = (long) i * d;
            alpha[i] = rho[i] * r.k.dot(d, sHist, off, r.p, 0);
            r.k.axpy(d, -alpha[i], yHist, off, r.p, 0);
        }
        long nOff = (long) newest * d;
        double gamma = r.k.dot(d, sHist, nOff, yHist, nOff) / r.k.dot(d, yHist, nOff, yHist, nOff);
        r.k.scal(d, gamma, r.p, 0);
        // second loop, oldest to newest: beta = rho_i y_i^T r; r += (alpha_i - beta) s_i
        for (int c = count - 1; c >= 0; c--) {
            int i = Math.floorMod(newest - c, memory);
            long off = (long) i * d;
            double beta = rho[i] * r.k.dot(d, yHist, off, r.p, 0);
            r.k.axpy(d, alpha[i] - beta, sHist, off, r.p, 0);
        }
        return 1;
    }

    @Override
    public void update(Run r) {
        double ys = r.dot(r.y, r.s);
        if (ys <= 1e-10 * r.norm2(r.s) * r.norm2(r.y)) {
            return;
        }
        newest = (newest + 1) % memory;
        long off = (long) newest * r.d * 8;
        MemorySegment.copy(r.s, 0, sHist, off, r.d * 8L);
        MemorySegment.copy(r.y, 0, yHist, off, r.d * 8L);
        rho[newest] = 1 / ys;
        count = Math.min(count + 1, memory);
    }

    @Override
    public void reset() {
        count = 0;
        newest = -1;
    }

    @Override
    public LineSearch lineSearch() {
        return InverseQuasiNewton.QUASI_NEWTON_WOLFE;
    }
}
