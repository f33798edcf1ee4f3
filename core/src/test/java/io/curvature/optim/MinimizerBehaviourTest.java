package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyReader;
import io.curvature.objective.FunctionObjective;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Mlp;
import io.curvature.objective.SparseGlm;
import io.curvature.testing.ReferenceProblem;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults, statuses, the MLP, monitoring, determinism and concurrency of the optimizers. */
class MinimizerBehaviourTest {

    static final String BC = ReferenceProblem.FILES[0];

    @Test
    void wrongStartIsRejectedWithAMessage() {
        try (ReferenceProblem p = new ReferenceProblem(BC, KernelChoice.DEFAULT, 1)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> Minimizer.minimize(p.glm, new double[3], Method.BFGS, Options.defaults()));
            assertEquals("w0 has 3 entries but the objective has dimension 31", e.getMessage());
            double[] bad = new double[31];
            bad[4] = Double.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> Minimizer.minimize(p.glm, bad, Method.NEWTON, Options.defaults()));
            assertEquals("w0[4] is NaN (the start must be finite)", e.getMessage());
        }
    }

    @Test
    void nonFiniteAndThrowingObjectivesAreStatusesNotNaNs() {
        FunctionObjective nan = new FunctionObjective(2, (w, g) -> {
            g[0] = 2 * w[0] - 4;
            g[1] = 2 * w[1];
            return w[0] > 0.5 ? Double.NaN : w[0] * w[0] + w[1] * w[1] - 4 * w[0];
        }, null);
        Result r = Minimizer.minimize(nan, new double[] {0, 0}, Method.GD, Options.defaults());
        assertEquals(Status.NON_FINITE, r.status());
        assertTrue(r.message().startsWith("the objective value is NaN"), r.message());
        assertTrue(Double.isFinite(r.f()), "the result keeps the last finite point");

        FunctionObjective throwing = new FunctionObjective(1, (w, g) -> {
            throw new IllegalStateException("boom");
        }, null);
        r = Minimizer.minimize(throwing, new double[] {1}, Method.LBFGS, Options.defaults());
        assertEquals(Status.OBJECTIVE_FAILED, r.status());
        assertEquals("the objective threw java.lang.IllegalStateException: boom", r.message());
    }

    @Test
    void singularHessianStopsTheCorrectedInverseMethod() {
        // f = (w0 + w1)^2: the Hessian [[2, 2], [2, 2]] is singular everywhere
        FunctionObjective f = new FunctionObjective(2, (w, g) -> {
            double s = w[0] + w[1];
            g[0] = 2 * s;
            g[1] = 2 * s;
            return s * s;
        }, (w, v, out) -> {
            out[0] = 2 * (v[0] + v[1]);
            out[1] = 2 * (v[0] + v[1]);
        });
        Result r = Minimizer.minimize(f, new double[] {1, 2}, Method.CORRECTED_INVERSE, Options.defaults());
        assertEquals(Status.SINGULAR_HESSIAN, r.status(), r.message());
        assertTrue(r.message().contains("singular"), r.message());
    }

    @Test
    void listenerSeesIterationsAndCanStop() {
        try (ReferenceProblem p = new ReferenceProblem(BC, KernelChoice.DEFAULT, 1)) {
            int[] seen = {0};
            Options o = Options.defaults().withListener((it, f, g, step, kappa, sec) -> ++seen[0] < 4);
            Result r = Minimizer.minimize(p.glm, new double[31], Method.LBFGS, o);
            assertEquals(Status.STOPPED, r.status());
            assertEquals(4, seen[0]);
            assertEquals(3, r.iterations());
        }
    }

    @Test
    void budgetsEndRunsWithTheirStatus() {
        try (ReferenceProblem p = new ReferenceProblem(BC, KernelChoice.DEFAULT, 1)) {
            Result r = Minimizer.minimize(p.glm, new double[31], Method.GD, Options.defaults().withMaxIterations(5));
            assertEquals(Status.MAX_ITERATIONS, r.status());
            r = Minimizer.minimize(p.glm, new double[31], Method.GD, Options.defaults().withMaxEvaluations(3));
            assertEquals(Status.MAX_EVALUATIONS, r.status());
            r = Minimizer.minimize(p.glm, new double[31], Method.BFGS, Options.defaults().withFtol(1e-3));
            assertEquals(Status.CONVERGED_VALUE, r.status());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"SPECTRAL", "SADDLE_FREE"})
    void spectralMethodsModifyEigenvaluesOnTheIndefiniteMlp(Method method) {
        // The reference data with a narrower hidden layer (8 units, 178 parameters): the pure-Java
        // eigensolver of core's tests then takes milliseconds, not minutes, per iteration.
        try (DenseMatrix in = NpyReader.readMatrix(SharedData.path("mlp.inputs.npy"));
             DenseMatrix out = NpyReader.readMatrix(SharedData.path("mlp.targets.npy"))) {
            Mlp mlp = new Mlp(in, out, 8);
            java.util.Random rnd = new java.util.Random(5);
            double[] w0 = new double[mlp.dimension()];
            for (int j = 0; j < w0.length; j++) {
                w0[j] = 0.5 * rnd.nextGaussian();
            }
            Options o = Options.defaults().withMaxIterations(3).withGtol(1e-12);
            Result r = Minimizer.minimize(mlp, w0, method, o);
            assertTrue(r.modifiedEigenvalues() > 0, "the Hessian is indefinite here: eigenvalues were modified");
            assertTrue(r.f() < r.trace().f()[0], "f decreased: " + r.f() + " from " + r.trace().f()[0]);
            assertTrue(!Double.isNaN(r.trace().kappa()[1]), "kappa reported");
        }
    }

    @Test
    void conditionMonitorMatchesTheReferenceKappa() {
        try (ReferenceProblem p = new ReferenceProblem(BC, KernelChoice.DEFAULT, 1)) {
            double kappa = p.ref.get("hessian_eigenvalues_at_w_star").get("kappa").asDouble();
            for (ConditionMonitoring.Mode m : new ConditionMonitoring.Mode[] {ConditionMonitoring.Mode.EXACT, ConditionMonitoring.Mode.LANCZOS}) {
                Options o = Options.defaults().withMonitoring(ConditionMonitoring.of(m, 1e12, 0.1)).withMaxIterations(1).withGtol(0);
                Result r = Minimizer.minimize(p.glm, p.wStar, Method.NEWTON, o);
                double k = r.trace().kappa()[1];
                double tol = m == ConditionMonitoring.Mode.EXACT ? 1e-8 : 0.1;
                assertEquals(kappa, k, tol * kappa, m + " kappa");
            }
            // above kappaMax the step is shrunk and the trace says so
            Options o = Options.defaults().withMonitoring(ConditionMonitoring.exact(10, 0.1)).withMaxIterations(2);
            Result r = Minimizer.minimize(p.glm, new double[31], Method.NEWTON, o);
            assertTrue(r.trace().shrunk()[1], "shrunk");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"NEWTON", "NEWTON_CG", "LBFGS"})
    void oneAndTwoThreadsGiveBitwiseIdenticalResults(Method method) {
        // 20000 rows: ten row blocks, so two threads really split the work
        int n = 20_000;
        int d = 12;
        java.util.Random rnd = new java.util.Random(11);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
                z += x[i][j] * (j % 3 - 1);
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        double[][] w = new double[2][];
        for (int t = 1; t <= 2; t++) {
            try (var data = io.curvature.data.Dataset.of(io.curvature.data.DenseMatrix.of(x), io.curvature.data.DenseVector.of(y));
                 var glm = new io.curvature.objective.Glm(data, io.curvature.objective.GlmLoss.LOGISTIC, 1e-3, KernelChoice.DEFAULT, t)) {
                Result r = Minimizer.minimize(glm, new double[d], method, Options.defaults().withGtol(1e-9));
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                w[t - 1] = r.w();
            }
        }
        assertArrayEquals(w[0], w[1], 0.0);
    }

    @Test
    void concurrentRunsMatchSerialRuns() throws Exception {
        Method[] methods = {Method.NEWTON, Method.LBFGS, Method.BFGS, Method.TRUST_REGION};
        List<double[]> serial = new ArrayList<>();
        for (Method m : methods) {
            try (ReferenceProblem p = new ReferenceProblem(ReferenceProblem.FILES[3], KernelChoice.DEFAULT, 1)) {
                serial.add(Minimizer.minimize(p.glm, new double[11], m, Options.defaults()).w());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (Method m : methods) {
                futures.add(pool.submit(() -> {
                    try (ReferenceProblem p = new ReferenceProblem(ReferenceProblem.FILES[3], KernelChoice.DEFAULT, 1)) {
                        return Minimizer.minimize(p.glm, new double[11], m, Options.defaults()).w();
                    }
                }));
            }
            for (int i = 0; i < methods.length; i++) {
                assertArrayEquals(serial.get(i), futures.get(i).get(), 0.0, methods[i].name());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void preconditionedNewtonCgReachesTheOptimum() {
        for (String file : ReferenceProblem.FILES) {
            try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
                Options o = Options.defaults().withGtol(1e-10).withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(true));
                Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.NEWTON_CG, o);
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertEquals(p.fStar, r.f(), 1e-9 * Math.abs(p.fStar), file);
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-6, file + " w[" + j + "]");
                }
            }
        }
    }

    @Test
    void preconditionedTrustRegionReachesTheOptimum() {
        for (String file : ReferenceProblem.FILES) {
            try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
                Options o = Options.defaults().withGtol(1e-10).withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(true));
                Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.TRUST_REGION, o);
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertTrue(r.path().endsWith("; CG preconditioned by diag(H)"), r.path());
                assertEquals(p.fStar, r.f(), 1e-9 * Math.abs(p.fStar), file);
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-6, file + " w[" + j + "]");
                }
            }
        }
    }

    /**
     * Columns whose scales span four orders of magnitude (word counts, one-hot features): in the {@code diag(H)}-norm
     * the trust region's CG needs fewer HVPs than in a ball, to the same optimum.
     */
    @Test
    void aScaledTrustRegionNeedsFewerHvpsOnBadlyScaledColumns() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(8);
        int n = 2000;
        int d = 60;
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                if (rnd.nextInt(4) == 0) {
                    x[i][j] = rnd.nextGaussian() * Math.pow(10, -2 + 4.0 * j / (d - 1));
                    z += x[i][j] / Math.pow(10, -2 + 4.0 * j / (d - 1));
                }
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        try (Dataset dense = Dataset.of(io.curvature.data.DenseMatrix.of(x), DenseVector.of(y));
             Dataset sparse = Dataset.ofSparse(CsrMatrix.of(dense.x()), DenseVector.of(y));
             SparseGlm f = new SparseGlm(sparse, GlmLoss.LOGISTIC, 1e-4, 1)) {
            Options o = Options.defaults().withGtol(1e-8).withMaxIterations(1000);
            Result scaledRegion = Minimizer.minimize(f, new double[d], Method.TRUST_REGION, o);
            Result ball = Minimizer.minimize(f, new double[d], Method.TRUST_REGION,
                    o.withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(false)));
            assertEquals(Status.CONVERGED_GRADIENT, scaledRegion.status(), scaledRegion.message());
            assertEquals(Status.CONVERGED_GRADIENT, ball.status(), ball.message());
            assertTrue(scaledRegion.path().endsWith("; CG preconditioned by diag(H)"), "sparse data: by default");
            assertEquals(ball.f(), scaledRegion.f(), 1e-9 * Math.abs(ball.f()));
            assertTrue(scaledRegion.hvpEvaluations() < ball.hvpEvaluations(),
                    scaledRegion.hvpEvaluations() + " HVPs scaled against " + ball.hvpEvaluations() + " in a ball");
        }
    }

    @Test
    void newtonCgPreconditionsSparseDataByDefault() {
        try (ReferenceProblem p = new ReferenceProblem("breast_cancer.logistic.lambda0.001.ref.json", KernelChoice.DEFAULT, 1);
             Dataset sparse = Dataset.ofSparse(CsrMatrix.of(p.data.x()),
                     DenseVector.of(p.data.y().segment().toArray(ValueLayout.JAVA_DOUBLE)));
             SparseGlm f = new SparseGlm(sparse, GlmLoss.LOGISTIC, p.glm.lambda(), 1)) {
            Options o = Options.defaults().withGtol(1e-10);
            Options plainCg = o.withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(false));
            Result byData = Minimizer.minimize(f, new double[f.dimension()], Method.NEWTON_CG, o);
            Result plain = Minimizer.minimize(f, new double[f.dimension()], Method.NEWTON_CG, plainCg);
            Result dense = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.NEWTON_CG, o);
            assertTrue(byData.path().endsWith("; CG preconditioned by diag(H)"), byData.path());
            assertTrue(!plain.path().contains("diag(H)"), plain.path());
            assertTrue(!dense.path().contains("diag(H)"), "dense data: plain CG by default; " + dense.path());
            for (Result r : new Result[] {byData, plain, dense}) {
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertEquals(p.fStar, r.f(), 1e-9 * Math.abs(p.fStar), r.path());
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> MethodSettings.defaults()
                .withNewtonCgPreconditioner((MethodSettings.CgPreconditioner) null));
        assertEquals("the Newton-CG preconditioner must not be null", e.getMessage());
    }

    @Test
    void autoExplainsItsChoice() {
        try (ReferenceProblem p = new ReferenceProblem(BC, KernelChoice.DEFAULT, 1)) {
            Result r = Minimizer.minimize(p.glm, new double[31], Method.AUTO, Options.defaults());
            assertTrue(r.path().startsWith("auto: n = 569, d = 31"), r.path());
            assertTrue(r.method() == Method.NEWTON || r.method() == Method.NEWTON_CG, r.method().name());
            assertEquals(Status.CONVERGED_GRADIENT, r.status());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Method.byName("adam"));
        assertTrue(e.getMessage().startsWith("unknown method 'adam'; methods are gd, newton,"), e.getMessage());
        assertEquals(Method.NEWTON_CG, Method.byName("Newton-CG"));
    }
}
