package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Steihaug-Toint CG solver of the trust-region subproblem ({@code docs/math.md} 3.3). */
class SteihaugTest {

    /** {@code B v} for a fixed symmetric {@code b}. */
    private static TrustRegionLoop.Model model(double[][] b) {
        return (r, v, out) -> {
            for (int i = 0; i < r.d; i++) {
                double s = 0;
                for (int j = 0; j < r.d; j++) {
                    s += b[i][j] * v.getAtIndex(Run.D, j);
                }
                out.setAtIndex(Run.D, i, s);
            }
        };
    }

    /** Solves with gradient {@code g}; returns {@code p}, and whether it lies on the boundary in {@code boundary[0]}. */
    private static double[] solve(double[][] b, double[] g, double delta, boolean[] boundary) {
        FunctionObjective unused = Quadratics.quadratic(b, new double[g.length]);
        try (Run r = new Run(unused, new double[g.length], Options.defaults())) {
            Quadratics.set(r.g, g);
            boundary[0] = new TrustRegionLoop(r).steihaug(r, model(b), delta);
            return Quadratics.get(r.p, g.length);
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void insideTheRegionItIsTheNewtonStep() {
        boolean[] boundary = new boolean[1];
        double[] p = solve(Quadratics.diagonal(1, 4), new double[] {1, 1}, 10, boundary);
        assertFalse(boundary[0]);
        assertArrayEquals(new double[] {-1, -0.25}, p, 1e-12);
    }

    @Test
    void aLargeStepIsCutAtTheBoundary() {
        boolean[] boundary = new boolean[1];
        double[] p = solve(Quadratics.diagonal(1, 4), new double[] {1, 1}, 0.1, boundary);
        assertTrue(boundary[0]);
        assertEquals(0.1, norm(p), 1e-14);
        // the first CG direction is -g: the cut step points down the gradient
        assertArrayEquals(new double[] {-0.1 / Math.sqrt(2), -0.1 / Math.sqrt(2)}, p, 1e-14);
    }

    @Test
    void negativeCurvatureIsFollowedToTheBoundary() {
        boolean[] boundary = new boolean[1];
        // g^T B g < 0 on the first direction: the step is -g scaled to the radius
        double[] p = solve(Quadratics.diagonal(-1, 2), new double[] {2, 0}, 0.5, boundary);
        assertTrue(boundary[0]);
        assertArrayEquals(new double[] {-0.5, 0}, p, 1e-15);
        // negative curvature met on a later direction: still on the boundary, still a decrease of the model
        double[][] b = {{1, 0}, {0, -3}};
        double[] g = {1, 0.3};
        p = solve(b, g, 2, boundary);
        assertTrue(boundary[0]);
        assertEquals(2, norm(p), 1e-12);
        double model = g[0] * p[0] + g[1] * p[1] + 0.5 * (p[0] * p[0] - 3 * p[1] * p[1]);
        assertTrue(model < 0, "m(p) = " + model);
    }

    @Test
    void stopsAtTheForcingTermTolerance() {
        // 1000 x 1000-conditioned diagonal in 3 dimensions with a tiny gradient: CG stops once
        // ||r|| <= min(0.5, sqrt(||g||)) ||g||, so the residual is small but need not vanish
        double[][] b = Quadratics.diagonal(1, 30, 1000);
        double[] g = {1e-4, 1e-4, 1e-4};
        boolean[] boundary = new boolean[1];
        double[] p = solve(b, g, 1e6, boundary);
        assertFalse(boundary[0]);
        double[] residual = {g[0] + p[0], g[1] + 30 * p[1], g[2] + 1000 * p[2]};
        double gNorm = norm(g);
        assertTrue(norm(residual) <= Math.sqrt(gNorm) * gNorm, "||r|| = " + norm(residual));
    }

    @Test
    void theExactModelIsTheObjectivesHessian() {
        double[][] a = Quadratics.withSpectrum(new double[] {1, 2, 5}, new double[] {1, -2, 0.5});
        FunctionObjective q = Quadratics.quadratic(a, new double[] {1, 2, 3});
        try (Run r = new Run(q, new double[3], Options.defaults())) {
            MemorySegment out = r.vector();
            Quadratics.set(r.p, 1, 0, 0);
            TrustRegionLoop.EXACT.times(r, r.p, out);
            assertArrayEquals(new double[] {a[0][0], a[1][0], a[2][0]}, Quadratics.get(out, 3), 1e-12);
            assertEquals(1, r.hvpEvaluations);
        }
    }
}
