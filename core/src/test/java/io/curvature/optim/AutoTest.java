package io.curvature.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AUTO's choice ({@code docs/math.md} section 5) given fixed machine rates. */
class AutoTest {

    @Test
    void fastGramMakesDenseNewtonCheaper() {
        // n = 1e5, d = 100: a Gram at 30 GFLOP/s costs 0.033 s, Newton-CG 1.5 * 41 passes of 10 ms
        Auto.Choice c = Auto.forGlm(100_000, 100, 0.01, 30e9, "vector");
        assertEquals(Method.NEWTON, c.method());
        assertTrue(c.reason().contains("dense Newton ~0.0437 s, Newton-CG ~0.615 s"), c.reason());
    }

    @Test
    void slowGramOrWideDataMakesNewtonCgCheaper() {
        assertEquals(Method.NEWTON_CG, Auto.forGlm(100_000, 100, 0.01, 1e8, "vector").method());
        // d = 5000: the Cholesky alone (4.2e10 flops at 1 GFLOP/s) outweighs 61 passes of 0.1 s
        assertEquals(Method.NEWTON_CG, Auto.forGlm(2_000, 5000, 0.1, 1e12, "native").method());
    }

    @Test
    void theCrossoverFollowsTheCostModel() {
        long n = 10_000;
        int d = 200;
        double pass = 0.004;
        double cg = Auto.CG_ITERATION_FACTOR * pass * (1 + Auto.EXPECTED_CG_STEPS);
        // the Gram rate at which both estimates are equal
        double rate = n * (double) d * d / (cg - pass - d * (double) d * d / 3 / 1e9);
        assertEquals(Method.NEWTON, Auto.forGlm(n, d, pass, rate * 1.01, "vector").method());
        assertEquals(Method.NEWTON_CG, Auto.forGlm(n, d, pass, rate * 0.99, "vector").method());
    }

    @Test
    void withoutAGramFormTheDimensionDecides() {
        assertEquals(Method.NEWTON, Auto.withoutGram(Auto.DENSE_FROM_HVPS_MAX_D).method());
        assertEquals(Method.NEWTON_CG, Auto.withoutGram(Auto.DENSE_FROM_HVPS_MAX_D + 1).method());
    }
}
