package io.curvature.ffi;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.Method;
import io.curvature.optim.MethodSettings;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;
import io.curvature.testing.ReferenceProblem;
import io.curvature.testing.Segments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gram with single-precision products ({@code cblas_ssyrk}; docs/math.md 2.2) against the double-precision
 * kernel, and Newton with such Hessians: the reference optima to {@code gtol = 1e-10}, and AUTO's use of them on a
 * tall data set of 400 columns.
 */
class SinglePrecisionGramTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Test
    void theNativeProviderOffersIt() {
        assertNotNull(LinearAlgebra.singlePrecisionGram());
    }

    @ParameterizedTest(name = "{0}x{1} ld={2}")
    @CsvSource({"1,1,1", "7,3,3", "1500,17,17", "3000,64,70", "5000,300,301"}) // the last: 3 chunks of rows
    void isWithinFloatPrecisionOfTheDoubleGram(long rows, int cols, int ld) {
        Kernels k = KernelProvider.byName("vector");
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(rows * 31 + cols);
            MatrixView x = new MatrixView(Segments.random(arena, rnd, 3, rows * ld), 3, rows, cols, ld);
            MemorySegment positive = arena.allocate(rows * 8 + 8);
            for (long i = 0; i < rows; i++) {
                positive.setAtIndex(D, i + 1, rnd.nextDouble());
            }
            for (MemorySegment w : new MemorySegment[] {positive, null}) {
                long wOff = w == null ? 0 : 1;
                MemorySegment expected = arena.allocate((long) cols * cols * 8);
                MemorySegment actual = arena.allocate((long) cols * cols * 8 + 16);
                k.gram(x, w, wOff, expected, 0, 1);
                NativeGram.gramSingle(x, w, wOff, actual, 2);
                for (int i = 0; i < cols; i++) {
                    for (int j = 0; j < cols; j++) {
                        double e = expected.getAtIndex(D, (long) i * cols + j);
                        double a = actual.getAtIndex(D, 2 + (long) i * cols + j);
                        double scale = Math.sqrt(expected.getAtIndex(D, (long) i * cols + i)
                                * expected.getAtIndex(D, (long) j * cols + j));
                        assertEquals(e, a, 1e-6 * scale, "(" + i + "," + j + ")");
                        assertEquals(a, actual.getAtIndex(D, 2 + (long) j * cols + i), 0.0, "symmetric");
                    }
                }
            }
        }
    }

    @Test
    void negativeWeightsGiveTheDoublePrecisionGram() {
        try (Arena arena = Arena.ofConfined()) {
            Random rnd = new Random(5);
            int rows = 300;
            int cols = 9;
            MatrixView x = new MatrixView(Segments.random(arena, rnd, 0, (long) rows * cols), 0, rows, cols, cols);
            MemorySegment w = arena.allocate(rows * 8L);
            for (int i = 0; i < rows; i++) {
                w.setAtIndex(D, i, rnd.nextDouble() - 0.3);
            }
            MemorySegment expected = arena.allocate((long) cols * cols * 8);
            MemorySegment actual = arena.allocate((long) cols * cols * 8);
            NativeGram.gram(x, w, 0, expected, 0);
            NativeGram.gramSingle(x, w, 0, actual, 0);
            assertEquals(-1, expected.mismatch(actual), "no square root: the double-precision route, same bits");
        }
    }

    @Test
    void aSampledHessianInSinglePrecisionIsWithinFloatPrecisionOfTheDoubleOne() {
        int n = 901;
        int d = 20;
        Random rnd = new Random(23);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian();
            }
            y[i] = rnd.nextBoolean() ? 1 : 0;
        }
        try (Dataset data = Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4); Arena arena = Arena.ofShared()) {
            MemorySegment w = arena.allocate(d * 8L);
            for (int j = 0; j < d; j++) {
                w.setAtIndex(D, j, 0.1 * rnd.nextGaussian());
            }
            MemorySegment exact = arena.allocate((long) d * d * 8);
            MemorySegment single = arena.allocate((long) d * d * 8);
            glm.subsampledHessian(w, exact, 3, false);
            glm.subsampledHessian(w, single, 3, true);
            assertTrue(exact.mismatch(single) != -1, "the single-precision route was taken");
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double scale = Math.sqrt(exact.getAtIndex(D, (long) i * d + i) * exact.getAtIndex(D, (long) j * d + j));
                    assertEquals(exact.getAtIndex(D, (long) i * d + j), single.getAtIndex(D, (long) i * d + j),
                            1e-6 * scale, "(" + i + "," + j + ")");
                }
            }
        }
    }

    @Test
    void refusesOutputThatDoesNotFit() {
        try (Arena arena = Arena.ofConfined()) {
            MatrixView x = new MatrixView(arena.allocate(4 * 3 * 8L), 0, 4, 3, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeGram.gramSingle(x, null, 0, arena.allocate(8 * 8L), 0));
            assertTrue(e.getMessage().startsWith("out: 9 elements at offset 0 do not fit"), e.getMessage());
        }
    }

    static final String[] REFERENCES = ReferenceProblem.FILES;

    @ParameterizedTest
    @FieldSource("REFERENCES")
    void newtonWithSinglePrecisionHessiansReachesTheReferenceOptimum(String file) {
        try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
            Options o = Options.defaults().withGtol(1e-10)
                    .withSettings(MethodSettings.defaults().withNewtonSinglePrecision(true));
            Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], Method.NEWTON, o);
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
            assertTrue(r.path().contains("with single-precision products"), r.path());
            assertEquals(p.fStar, r.f(), 1e-10 * Math.max(1, Math.abs(p.fStar)));
            for (int j = 0; j < p.wStar.length; j++) {
                assertEquals(p.wStar[j], r.w()[j], 1e-6 * Math.max(1, Math.abs(p.wStar[j])), "w[" + j + "]");
            }
        }
    }

    /**
     * 12 rows per column are too few for a sample: dense Newton's exact Hessians are taken in single precision; at
     * 40 a sample's Hessian (single-precision products) preconditions Newton-CG; from 64 the early Hessians are
     * sampled and the exact steps are CG preconditioned by the sample's factor. All reach Newton's optimum.
     */
    @ParameterizedTest
    @CsvSource({"12, NEWTON, with single-precision products)",
        "40, NEWTON_CG, every 5th row (single-precision products), 4 steps by CG",
        "64, NEWTON, exact Newton steps by CG"})
    void autoFinishesATallFitInSinglePrecisionOrByPreconditionedCg(int rowsPerColumn, Method plan, String exactSteps) {
        int n = rowsPerColumn * LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS;
        int d = LinearAlgebra.NATIVE_GRAM_FROM_COLUMNS;
        Random rnd = new Random(17);
        try (DenseMatrix x = DenseMatrix.zeros(n, d); DenseVector y = DenseVector.zeros(n)) {
            double[] truth = new double[d];
            for (int j = 0; j < d; j++) {
                truth[j] = rnd.nextGaussian() / Math.sqrt(d);
            }
            for (int i = 0; i < n; i++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    double v = rnd.nextGaussian();
                    x.segment().setAtIndex(D, (long) i * d + j, v);
                    z += v * truth[j];
                }
                y.segment().setAtIndex(D, i, rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
            }
            try (Dataset data = Dataset.of(x, y); Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4)) {
                Options o = Options.defaults().withGtol(1e-10);
                Result auto = Minimizer.minimize(glm, new double[d], Method.AUTO, o);
                Result exact = Minimizer.minimize(glm, new double[d], Method.NEWTON, o);
                assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
                assertEquals(plan, auto.method(), auto.path());
                assertTrue(auto.path().contains(exactSteps), auto.path());
                assertTrue(auto.gradNorm() <= 1e-10, auto.path());
                assertEquals(exact.f(), auto.f(), 1e-12 * Math.abs(exact.f()));
                for (int j = 0; j < d; j++) {
                    assertEquals(exact.w()[j], auto.w()[j], 1e-8, "w[" + j + "]");
                }
            }
        }
    }
}
