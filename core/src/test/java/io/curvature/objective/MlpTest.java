package io.curvature.objective;

import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyReader;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 10-100-10 network matches the reference value, gradient and Hessian-vector product to 1e-10. */
class MlpTest {

    @Test
    void valueGradientAndHvpMatchTheReference() {
        try (DenseMatrix in = NpyReader.readMatrix(SharedData.path("mlp.inputs.npy"));
             DenseMatrix out = NpyReader.readMatrix(SharedData.path("mlp.targets.npy"));
             DenseVector params = NpyReader.readVector(SharedData.path("mlp.params.npy"));
             DenseVector dir = NpyReader.readVector(SharedData.path("mlp.direction.npy"));
             DenseVector grad = NpyReader.readVector(SharedData.path("mlp.gradient.npy"));
             DenseVector hvp = NpyReader.readVector(SharedData.path("mlp.hvp.npy"));
             Arena arena = Arena.ofConfined()) {
            Mlp mlp = new Mlp(in, out, 100);
            assertEquals(2110, mlp.dimension());
            double expectedValue = SharedData.reference("mlp.ref.json").get("value").asDouble();
            assertEquals(expectedValue, mlp.value(params.segment()), 1e-10 * expectedValue);
            MemorySegment g = arena.allocate(2110 * 8L);
            assertEquals(expectedValue, mlp.valueAndGradient(params.segment(), g), 1e-10 * expectedValue);
            assertClose(grad.toArray(), g.toArray(ValueLayout.JAVA_DOUBLE), "gradient");
            MemorySegment hv = arena.allocate(2110 * 8L);
            mlp.hessianVector(params.segment(), dir.segment(), hv);
            assertClose(hvp.toArray(), hv.toArray(ValueLayout.JAVA_DOUBLE), "Hv");
        }
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * scale, what + "[" + i + "]");
        }
    }
}
