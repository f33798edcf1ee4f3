package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strong Wolfe line search ({@code docs/math.md} 3.2) on functions whose steps are known. */
class StrongWolfeTest {

    /** A run at {@code w0} with {@code p = -g}, evaluated; returns the slope {@code g^T p}. */
    private static double steepestDescentFrom(Run r) {
        r.evaluateStart();
        r.negate(r.p, r.g);
        return r.dot(r.g, r.p);
    }

    private static void assertStrongWolfe(Run r, double t, double slope, double c2) {
        assertTrue(t > 0, "a positive step, got " + t);
        assertTrue(r.fNew <= r.f + LineSearch.C1 * t * slope, "sufficient decrease at t = " + t);
        double dt = r.dot(r.gNew, r.p);
        assertTrue(Math.abs(dt) <= c2 * Math.abs(slope), "curvature: |" + dt + "| <= " + c2 + " |" + slope + "|");
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-4, 0.01, 1, 30, 1e4})
    void quadraticStepSatisfiesBothConditionsFromAnyFirstTrial(double t0) {
        // f = (w1^2 + 10 w2^2) / 2 from (1, 1): the exact step along -g is (1 + 100) / (1 + 1000)
        FunctionObjective q = Quadratics.quadratic(Quadratics.diagonal(1, 10), new double[2]);
        for (double c2 : new double[] {0.9, 0.1}) {
            try (Run r = new Run(q, new double[] {1, 1}, Options.defaults())) {
                double slope = steepestDescentFrom(r);
                double t = new StrongWolfe(c2).search(r, slope, t0);
                assertStrongWolfe(r, t, slope, c2);
                // the accepted point and gradient are left in wNew, gNew
                assertEquals(1 - t, r.wNew.getAtIndex(Run.D, 0), 1e-15);
                assertEquals(10 * (1 - 10 * t), r.gNew.getAtIndex(Run.D, 1), 1e-12);
            }
        }
    }

    @Test
    void tightCurvatureConditionFindsTheExactStepOfAOneDimensionalQuadratic() {
        // f = 2 (w - 3)^2 from 0: g = -12, p = 12, exact step 1/4; c2 = 1e-6 leaves only a tiny interval
        FunctionObjective q = Quadratics.quadratic(Quadratics.diagonal(4), new double[] {12});
        try (Run r = new Run(q, new double[] {0}, Options.defaults())) {
            double slope = steepestDescentFrom(r);
            double t = new StrongWolfe(1e-6).search(r, slope, 1);
            assertEquals(0.25, t, 1e-6);
        }
    }

    @Test
    void quarticNeedsBracketingAndZoom() {
        // f = w^4 from 1 along -g = -4: the one-dimensional minimizer is t = 1/4; t0 = 1 overshoots to f = 81
        FunctionObjective quartic = new FunctionObjective(1, (w, g) -> {
            g[0] = 4 * w[0] * w[0] * w[0];
            return w[0] * w[0] * w[0] * w[0];
        }, null);
        try (Run r = new Run(quartic, new double[] {1}, Options.defaults())) {
            double slope = steepestDescentFrom(r);
            double t = new StrongWolfe(0.1).search(r, slope, 1);
            assertStrongWolfe(r, t, slope, 0.1);
            assertTrue(r.valueEvaluations > 2, "zoomed: " + r.valueEvaluations + " evaluations");
        }
    }

    @Test
    void unboundedDirectionFailsWithNaN() {
        // f = -w decreases without end: every trial satisfies sufficient decrease, none the curvature condition
        FunctionObjective linear = new FunctionObjective(1, (w, g) -> {
            g[0] = -1;
            return -w[0];
        }, null);
        try (Run r = new Run(linear, new double[] {0}, Options.defaults())) {
            double slope = steepestDescentFrom(r);
            assertTrue(Double.isNaN(new StrongWolfe(0.9).search(r, slope, 1)));
        }
    }

    @Test
    void cubicInterpolationIsExactOnACubicAndSafeguarded() {
        // phi(t) = t^3 - 3t: minimizer at t = 1 between 0 and 2
        double t = StrongWolfe.cubicMinimizer(0, 0, -3, 2, 2, 9);
        assertEquals(1, t, 1e-12);
        // a minimizer outside the middle 80% of the interval falls back to bisection: (t - 0.01)^2 on [0, 10]
        assertEquals(5, StrongWolfe.cubicMinimizer(0, 1e-4, -0.02, 10, 9.99 * 9.99, 19.98), 1e-12);
        // no real minimizer: bisection
        assertEquals(1, StrongWolfe.cubicMinimizer(0, 0, 1, 2, 4.0 / 3, 1), 1e-12);
    }

    @Test
    void armijoHalvesUntilSufficientDecrease() {
        // f = 50 w^2 from 1: g = 100, p = -100; t0 = 1 lands on f = 50 * 99^2; halving reaches t <= 1/50
        FunctionObjective q = Quadratics.quadratic(Quadratics.diagonal(100), new double[1]);
        try (Run r = new Run(q, new double[] {1}, Options.defaults())) {
            double slope = steepestDescentFrom(r);
            double t = LineSearch.ARMIJO.search(r, slope, 1);
            assertEquals(1.0 / 64, t, 0);
            assertTrue(r.fNew <= r.f + LineSearch.C1 * t * slope);
        }
    }
}
