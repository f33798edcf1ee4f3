package io.curvature.objective;

import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyReader;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SoftmaxTest {

    /**
     * Two-class softmax with penalty {@code lambda} is logistic regression with {@code lambda / 2} in
     * {@code w = W_1 - W_0} (at the optimum {@code W_0 = -W_1}): it must reach the logistic reference.
     */
    @Test
    void twoClassesReproduceTheLogisticReference() {
        var ref = SharedData.reference("breast_cancer.logistic.lambda0.001.ref.json");
        try (Dataset ds = Dataset.of(NpyReader.readMatrix(SharedData.path("breast_cancer.X.npy")),
                NpyReader.readVector(SharedData.path("breast_cancer.y.npy")))) {
            Softmax s = new Softmax(ds, 2, 2 * ref.get("lambda").asDouble());
            Result r = Minimizer.minimize(s, new double[s.dimension()], Method.NEWTON, Options.defaults().withGtol(1e-10));
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
            assertEquals(ref.get("f_star").asDouble(), r.f(), 1e-9 * ref.get("f_star").asDouble());
            double[] wStar = SharedData.doubles(ref.get("w_star"));
            for (int j = 0; j < wStar.length; j++) {
                assertEquals(wStar[j], r.w()[2 * j + 1] - r.w()[2 * j], 1e-6, "w[" + j + "]");
            }
        }
    }

    @Test
    void gradientAndHvpAgreeWithFiniteDifferences() {
        Random rnd = new Random(3);
        int n = 40;
        int d = 4;
        int k = 3;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextInt(k);
        }
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(y)); Dataset ds = raw.withIntercept();
             Arena arena = Arena.ofConfined()) {
            Softmax s = new Softmax(ds, k, 0.1);
            int dim = s.dimension();
            MemorySegment w = arena.allocate(dim * 8L);
            MemorySegment v = arena.allocate(dim * 8L);
            for (int j = 0; j < dim; j++) {
                w.setAtIndex(ValueLayout.JAVA_DOUBLE, j, rnd.nextGaussian() * 0.3);
                v.setAtIndex(ValueLayout.JAVA_DOUBLE, j, rnd.nextGaussian());
            }
            MemorySegment g = arena.allocate(dim * 8L);
            s.valueAndGradient(w, g);
            MemorySegment hv = arena.allocate(dim * 8L);
            s.hessianVector(w, v, hv);
            double h = 1e-6;
            MemorySegment wp = arena.allocate(dim * 8L);
            MemorySegment gp = arena.allocate(dim * 8L);
            MemorySegment gm = arena.allocate(dim * 8L);
            for (int j = 0; j < dim; j++) {
                wp.copyFrom(w);
                wp.setAtIndex(ValueLayout.JAVA_DOUBLE, j, w.getAtIndex(ValueLayout.JAVA_DOUBLE, j) + h);
                double fp = s.value(wp);
                wp.setAtIndex(ValueLayout.JAVA_DOUBLE, j, w.getAtIndex(ValueLayout.JAVA_DOUBLE, j) - h);
                double fm = s.value(wp);
                assertEquals((fp - fm) / (2 * h), g.getAtIndex(ValueLayout.JAVA_DOUBLE, j), 1e-7, "gradient " + j);
            }
            for (int j = 0; j < dim; j++) {
                wp.setAtIndex(ValueLayout.JAVA_DOUBLE, j, w.getAtIndex(ValueLayout.JAVA_DOUBLE, j) + h * v.getAtIndex(ValueLayout.JAVA_DOUBLE, j));
            }
            s.valueAndGradient(wp, gp);
            for (int j = 0; j < dim; j++) {
                wp.setAtIndex(ValueLayout.JAVA_DOUBLE, j, w.getAtIndex(ValueLayout.JAVA_DOUBLE, j) - h * v.getAtIndex(ValueLayout.JAVA_DOUBLE, j));
            }
            s.valueAndGradient(wp, gm);
            for (int j = 0; j < dim; j++) {
                double fd = (gp.getAtIndex(ValueLayout.JAVA_DOUBLE, j) - gm.getAtIndex(ValueLayout.JAVA_DOUBLE, j)) / (2 * h);
                assertEquals(fd, hv.getAtIndex(ValueLayout.JAVA_DOUBLE, j), 1e-6, "Hv " + j);
            }
            var e = assertThrows(IllegalArgumentException.class, () -> new Softmax(ds, 2, 0.1));
            assertEquals("label 2.0 at row 5 is not a class 0..1", e.getMessage().replaceAll("row \\d+", "row 5"));
        }
    }
}
