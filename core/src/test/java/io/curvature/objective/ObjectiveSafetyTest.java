package io.curvature.objective;

import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Honest failures: concurrent use detected, a throwing objective kept as the cause, derivatives checked. */
class ObjectiveSafetyTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Test
    void aSecondThreadInsideAnObjectiveIsRefusedByName() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FunctionObjective f = new FunctionObjective(1, (w, g) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            g[0] = 2 * w[0];
            return w[0] * w[0];
        });
        Thread first = new Thread(() -> {
            try (Arena a = Arena.ofConfined()) {
                f.value(a.allocate(D, 1));
            }
        }, "first-user");
        first.start();
        inside.await();
        try (Arena a = Arena.ofConfined()) {
            ConcurrentUseException e = assertThrows(ConcurrentUseException.class, () -> f.value(a.allocate(D, 1)));
            assertEquals("this FunctionObjective is in use by thread 'first-user' and is not thread-safe: give each "
                    + "thread its own instance", e.getMessage());
        } finally {
            release.countDown();
            first.join();
        }
        try (Arena a = Arena.ofConfined()) {
            assertEquals(0.0, f.value(a.allocate(D, 1)), "usable again once the first call returned");
        }
    }

    @Test
    void twoFitsSharingOneGlmNeverGiveASilentlyDifferentAnswer() throws Exception {
        int n = 20_000;
        java.util.Random rnd = new java.util.Random(4);
        double[][] x = new double[n][8];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 8; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = x[i][0] + rnd.nextGaussian() > 0 ? 1 : 0;
        }
        try (Dataset data = Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4)) {
            Options o = Options.defaults().withGtol(1e-10);
            Result alone = Minimizer.minimize(glm, new double[8], Method.NEWTON_CG, o);
            AtomicReference<Object> a = new AtomicReference<>();
            AtomicReference<Object> b = new AtomicReference<>();
            Thread ta = new Thread(() -> a.set(outcome(glm, o)));
            Thread tb = new Thread(() -> b.set(outcome(glm, o)));
            ta.start();
            tb.start();
            ta.join();
            tb.join();
            for (Object r : new Object[] {a.get(), b.get()}) {
                if (r instanceof Result res) {
                    assertEquals(alone.f(), res.f(), 0.0, "a fit that ran alone in its time has the same bits");
                } else {
                    assertTrue(r instanceof ConcurrentUseException, "otherwise it was refused: " + r);
                }
            }
        }
    }

    private static Object outcome(Glm glm, Options o) {
        try {
            return Minimizer.minimize(glm, new double[8], Method.NEWTON_CG, o);
        } catch (ConcurrentUseException e) {
            return e;
        }
    }

    @Test
    void aThrowingObjectiveIsTheResultsCause() {
        IllegalStateException boom = new IllegalStateException("user code failed");
        FunctionObjective f = new FunctionObjective(2, (w, g) -> {
            if (w[0] > 0.5) {
                throw boom;
            }
            g[0] = -1;
            g[1] = 0;
            return -w[0];
        });
        Result r = Minimizer.minimize(f, new double[2], Method.GD, Options.defaults());
        assertEquals(Status.OBJECTIVE_FAILED, r.status());
        assertSame(boom, r.cause());
        Result ok = Minimizer.minimize(new FunctionObjective(1, (w, g) -> {
            g[0] = 2 * w[0];
            return w[0] * w[0];
        }), new double[] {1}, Method.NEWTON, Options.defaults());
        assertEquals(null, ok.cause());
    }

    @Test
    void gradientArraysAreZeroedSoAccumulatingFunctionsWork() {
        FunctionObjective sumOfSquares = new FunctionObjective(3, (w, g) -> {
            double f = 0;
            for (int j = 0; j < 3; j++) {
                g[j] += 2 * w[j]; // accumulates: correct only on a zeroed array
                f += w[j] * w[j];
            }
            return f;
        });
        Result r = Minimizer.minimize(sumOfSquares, new double[] {1, -2, 3}, Method.LBFGS, Options.defaults());
        assertTrue(r.status().converged(), r.message());
        assertEquals(0.0, r.f(), 1e-15);
    }

    @Test
    void gradientCheckFindsTheWrongCoordinate() {
        double[] w = {0.3, -0.8, 1.1};
        FunctionObjective right = new FunctionObjective(3, ObjectiveSafetyTest::cubic, ObjectiveSafetyTest::cubicHv);
        GradientCheck ok = GradientCheck.at(right, w);
        assertTrue(ok.passes(1e-6), ok.toString());
        FunctionObjective wrongGradient = new FunctionObjective(3, (x, g) -> {
            double f = cubic(x, g);
            g[2] *= 1.01;
            return f;
        }, ObjectiveSafetyTest::cubicHv);
        GradientCheck bad = GradientCheck.at(wrongGradient, w);
        assertFalse(bad.passes(1e-6));
        assertEquals(2, bad.gradientIndex(), bad.toString());
        FunctionObjective wrongHessian = new FunctionObjective(3, ObjectiveSafetyTest::cubic, (x, v, out) -> {
            cubicHv(x, v, out);
            out[1] += 0.5 * v[0];
        });
        GradientCheck badH = GradientCheck.at(wrongHessian, w);
        assertTrue(badH.gradientError() < 1e-6);
        assertEquals(1, badH.hessianRow(), badH.toString());
        assertEquals(0, badH.hessianColumn(), badH.toString());
        assertThrows(IllegalArgumentException.class, () -> GradientCheck.at(right, new double[2]));
    }

    /** {@code f = sum_j w_j^3 / 3 + w_0 w_1 w_2}. */
    private static double cubic(double[] w, double[] g) {
        g[0] = w[0] * w[0] + w[1] * w[2];
        g[1] = w[1] * w[1] + w[0] * w[2];
        g[2] = w[2] * w[2] + w[0] * w[1];
        return (w[0] * w[0] * w[0] + w[1] * w[1] * w[1] + w[2] * w[2] * w[2]) / 3 + w[0] * w[1] * w[2];
    }

    private static void cubicHv(double[] w, double[] v, double[] out) {
        out[0] = 2 * w[0] * v[0] + w[2] * v[1] + w[1] * v[2];
        out[1] = w[2] * v[0] + 2 * w[1] * v[1] + w[0] * v[2];
        out[2] = w[1] * v[0] + w[0] * v[1] + 2 * w[2] * v[2];
    }

    @Test
    void theLibrarysObjectivesPassTheirOwnGradientCheck() {
        double[][] x = {{1, 0.5}, {-0.3, 2}, {0.7, -1}, {2, 0.1}, {-1, -1}};
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(1, 0, 1, 1, 0)); Dataset data = raw.withIntercept()) {
            for (GlmLoss loss : GlmLoss.values()) {
                try (Glm glm = new Glm(data, loss, 1e-2)) {
                    GradientCheck c = GradientCheck.at(glm, new double[] {0.2, -0.1, 0.3});
                    assertTrue(c.passes(1e-6), loss + ": " + c);
                }
            }
            GradientCheck s = GradientCheck.at(new Softmax(data, 2, 1e-2), new double[] {0.1, -0.2, 0.3, 0.0, -0.1, 0.2});
            assertTrue(s.passes(1e-6), "softmax: " + s);
        }
    }

    @Test
    void aVectorConfinedToItsThreadIsRefusedByAnObjectiveWithThreadsAndCheckedInShared() {
        int n = 3000; // several row blocks: helper threads read w and v
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = Math.sin(i);
            x[i][1] = Math.cos(0.7 * i);
            y[i] = (i * 7919) % 3 == 0 ? 1 : 0;
        }
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(y)); Dataset data = raw.withIntercept();
             Glm threaded = new Glm(data, GlmLoss.LOGISTIC, 1e-2, io.curvature.compute.KernelChoice.DEFAULT, 2);
             Glm single = new Glm(data, GlmLoss.LOGISTIC, 1e-2, io.curvature.compute.KernelChoice.DEFAULT, 1);
             Arena confined = Arena.ofConfined(); Arena shared = Arena.ofShared()) {
            MemorySegment w = confined.allocate(D, 3);
            MemorySegment g = confined.allocate(D, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> threaded.valueAndGradient(w, g));
            assertEquals("w is confined to its thread, and this objective's 2 threads read it: allocate it in a "
                    + "shared, global or automatic arena, or use one thread", e.getMessage());
            MemorySegment ws = shared.allocate(D, 3);
            e = assertThrows(IllegalArgumentException.class, () -> threaded.hessianVector(ws, w, g));
            assertTrue(e.getMessage().startsWith("v is confined to its thread"), e.getMessage());
            double one = single.valueAndGradient(w, g);
            assertEquals(one, threaded.valueAndGradient(ws, shared.allocate(D, 3)), "the same bits on 1 and 2 threads");
            GradientCheck c = GradientCheck.at(threaded, new double[] {0.2, -0.1, 0.3});
            assertTrue(c.passes(1e-6), c.toString());
        }
    }
}
