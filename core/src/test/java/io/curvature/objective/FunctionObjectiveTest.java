package io.curvature.objective;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FunctionObjectiveTest {

    /** Rosenbrock's function and its exact Hessian. */
    static double rosenbrock(double[] w, double[] g) {
        double a = 1 - w[0];
        double b = w[1] - w[0] * w[0];
        g[0] = -2 * a - 400 * w[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    @Test
    void centralDifferenceHvpMatchesTheExactHessian() {
        FunctionObjective f = new FunctionObjective(2, FunctionObjectiveTest::rosenbrock, null);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment w = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, -1.2, 1.0);
            MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_DOUBLE, 0.3, -0.7);
            MemorySegment out = arena.allocate(16);
            f.hessianVector(w, v, out);
            double x = -1.2;
            double y = 1.0;
            double h00 = 2 - 400 * (y - 3 * x * x);
            double h01 = -400 * x;
            double h11 = 200;
            assertEquals(h00 * 0.3 + h01 * -0.7, out.getAtIndex(ValueLayout.JAVA_DOUBLE, 0), 1e-5 * 1000);
            assertEquals(h01 * 0.3 + h11 * -0.7, out.getAtIndex(ValueLayout.JAVA_DOUBLE, 1), 1e-5 * 1000);
            MemorySegment h = arena.allocate(32);
            f.hessian(w, h);
            assertEquals(h01, h.getAtIndex(ValueLayout.JAVA_DOUBLE, 1), 1e-4);
            assertEquals(h.getAtIndex(ValueLayout.JAVA_DOUBLE, 1), h.getAtIndex(ValueLayout.JAVA_DOUBLE, 2), 0.0, "symmetrized");
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new FunctionObjective(0, FunctionObjectiveTest::rosenbrock, null));
        assertEquals("dimension must be >= 1, got 0", e.getMessage());
    }
}
