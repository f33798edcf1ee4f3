package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.testing.ReferenceProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dense least squares by its normal equations ({@link NormalEquations}, docs/math.md 2.2): one Gram and one solve
 * are the whole fit where the rounding bound proves the stopping test, the gradient and value then agree with a
 * fused pass within that bound; a demanding {@code gtol} or a singular Hessian hands over to damped Newton, whose
 * iterations continue the numbering and the trace.
 */
class NormalEquationsTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final String DIABETES = "diabetes.least_squares.lambda0.001.intercept.ref.json";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NEWTON", "AUTO"})
    void oneGramAndOneSolveReachTheReferenceOptimum(String methodName) {
        Method method = Method.valueOf(methodName);
        for (int threads : new int[] {1, 3}) {
            try (ReferenceProblem p = new ReferenceProblem(DIABETES, KernelChoice.DEFAULT, threads)) {
                List<Integer> heard = new ArrayList<>();
                Options o = Options.defaults().withListener((it, f, g, step, kappa, seconds) -> heard.add(it) || true);
                Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], method, o);
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertTrue(r.message().endsWith("from the normal equations"), r.message());
                assertEquals(Method.NEWTON, r.method());
                assertEquals(1, r.iterations());
                assertEquals(1, r.hessianEvaluations());
                assertEquals(0, r.valueEvaluations(), "no pass but the Gram's");
                assertEquals(List.of(0, 1), heard);
                assertEquals(2, r.trace().size());
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-9 * Math.max(1, Math.abs(p.wStar[j])), "w[" + j + "]");
                }
                assertEquals(p.fStar, r.f(), 1e-12 * p.fStar, "f");
                // judged by a fused pass at the solution
                try (Arena arena = Arena.ofShared()) {
                    int d = p.glm.dimension();
                    MemorySegment w = arena.allocate(8L * d);
                    MemorySegment.copy(r.w(), 0, w, D, 0, d);
                    MemorySegment g = arena.allocate(8L * d);
                    double f = p.glm.valueAndGradient(w, g);
                    assertEquals(f, r.f(), NormalEquations.VALUE_RELATIVE_BOUND * f, "f against a pass");
                    double gInf = 0;
                    for (int j = 0; j < d; j++) {
                        gInf = Math.max(gInf, Math.abs(g.getAtIndex(D, j)));
                    }
                    assertTrue(gInf <= o.gtol(), "the pass's ||g||_inf = " + gInf);
                    double f0 = p.glm.value(arena.allocate(8L * d));
                    assertEquals(f0, r.trace().f()[0], 1e-12 * f0, "the start's value from the normal equations");
                }
            }
        }
    }

    /** Sparse data, an implicit intercept: the same single pass (the sparse Gram of {@code [X y]}), the same optimum. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"NEWTON", "AUTO"})
    void sparseLeastSquaresIsOnePassToo(String methodName) {
        for (int threads : new int[] {1, 3}) {
            try (ReferenceProblem p = new ReferenceProblem(DIABETES, KernelChoice.DEFAULT, threads);
                 DenseMatrix raw = rawX(p);
                 Dataset stored = Dataset.ofSparse(io.curvature.data.CsrMatrix.of(raw),
                         DenseVector.of(p.data.y().segment().toArray(D)));
                 Dataset sparse = stored.withIntercept();
                 io.curvature.objective.SparseGlm f = new io.curvature.objective.SparseGlm(sparse,
                         GlmLoss.LEAST_SQUARES, p.glm.lambda(), threads)) {
                Result r = Minimizer.minimize(f, new double[f.dimension()], Method.valueOf(methodName),
                        Options.defaults());
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertEquals(Method.NEWTON, r.method(), r.path());
                assertEquals(1, r.iterations());
                assertEquals(1, r.hessianEvaluations());
                assertEquals(0, r.valueEvaluations(), "no pass but the Gram's");
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-9 * Math.max(1, Math.abs(p.wStar[j])), "w[" + j + "]");
                }
                assertEquals(p.fStar, r.f(), 1e-12 * p.fStar, "f");
            }
        }
    }

    /** The sparse normal equations: the leading block has the sparse Hessian's bits, on 1 and 3 threads alike. */
    @Test
    void theSparseMatrixHoldsTheHessianAndTheSameBitsOnAnyThreads() {
        SplittableRandom rnd = new SplittableRandom(21);
        int n = 5000;
        int d = 13;
        try (Dataset dense = gaussian(n, d, 1, rnd, false);
             Dataset stored = Dataset.ofSparse(io.curvature.data.CsrMatrix.of(dense.x()), dense.y().copy());
             Dataset sparse = stored.withIntercept();
             Arena arena = Arena.ofShared()) {
            int p = d + 1;
            int order = p + 1;
            MemorySegment[] byThreads = new MemorySegment[2];
            int[] threads = {1, 3};
            for (int t = 0; t < 2; t++) {
                try (io.curvature.objective.SparseGlm f = new io.curvature.objective.SparseGlm(sparse,
                        GlmLoss.LEAST_SQUARES, 0.25, threads[t])) {
                    byThreads[t] = arena.allocate(8L * order * order);
                    f.normalEquations(byThreads[t]);
                    MemorySegment h = arena.allocate(8L * p * p);
                    f.hessian(arena.allocate(8L * p), h);
                    for (int j = 0; j < p; j++) {
                        assertEquals(-1, MemorySegment.mismatch(h, 8L * j * p, 8L * (j + 1) * p, byThreads[t],
                                8L * j * order, 8L * j * order + 8L * p), "row " + j);
                    }
                }
            }
            assertEquals(-1, MemorySegment.mismatch(byThreads[0], 0, 8L * order * order, byThreads[1], 0,
                    8L * order * order), "1 and 3 threads");
            double c = 0;
            double bIntercept = 0;
            for (long i = 0; i < n; i++) {
                double yi = sparse.y().segment().getAtIndex(D, i);
                c += yi * yi;
                bIntercept += yi;
            }
            assertEquals(c / n, byThreads[0].getAtIndex(D, (long) p * order + p), 1e-12 * c / n, "c");
            assertEquals(bIntercept / n, byThreads[0].getAtIndex(D, (long) d * order + p), 1e-12 * Math.abs(bIntercept),
                    "b of the intercept");
        }
    }

    private static DenseMatrix rawX(ReferenceProblem p) {
        double[][] rows = new double[(int) p.data.samples()][p.data.features() - 1];
        double[] row = new double[p.data.features()];
        for (int i = 0; i < rows.length; i++) {
            p.data.rowInto(i, row);
            System.arraycopy(row, 0, rows[i], 0, rows[i].length);
        }
        return DenseMatrix.of(rows);
    }

    /** The bound of docs/math.md 2.2 holds against a pass, with a large mean label and the start far off. */
    @Test
    void theBoundsHoldAgainstAFusedPass() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (double mean : new double[] {0, 1e3, 1e6}) {
            int n = 3000;
            int d = 17;
            try (Dataset data = gaussian(n, d, mean, rnd, false);
                 Glm glm = new Glm(data, GlmLoss.LEAST_SQUARES, 1e-3, KernelChoice.DEFAULT, 1);
                 Arena arena = Arena.ofConfined(); Run r = new Run(glm, new double[d], Options.defaults())) {
                MemorySegment ne = r.matrix(d + 1);
                glm.normalEquations(ne);
                for (int trial = 0; trial < 5; trial++) {
                    for (int j = 0; j < d; j++) {
                        r.w.setAtIndex(D, j, rnd.nextGaussian() * (1 + mean));
                    }
                    NormalEquations.Bounds bounds = NormalEquations.bounds(r, ne, glm);
                    MemorySegment gPass = arena.allocate(8L * d);
                    double fPass = glm.valueAndGradient(r.w, gPass);
                    MemorySegment g = arena.allocate(8L * d);
                    double f = quadraticValue(ne, r.w, g, d);
                    assertEquals(fPass, f, bounds.value(), "value, mean " + mean);
                    for (int j = 0; j < d; j++) {
                        assertEquals(gPass.getAtIndex(D, j), g.getAtIndex(D, j), bounds.gradient(),
                                "g[" + j + "], mean " + mean);
                    }
                }
            }
        }
    }

    @Test
    void aDemandingGtolIsCheckedByAPassAndNewtonContinuesTheTrace() {
        try (ReferenceProblem p = new ReferenceProblem(DIABETES, KernelChoice.DEFAULT, 1)) {
            Options o = Options.defaults().withGtol(1e-300).withMaxIterations(3);
            Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.NEWTON, o);
            assertTrue(r.valueEvaluations() >= 1, "a pass checked the solution");
            assertTrue(r.iterations() >= 1 && r.trace().size() == r.iterations() + 1,
                    r.iterations() + " iterations, " + r.trace().size() + " trace rows");
            assertEquals(p.fStar, r.f(), 1e-12 * p.fStar, "f");
            assertTrue(r.status() == Status.MAX_ITERATIONS || r.status() == Status.LINE_SEARCH_FAILED, r.message());
        }
    }

    @Test
    void aSingularHessianLeavesTheFitToDampedNewton() {
        SplittableRandom rnd = new SplittableRandom(9);
        double[][] x = new double[50][3];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i][0] = rnd.nextGaussian();
            x[i][1] = 0; // an empty column and no penalty: a zero pivot
            x[i][2] = rnd.nextGaussian();
            y[i] = x[i][0] - x[i][2] + 0.1 * rnd.nextGaussian();
        }
        try (Dataset data = Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
             Glm glm = new Glm(data, GlmLoss.LEAST_SQUARES, 0, KernelChoice.DEFAULT, 1)) {
            Result r = Minimizer.minimize(glm, new double[3], Method.NEWTON, Options.defaults().withMaxIterations(50));
            assertTrue(r.valueEvaluations() >= 1, "damped Newton evaluated the start");
            assertTrue(r.hessianEvaluations() >= 2, "the normal equations and damped Newton's Hessians");
            assertEquals(r.iterations() + 1, r.trace().size());
            assertTrue(r.trace().f()[0] > r.f(), "damped Newton made progress: " + r.message());
        }
    }

    @Test
    void withoutIterationsTheStartIsTheResult() {
        try (ReferenceProblem p = new ReferenceProblem(DIABETES, KernelChoice.DEFAULT, 1)) {
            Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.NEWTON,
                    Options.defaults().withMaxIterations(0));
            assertEquals(Status.MAX_ITERATIONS, r.status(), r.message());
            assertEquals(0, r.hessianEvaluations());
        }
    }

    @Test
    void theNormalEquationsAreLeastSquaresOnlyAndNeedRoom() {
        try (ReferenceProblem p = new ReferenceProblem("breast_cancer.logistic.lambda0.001.ref.json",
                KernelChoice.DEFAULT, 1);
             ReferenceProblem ls = new ReferenceProblem(DIABETES, KernelChoice.DEFAULT, 1);
             Arena arena = Arena.ofConfined()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> p.glm.normalEquations(arena.allocate(8L * 31 * 31)));
            assertEquals("the normal equations are those of least squares, not of the logistic loss", e.getMessage());
            IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> ls.glm.normalEquations(arena.allocate(8L * 11 * 11)));
            assertEquals("m has 121 doubles, the normal equations of 11 parameters need 144", small.getMessage());
        }
    }

    /** The leading block has the Hessian's bits; {@code b} and {@code c} agree with plain sums. */
    @ParameterizedTest(name = "d = {0}")
    @ValueSource(ints = {1, 8, 33, 450})
    void theMatrixHoldsTheHessianTheRightHandSideAndTheSquares(int d) {
        SplittableRandom rnd = new SplittableRandom(d);
        int n = 700;
        try (Dataset data = gaussian(n, d, 2, rnd, true);
             Glm glm = new Glm(data, GlmLoss.LEAST_SQUARES, 0.5, KernelChoice.DEFAULT, 2);
             Arena arena = Arena.ofShared()) {
            int p = glm.dimension();
            int order = p + 1;
            MemorySegment ne = arena.allocate(8L * order * order);
            glm.normalEquations(ne);
            MemorySegment h = arena.allocate(8L * p * p);
            glm.hessian(arena.allocate(8L * p), h);
            double[] b = new double[p];
            double c = 0;
            for (long i = 0; i < n; i++) {
                double yi = data.y().segment().getAtIndex(D, i);
                c += yi * yi;
                for (int j = 0; j < p; j++) {
                    b[j] += (j < d ? data.x().segment().getAtIndex(D, i * d + j) : 1.0) * yi;
                }
            }
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    assertEquals(h.getAtIndex(D, (long) j * p + k), ne.getAtIndex(D, (long) j * order + k),
                            d >= 400 ? 1e-12 * (1 + Math.abs(h.getAtIndex(D, (long) j * p + k))) : 0.0,
                            "H(" + j + "," + k + ")");
                }
                assertEquals(b[j] / n, ne.getAtIndex(D, (long) j * order + p), 1e-12 * (1 + Math.abs(b[j] / n)), "b");
                assertEquals(ne.getAtIndex(D, (long) j * order + p), ne.getAtIndex(D, (long) p * order + j), 0.0,
                        "symmetric");
            }
            assertEquals(c / n, ne.getAtIndex(D, (long) p * order + p), 1e-12 * c / n, "c");
        }
    }

    private static double quadraticValue(MemorySegment ne, MemorySegment w, MemorySegment g, int d) {
        int order = d + 1;
        double quadratic = 0;
        double linear = 0;
        for (int j = 0; j < d; j++) {
            double hw = 0;
            for (int k = 0; k < d; k++) {
                hw += ne.getAtIndex(D, (long) j * order + k) * w.getAtIndex(D, k);
            }
            double bj = ne.getAtIndex(D, (long) j * order + d);
            quadratic += w.getAtIndex(D, j) * hw;
            linear += bj * w.getAtIndex(D, j);
            g.setAtIndex(D, j, hw - bj);
        }
        return 0.5 * quadratic - linear + 0.5 * ne.getAtIndex(D, (long) d * order + d);
    }

    private static Dataset gaussian(int n, int d, double mean, SplittableRandom rnd, boolean intercept) {
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian() + (j == 0 ? mean : 0);
            }
            y[i] = mean + x[i][d - 1] + rnd.nextGaussian();
        }
        Dataset data = Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
        return intercept ? data.withInterceptTakingOver() : data;
    }
}
