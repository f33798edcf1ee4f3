package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A method whose d x d matrices cannot fit is refused before anything is allocated, with the size and the way out. */
class MemoryPlanTest {

    /** Wide enough that ten {@code d x d} matrices exceed any machine this runs on (8 TB for d = 10^6). */
    private static final int WIDE = 1_000_000;

    private static FunctionObjective sumOfSquares(int d) {
        return new FunctionObjective(d, (w, g) -> {
            double f = 0;
            for (int j = 0; j < w.length; j++) {
                g[j] = 2 * w[j];
                f += w[j] * w[j];
            }
            return f;
        });
    }

    @Test
    void denseMethodsAreRefusedWithTheSizeAndTheAlternatives() {
        for (Method m : new Method[] {Method.NEWTON, Method.SPECTRAL, Method.BFGS, Method.SR1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Minimizer.minimize(sumOfSquares(WIDE), new double[WIDE], m, Options.defaults()));
            assertTrue(e.getMessage().startsWith(m.cliName() + " needs about "), e.getMessage());
            assertTrue(e.getMessage().contains("lbfgs, newton-cg and trust-region need only vectors"), e.getMessage());
        }
    }

    @Test
    void vectorMethodsRunAtThatWidth() {
        double[] w0 = new double[WIDE];
        w0[7] = 3;
        Result r = Minimizer.minimize(sumOfSquares(WIDE), w0, Method.LBFGS, Options.defaults());
        assertTrue(r.status().converged(), r.message());
    }
}
