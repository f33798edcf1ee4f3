package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sub-sampled Hessians ({@code docs/math.md} 2.2): the estimate itself, and AUTO's Newton that uses it. */
class SampledHessiansTest {

    private static double[][] rows(int n, int d, long seed) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian() * (1 + j % 3);
            }
        }
        return x;
    }

    private static double[] labels(double[][] x, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double z = 0.3;
            for (int j = 0; j < x[i].length; j++) {
                z += x[i][j] * (j % 2 == 0 ? 0.4 : -0.2);
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return y;
    }

    private static double[] hessian(Glm glm, double[] w, int stride) {
        int d = glm.dimension();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment ws = arena.allocate(d * 8L, 64);
            MemorySegment.copy(w, 0, ws, Run.D, 0, d);
            MemorySegment h = arena.allocate((long) d * d * 8, 64);
            if (stride == 0) {
                glm.hessian(ws, h);
            } else {
                glm.subsampledHessian(ws, h, stride);
            }
            return h.toArray(Run.D);
        }
    }

    /** {@code auto} reached {@code newton}'s optimum ({@code w} within {@code wTolerance}), and runs again bit for bit. */
    private static void assertNewtonsOptimumEveryRun(Glm glm, Options o, MachineRates rates, Result auto,
                                                     double wTolerance) {
        int d = glm.dimension();
        Result newton = Minimizer.minimize(glm, new double[d], Method.NEWTON, o);
        assertEquals(newton.f(), auto.f(), 1e-13 * Math.abs(newton.f()));
        for (int j = 0; j < d; j++) {
            assertEquals(newton.w()[j], auto.w()[j], wTolerance, "w[" + j + "]");
        }
        Result again = Minimizer.minimize(glm, new double[d], Method.AUTO, o, rates);
        assertArrayEquals(auto.w(), again.w(), 0.0, "a fixed sample: the same bits every run");
    }

    @Test
    void strideOneIsTheHessianAndStrideKIsTheHessianOfTheSampledRows() {
        int n = 1001;
        int d = 7;
        double[][] x = rows(n, d, 1);
        double[] y = labels(x, 2);
        double[] w = {0.1, -0.2, 0.3, 0, 0.05, -0.1, 0.2, 0.4};
        int stride = 6;
        int m = (n + stride - 1) / stride;
        double[][] xs = new double[m][];
        double[] ys = new double[m];
        for (int i = 0; i < m; i++) {
            xs[i] = x[i * stride];
            ys[i] = y[i * stride];
        }
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(y)); Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-3, KernelChoice.DEFAULT, 2);
             Dataset rawSample = Dataset.of(DenseMatrix.of(xs), DenseVector.of(ys)); Dataset sample = rawSample.withIntercept();
             Glm sampleGlm = new Glm(sample, GlmLoss.LOGISTIC, 1e-3, KernelChoice.DEFAULT, 2)) {
            assertArrayEquals(hessian(glm, w, 0), hessian(glm, w, 1), 0.0, "stride 1 is the Hessian, bit for bit");
            double[] expected = hessian(sampleGlm, w, 0);
            double[] sampled = hessian(glm, w, stride);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], sampled[k], 1e-14 * (1 + Math.abs(expected[k])), "entry " + k);
            }
            var e = assertThrows(IllegalArgumentException.class, () -> hessian(glm, w, -1));
            assertEquals("stride must be >= 1, got -1", e.getMessage());
        }
    }

    @Test
    void strideKeepsThirtyTwoRowsPerColumnAndAtLeastASixteenth() {
        assertEquals(1, SampledHessians.stride(569, 31));
        assertEquals(1, SampledHessians.stride(2000, 40));
        assertEquals(10, SampledHessians.stride(10_000, 31));
        assertEquals(16, SampledHessians.stride(100_000, 101));
        assertEquals(16, SampledHessians.stride(10_000_000, 10));
    }

    /**
     * A fast Gram makes the exact Hessian cheaper than AUTO's CG break-even and the exact steps form it; a slow one
     * makes it dearer and they are CG on HVPs preconditioned by the sample's factor.
     */
    @ParameterizedTest
    @CsvSource({"20e9, exact Hessian", "1e9, exact Newton steps by CG"})
    void autoOnManyRowsSamplesThenFinishesExactlyAtNewtonsOptimum(double gramFlopsPerSecond, String exactSteps) {
        int n = 20_000;
        int d = 12;
        double[][] x = rows(n, d, 3);
        MachineRates rates = new MachineRates(10e9, gramFlopsPerSecond, gramFlopsPerSecond, 0, 5e9, "fixed");
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(labels(x, 4))); Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 2)) {
            Options o = Options.defaults().withGtol(1e-10);
            Result auto = Minimizer.minimize(glm, new double[d + 1], Method.AUTO, o, rates);
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(Method.NEWTON, auto.method());
            assertTrue(auto.path().contains("Hessians of every 16th row for "), auto.path());
            assertTrue(!auto.path().contains("for 0 iterations"), auto.path());
            assertTrue(auto.path().contains(exactSteps), auto.path());
            assertEquals(exactSteps.contains("CG"), auto.hvpEvaluations() > 0, auto.path());
            assertNewtonsOptimumEveryRun(glm, o, rates, auto, 1e-8);
        }
    }

    @Test
    void stridesAreNamedAsOrdinals() {
        String[] expected = {"1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "16th", "21st", "22nd", "111th"};
        int[] k = {1, 2, 3, 4, 11, 12, 13, 16, 21, 22, 111};
        for (int i = 0; i < k.length; i++) {
            assertEquals(expected[i], SampledHessians.ordinal(k[i]));
        }
    }

    @Test
    void thePreconditionersSampleKeepsEightRowsPerColumnAndIsRefreshedAfterALongCg() {
        assertEquals(1, SampledHessians.preconditionerStride(20_000, 2001));
        assertEquals(2, SampledHessians.preconditionerStride(20_000, 1001));
        assertEquals(6, SampledHessians.preconditionerStride(2000, 40));
        assertEquals(16, SampledHessians.preconditionerStride(1_000_000, 100));
        double[][] x = rows(200, 3, 7);
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(labels(x, 8)));
             Glm glm = new Glm(raw, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 1);
             Glm leastSquares = new Glm(raw, GlmLoss.LEAST_SQUARES, 1e-4, KernelChoice.DEFAULT, 1)) {
            SampledHessians preconditioner = SampledHessians.preconditioner(glm);
            assertTrue(!preconditioner.outlived(SampledHessians.REFRESH_AFTER_HVPS));
            assertTrue(preconditioner.outlived(SampledHessians.REFRESH_AFTER_HVPS + 1));
            assertTrue(!SampledHessians.singlePrecision(glm).outlived(1000), "sampled Newton steps keep their plan");
            assertEquals(null, SampledHessians.preconditioner(leastSquares), "least squares: the normal equations");
        }
    }

    /**
     * Between 16 and 64 rows per column, where a sample's Hessian is a poor Newton step but a good preconditioner, a
     * slow Gram makes AUTO's plan Newton-CG preconditioned by a sampled Hessian's factor: Newton's optimum, from a
     * sampled Hessian or two and a few HVPs per step, the same bits every run.
     */
    @Test
    void autoPreconditionsNewtonCgWithOneSampledFactorAndReachesNewtonsOptimum() {
        int n = 4000;
        int d = 99;
        double[][] x = rows(n, d, 9);
        MachineRates slowGram = new MachineRates(10e9, 2e9, 2e9, 0, 5e9, "fixed");
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(labels(x, 10))); Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 2)) {
            assertTrue(!SampledHessians.pays(glm), "40 rows per column: no sampled Newton steps");
            Options o = Options.defaults().withGtol(1e-10);
            Result auto = Minimizer.minimize(glm, new double[d + 1], Method.AUTO, o, slowGram);
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(Method.NEWTON_CG, auto.method(), auto.path());
            assertTrue(auto.path().contains("Newton-CG preconditioned by a sample's factor"), auto.path());
            assertTrue(auto.path().contains("the first step by the Cholesky factor of the Hessian of every 5th row"),
                    auto.path());
            // on this problem D moves far from w = 0's: one step's CG runs past REFRESH_AFTER_HVPS, and the sample's
            // Hessian is taken once more
            assertEquals(2, auto.hessianEvaluations(), auto.path());
            assertTrue(auto.path().endsWith("preconditioned by it, sampled 2 times"), auto.path());
            assertTrue(auto.hvpEvaluations() <= 8L * auto.iterations(), "a few HVPs per step: " + auto.path());
            assertNewtonsOptimumEveryRun(glm, o, slowGram, auto, 1e-7);
        }
    }

    /** The same plan for a Poisson GLM (counts drawn from a log-linear model): Newton's optimum from one Hessian. */
    @Test
    void autoPreconditionsAPoissonFitWithASampledFactorToo() {
        int n = 4000;
        int d = 99;
        Random rnd = new Random(9);
        double[][] x = rows(n, d, 12);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0.2;
            for (int j = 0; j < d; j++) {
                x[i][j] *= 0.1;
                z += x[i][j] * (j % 2 == 0 ? 0.4 : -0.2);
            }
            double mu = Math.exp(z);
            double p = Math.exp(-mu);
            double cumulative = p;
            double u = rnd.nextDouble();
            int k = 0;
            while (u > cumulative && k < 50) { // inverse transform of Poisson(mu)
                k++;
                p *= mu / k;
                cumulative += p;
            }
            y[i] = k;
        }
        MachineRates slowGram = new MachineRates(10e9, 2e9, 2e9, 0, 5e9, "fixed");
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(y)); Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, GlmLoss.POISSON, 1e-4, KernelChoice.DEFAULT, 2)) {
            Options o = Options.defaults().withGtol(1e-10);
            Result auto = Minimizer.minimize(glm, new double[d + 1], Method.AUTO, o, slowGram);
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(Method.NEWTON_CG, auto.method(), auto.path());
            assertTrue(auto.path().contains("steps by CG") && auto.path().endsWith("preconditioned by it"), auto.path());
            assertEquals(1, auto.hessianEvaluations(), auto.path());
            assertNewtonsOptimumEveryRun(glm, o, slowGram, auto, 1e-7);
        }
    }

    @Test
    void leastSquaresIsSolvedByOneExactNewtonStep() {
        int n = 20_000;
        int d = 12;
        double[][] x = rows(n, d, 5);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[i][0] - 2 * x[i][3] + 0.1 * i % 7;
        }
        try (Dataset raw = Dataset.of(DenseMatrix.of(x), DenseVector.of(y)); Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, GlmLoss.LEAST_SQUARES, 1e-4, KernelChoice.DEFAULT, 2)) {
            assertTrue(!SampledHessians.pays(glm));
            Result auto = Minimizer.minimize(glm, new double[d + 1], Method.AUTO, Options.defaults().withGtol(1e-9),
                    AutoTest.RATES);
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(1, auto.iterations());
            assertEquals(1, auto.hessianEvaluations());
            assertTrue(!auto.path().contains("Hessians of every"), auto.path());
        }
    }
}
