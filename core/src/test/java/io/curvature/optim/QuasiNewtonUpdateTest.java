package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The secant equations and skip rules of the SR1, BFGS, DFP and L-BFGS updates ({@code docs/math.md} 2.6):
 * after an update from {@code (s, y)}, {@code B s = y} (SR1) or {@code M y = s} (the inverse forms).
 */
class QuasiNewtonUpdateTest {

    private static final int D = 6;

    private static Run run() {
        FunctionObjective q = Quadratics.quadratic(Quadratics.diagonal(1, 2, 3, 4, 5, 6), new double[D]);
        return new Run(q, new double[D], Options.defaults());
    }

    /** {@code y = A s} for an SPD {@code A}: a pair with positive curvature {@code y^T s}. */
    private static void pair(Run r, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] s = new double[D];
        for (int j = 0; j < D; j++) {
            s[j] = rnd.nextDouble(-1, 1);
        }
        double[] y = new double[D];
        for (int j = 0; j < D; j++) {
            y[j] = (j + 1) * s[j] + 0.3 * s[(j + 1) % D] + 0.3 * s[(j + D - 1) % D];
        }
        Quadratics.set(r.s, s);
        Quadratics.set(r.y, y);
    }

    private static double[] negated(MemorySegment v) {
        double[] a = Quadratics.get(v, D);
        for (int j = 0; j < D; j++) {
            a[j] = -a[j];
        }
        return a;
    }

    /** {@code M y} of an inverse-form direction: the direction for {@code g = y} is {@code -M y}. */
    private static double[] inverseTimesY(Run r, Direction m) {
        MemorySegment.copy(r.y, 0, r.g, 0, D * 8L);
        m.compute(r);
        return negated(r.p);
    }

    @Test
    void bfgsAndDfpSatisfyTheInverseSecantEquation() {
        for (boolean bfgs : new boolean[] {true, false}) {
            try (Run r = run()) {
                InverseQuasiNewton m = bfgs ? InverseQuasiNewton.bfgs(r) : InverseQuasiNewton.dfp(r);
                for (long seed = 1; seed <= 3; seed++) {
                    pair(r, seed);
                    m.update(r);
                    assertArrayEquals(Quadratics.get(r.s, D), inverseTimesY(r, m), 1e-12, (bfgs ? "BFGS" : "DFP") + " pair " + seed);
                }
                assertEquals(0, m.skippedUpdates());
            }
        }
    }

    @Test
    void inverseUpdatesSkipPairsWithoutPositiveCurvature() {
        try (Run r = run()) {
            InverseQuasiNewton m = InverseQuasiNewton.bfgs(r);
            pair(r, 1);
            // y = -s: y^T s < 0, the update would lose positive definiteness
            MemorySegment.copy(r.s, 0, r.y, 0, D * 8L);
            r.k.scal(D, -1, r.y, 0);
            m.update(r);
            assertEquals(1, m.skippedUpdates());
            // M is still I: the direction is -g
            Quadratics.set(r.g, 1, 2, 3, 4, 5, 6);
            m.compute(r);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, negated(r.p), 0);
        }
    }

    @Test
    void lbfgsSatisfiesTheSecantEquationOfItsNewestPair() {
        try (Run r = run()) {
            Lbfgs m = new Lbfgs(r, 3);
            for (long seed = 1; seed <= 5; seed++) {
                pair(r, seed);
                m.update(r);
                assertArrayEquals(Quadratics.get(r.s, D), inverseTimesY(r, m), 1e-12, "pair " + seed);
            }
        }
    }

    @Test
    void lbfgsIgnoresPairsWithoutPositiveCurvature() {
        try (Run r = run()) {
            Lbfgs m = new Lbfgs(r, 3);
            pair(r, 1);
            r.k.scal(D, -1, r.y, 0);
            m.update(r);
            Quadratics.set(r.g, 1, 2, 3, 4, 5, 6);
            m.compute(r);
            assertArrayEquals(new double[] {-1, -2, -3, -4, -5, -6}, Quadratics.get(r.p, D), 0, "steepest descent");
        }
    }

    @Test
    void sr1SatisfiesTheSecantEquation() {
        try (Run r = run()) {
            TrustRegionLoop.Sr1 b = new TrustRegionLoop.Sr1(r);
            MemorySegment bs = r.vector();
            for (long seed = 1; seed <= 3; seed++) {
                pair(r, seed);
                b.update(r);
                b.times(r, r.s, bs);
                assertArrayEquals(Quadratics.get(r.y, D), Quadratics.get(bs, D), 1e-12, "pair " + seed);
            }
        }
    }

    @Test
    void sr1SkipsWhenTheDenominatorVanishes() {
        try (Run r = run()) {
            TrustRegionLoop.Sr1 b = new TrustRegionLoop.Sr1(r);
            // B = I; y - B s orthogonal to s: (y - B s)^T s = 0, the update is undefined and skipped
            Quadratics.set(r.s, 1, 0, 0, 0, 0, 0);
            Quadratics.set(r.y, 1, 1, 0, 0, 0, 0);
            b.update(r);
            MemorySegment out = r.vector();
            Quadratics.set(r.p, 1, 2, 3, 4, 5, 6);
            b.times(r, r.p, out);
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Quadratics.get(out, D), 0);
        }
    }
}
