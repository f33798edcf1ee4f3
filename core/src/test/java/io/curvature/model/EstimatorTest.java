package io.curvature.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.data.CsrMatrix;
import io.curvature.data.CsvReader;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.optim.Method;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every estimator against the independent reference optima, and the label, penalty and input rules. */
class EstimatorTest {

    /** The reference solution as (coefficients, intercept). */
    private static double[] wStar(String ref) {
        return SharedData.doubles(SharedData.reference(ref).get("w_star"));
    }

    private static void assertOptimum(String ref, double[] coefficients, double intercept, double f) {
        JsonNode r = SharedData.reference(ref);
        double[] w = wStar(ref);
        int d = coefficients.length;
        for (int j = 0; j < d; j++) {
            assertEquals(w[j], coefficients[j], 1e-6 * Math.max(1, Math.abs(w[j])), ref + " coefficient " + j);
        }
        assertEquals(w[d], intercept, 1e-6 * Math.max(1, Math.abs(w[d])), ref + " intercept");
        assertEquals(r.get("f_star").asDouble(), f, 1e-12 * Math.max(1, Math.abs(f)), ref + " f");
    }

    @Test
    void logisticReachesTheReferenceOptimumFromACsv() {
        ClassificationModel m = new LogisticRegression().lambda(1e-4).fit(SharedData.path("breast_cancer.csv"));
        assertTrue(m.report().converged(), m.report().toString());
        assertOptimum("breast_cancer.logistic.lambda0.0001.intercept.ref.json", m.coefficients()[0], m.intercept()[0],
                m.report().f());
        assertArrayEquals(new double[] {0, 1}, m.classes());
    }

    @Test
    void leastSquaresAndPoissonReachTheReferenceOptima() {
        Path diabetes = SharedData.path("diabetes.csv");
        RegressionModel ls = new LinearRegression().lambda(1e-3).fit(diabetes);
        assertOptimum("diabetes.least_squares.lambda0.001.intercept.ref.json", ls.coefficients(), ls.intercept(),
                ls.report().f());
        RegressionModel poisson = new PoissonRegression().lambda(1e-3).method(Method.NEWTON_CG).fit(diabetes);
        assertOptimum("diabetes.poisson.lambda0.001.intercept.ref.json", poisson.coefficients(), poisson.intercept(),
                poisson.report().f());
        double[] row = new double[ls.features()];
        double z = poisson.intercept();
        assertEquals(Math.exp(z), poisson.predict(row), 1e-15 * Math.exp(z), "Poisson predicts the mean exp(x.w + b)");
        assertEquals(ls.intercept(), ls.predict(row), 0.0);
    }

    @Test
    void cIsOneOverNLambdaAsInScikitLearn() {
        try (Dataset data = CsvReader.read(SharedData.path("breast_cancer.csv"))) {
            long n = data.samples();
            double lambda = 1e-3;
            ClassificationModel byLambda = new LogisticRegression().lambda(lambda).method(Method.NEWTON).fit(data);
            ClassificationModel byC = new LogisticRegression().C(1 / (n * lambda)).method(Method.NEWTON).fit(data);
            assertArrayEquals(byLambda.coefficients()[0], byC.coefficients()[0], 1e-12);
            assertEquals(lambda, byC.fitOptions().lambda(), 1e-18);
            assertEquals(1 / (n * lambda), byC.fitOptions().c(), 1e-12);
            assertTrue(Double.isNaN(byLambda.fitOptions().c()));
        }
    }

    /** Two Gaussian clouds in 3 dimensions with overlapping tails, labelled {@code a} and {@code b}. */
    static double[][] clouds(int n, long seed, double[] labels, double[] y) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            int c = i % labels.length;
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextGaussian() + (j == c % 3 ? 1.5 : 0) * (c + 1) / labels.length;
            }
            y[i] = labels[c];
        }
        return x;
    }

    @Test
    void anyTwoLabelValuesGiveTheZeroOneFitAndArePredictedBack() {
        int n = 200;
        double[] y01 = new double[n];
        double[][] x = clouds(n, 3, new double[] {0, 1}, y01);
        double[] y37 = new double[n];
        for (int i = 0; i < n; i++) {
            y37[i] = y01[i] == 0 ? -3 : 7;
        }
        ClassificationModel zeroOne = new LogisticRegression().fit(x, y01);
        ClassificationModel coded = new LogisticRegression().fit(x, y37);
        assertArrayEquals(zeroOne.coefficients()[0], coded.coefficients()[0], 0.0, "same bits: -3 -> 0, 7 -> 1");
        assertArrayEquals(new double[] {-3, 7}, coded.classes());
        for (int i = 0; i < n; i++) {
            double p = coded.predict(x[i]);
            assertEquals(zeroOne.predict(x[i]) == 1 ? 7 : -3, p, 0.0);
            double[] probs = coded.predictProbabilities(x[i]);
            assertEquals(1.0, probs[0] + probs[1], 1e-15);
            assertEquals(probs[1] > 0.5 ? 7 : -3, p, 0.0);
        }
    }

    @Test
    void softmaxMapsSortedClassesAndPredictsTheMostProbable() {
        int n = 300;
        double[] y = new double[n];
        double[][] x = clouds(n, 5, new double[] {30, 10, 20}, y);
        double[] coded = new double[n];
        for (int i = 0; i < n; i++) {
            coded[i] = (y[i] - 10) / 10;
        }
        ClassificationModel m = new SoftmaxRegression().lambda(1e-3).fit(x, y);
        ClassificationModel ref = new SoftmaxRegression().lambda(1e-3).fit(x, coded);
        assertTrue(m.report().converged(), m.report().toString());
        assertArrayEquals(new double[] {10, 20, 30}, m.classes());
        assertEquals(3, m.coefficients().length);
        for (int c = 0; c < 3; c++) {
            assertArrayEquals(ref.coefficients()[c], m.coefficients()[c], 0.0);
        }
        int hits = 0;
        for (int i = 0; i < n; i++) {
            double[] p = m.predictProbabilities(x[i]);
            int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            assertEquals(m.classes()[best], m.predict(x[i]), 0.0);
            assertEquals(1.0, p[0] + p[1] + p[2], 1e-14);
            hits += m.predict(x[i]) == y[i] ? 1 : 0;
        }
        assertTrue(hits > n / 2, "better than chance: " + hits);
    }

    @Test
    void aFlatArrayAndRowsGiveTheSameBits() {
        int n = 150;
        double[] y = new double[n];
        double[][] x = clouds(n, 11, new double[] {0, 1}, y);
        double[] flat = new double[n * 3];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, flat, i * 3, 3);
        }
        for (boolean intercept : new boolean[] {true, false}) {
            ClassificationModel rows = new LogisticRegression().fitIntercept(intercept).threads(1).fit(x, y);
            ClassificationModel inPlace = new LogisticRegression().fitIntercept(intercept).threads(2).fit(flat, 3, y);
            assertArrayEquals(rows.coefficients()[0], inPlace.coefficients()[0], 0.0);
            assertArrayEquals(rows.intercept(), inPlace.intercept(), 0.0);
            assertEquals(intercept ? rows.intercept()[0] : 0.0, inPlace.intercept()[0]);
        }
    }

    @Test
    void badLabelsAndInputsAreClearErrors() {
        double[][] x = {{1, 2}, {3, 4}, {5, 6}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LogisticRegression().fit(x, new double[] {1, 1, 1}));
        assertEquals("logistic regression needs labels of exactly two classes, these have 1: 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().fit(x, new double[] {0, 1, 2}));
        assertEquals("logistic regression needs labels of exactly two classes, these have 3: 0, 1, 2 "
                + "(SoftmaxRegression fits more than two)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SoftmaxRegression().fit(x, new double[] {2.5, 2.5, 2.5}));
        assertEquals("softmax regression needs labels of at least two classes, these have one: 2.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().fit(x, new double[] {0, Double.NaN, 1}));
        assertEquals("y at row 1 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new LinearRegression().fit(new double[][] {{1, 2}, {3, Double.POSITIVE_INFINITY}}, new double[] {0, 1}));
        assertEquals("x at row 1, column 1 is Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().fit(new double[][] {{1, 2}, {3}},
                new double[] {0, 1}));
        assertEquals("ragged rows: row 0 has 2 columns, row 1 has 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().fit(x, new double[] {0, 1}));
        assertEquals("x has 3 rows but y has 2 labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearRegression().fit(new double[5], 2, new double[2]));
        assertEquals("x has 5 values, not 2 rows (one per label) of 2 columns", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PoissonRegression().fit(x, new double[] {1, -1, 2}));
        assertTrue(e.getMessage().startsWith("label -1.0 at row 1 is not a count >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().lambda(-1));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().C(0));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression().threads(0));
    }

    @Test
    void predictionsCheckTheirRows() {
        double[] y = new double[60];
        ClassificationModel m = new LogisticRegression().fit(clouds(60, 1, new double[] {0, 1}, y), y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(new double[2]));
        assertEquals("a row has 2 values, the model 3 features", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(new double[][] {{0, 0, 0}, {0, Double.NaN, 0}}));
        assertEquals("row 1: feature 1 is NaN", e.getMessage());
    }

    @Test
    void sparseRowsArePredictedFromTheirStoredEntriesAsDenseOnes() {
        double[] y = new double[90];
        double[][] x = clouds(90, 3, new double[] {0, 1, 2}, y);
        for (int i = 0; i < x.length; i++) {
            x[i][i % 3] = 0; // zeros the sparse form does not store
        }
        ClassificationModel binary = new LogisticRegression().fit(x, java.util.Arrays.stream(y).map(v -> v == 2 ? 1 : v)
                .toArray());
        ClassificationModel softmax = new SoftmaxRegression().fit(x, y);
        RegressionModel poisson = new PoissonRegression().lambda(1e-2).fit(x, y);
        try (Dataset dense = Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
             Dataset sparse = Dataset.ofSparse(CsrMatrix.of(dense.x()), DenseVector.of(y));
             Dataset sparseWithIntercept = Dataset.ofSparse(CsrMatrix.of(dense.x()), DenseVector.of(y)).withInterceptTakingOver()) {
            for (ClassificationModel m : new ClassificationModel[] {binary, softmax}) {
                assertArrayEquals(m.predict(dense), m.predict(sparse), 0.0);
                assertArrayEquals(m.predict(dense), m.predict(sparseWithIntercept), 0.0);
                double[][] pd = m.predictProbabilities(dense);
                double[][] ps = m.predictProbabilities(sparse);
                for (int i = 0; i < pd.length; i++) {
                    assertArrayEquals(pd[i], ps[i], 1e-15, "row " + i);
                }
            }
            assertArrayEquals(poisson.predict(dense), poisson.predict(sparse), 1e-12);
        }
        // a sparse file may stop short of the last features (zeros), not go past them
        try (Dataset narrow = Dataset.ofSparse(CsrMatrix.of(2, new long[] {0, 1}, new int[] {1}, new double[] {2.5}, 1),
                DenseVector.of(new double[] {0}));
             Dataset wide = Dataset.ofSparse(CsrMatrix.of(4, new long[] {0, 1}, new int[] {3}, new double[] {1}, 1),
                     DenseVector.of(new double[] {0}));
             Dataset bad = Dataset.ofSparse(CsrMatrix.of(3, new long[] {0, 0, 2}, new int[] {0, 2},
                     new double[] {1, Double.NaN}, 2), DenseVector.of(new double[] {0, 0}))) {
            assertEquals(binary.predict(new double[] {0, 2.5, 0}), binary.predict(narrow)[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> binary.predict(wide));
            assertEquals("the data has 4 feature columns, the model 3", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> softmax.predictProbabilities(bad));
            assertEquals("row 1: feature 2 is NaN", e.getMessage());
        }
    }

    @Test
    void aBudgetLimitIsReportedNotThrown() {
        double[] y = new double[80];
        ClassificationModel m = new LogisticRegression().method(Method.GD).maxIterations(2)
                .fit(clouds(80, 2, new double[] {0, 1}, y), y);
        assertFalse(m.report().converged());
        assertEquals(2, m.report().iterations());
        assertTrue(m.result().isPresent());
    }

    @Test
    void modelsAreSafeToShareBetweenThreads() throws Exception {
        int n = 400;
        double[] y = new double[n];
        double[][] x = clouds(n, 9, new double[] {0, 1, 2}, y);
        ClassificationModel m = new SoftmaxRegression().fit(x, y);
        double[][] expected = m.predictProbabilities(x);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<double[][]>>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> m.predictProbabilities(x)));
            }
            for (var f : futures) {
                double[][] got = f.get();
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(expected[i], got[i], 0.0);
                }
            }
        }
    }

    @Test
    void noFiniteMinimumIsAStatusOfItsOwn() {
        double[][] x = {{-2, 1}, {-1, 0}, {-1.5, -1}, {1, 0.5}, {2, -1}, {1.2, 0}};
        double[] y = {0, 0, 0, 1, 1, 1};
        FitFailedException e = assertThrows(FitFailedException.class, () -> new LogisticRegression().lambda(0).fit(x, y));
        assertEquals(io.curvature.optim.Status.NO_FINITE_MINIMUM, e.result().status());
        assertTrue(e.getMessage().contains("the classes are separable") && e.getMessage().contains("lambda > 0"), e.getMessage());
        assertTrue(new LogisticRegression().lambda(1e-4).fit(x, y).report().converged(), "a penalty makes it finite");
        double[] k3 = {0, 0, 1, 2, 2, 1};
        double[][] x3 = {{-2, 0}, {-2.5, 0.5}, {0, 3}, {2, 0}, {2.5, -0.5}, {0, 2.5}};
        FitFailedException s = assertThrows(FitFailedException.class, () -> new SoftmaxRegression().lambda(0).fit(x3, k3));
        assertEquals(io.curvature.optim.Status.NO_FINITE_MINIMUM, s.result().status());
        double[] zeros = new double[6];
        FitFailedException p = assertThrows(FitFailedException.class, () -> new PoissonRegression().fit(x, zeros));
        assertEquals(io.curvature.optim.Status.NO_FINITE_MINIMUM, p.result().status());
        assertTrue(p.getMessage().contains("every count is 0"), p.getMessage());
        assertTrue(new PoissonRegression().fitIntercept(false).fit(x, zeros).report().converged(),
                "penalized, without an intercept, the minimum is finite (w = 0)");
        double[][] xc = {{1, 0}, {2, 0}, {0.5, 1}, {1.5, 2}, {1, 0.5}};
        double[] counts = {3, 1, 0, 0, 0}; // column 1 is positive only where the count is 0
        FitFailedException c = assertThrows(FitFailedException.class, () -> new PoissonRegression().lambda(0).fit(xc, counts));
        assertEquals(io.curvature.optim.Status.NO_FINITE_MINIMUM, c.result().status());
        assertTrue(c.getMessage().contains("feature 1 is nonzero, with one sign, only where the count is 0"), c.getMessage());
        assertTrue(new PoissonRegression().lambda(1e-3).fit(xc, counts).report().converged(), "a penalty bounds it");
    }

    @Test
    void overlappingClassesWithoutAPenaltyHaveAFiniteMinimum() {
        double[] y = new double[300];
        double[][] x = clouds(300, 13, new double[] {0, 1}, y);
        ClassificationModel m = new LogisticRegression().lambda(0).fit(x, y);
        assertTrue(m.report().converged(), m.report().toString());
    }

    @Test
    void aMappedFileTruncatedBeforeTheFitIsBadInputNotACrash(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path xFile = dir.resolve("x.npy");
        Path yFile = dir.resolve("y.npy");
        double[] y = new double[4000];
        double[][] x = clouds(4000, 17, new double[] {0, 1}, y);
        try (Dataset d = Dataset.of(io.curvature.data.DenseMatrix.of(x), io.curvature.data.DenseVector.of(y))) {
            io.curvature.data.NpyWriter.write(xFile, d.x());
            io.curvature.data.NpyWriter.write(yFile, d.y());
        }
        try (Dataset mapped = io.curvature.data.DataFiles.read(xFile, io.curvature.data.DataFormat.NPY, yFile, null)) {
            try (var ch = java.nio.channels.FileChannel.open(xFile, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            for (boolean intercept : new boolean[] {false, true}) { // read in place, or copied first
                io.curvature.data.DataFormatException e = assertThrows(io.curvature.data.DataFormatException.class,
                        () -> new LogisticRegression().fitIntercept(intercept).fit(mapped));
                assertEquals("memory-mapped data: the file changed or was truncated while it was being read; fit an "
                        + "unchanged copy", e.getMessage());
            }
        }
    }

    @Test
    void aRunMadeElsewhereBecomesTheSameModelAsTheEstimatorsOwnFit() {
        double[][] x = {{1, 0}, {0, 1}, {1, 1}, {-1, 0.5}, {0.3, -1}};
        double[] y = {1, 0, 1, 0, 1};
        LogisticRegression lr = new LogisticRegression().lambda(1e-2);
        ClassificationModel own = lr.fit(x, y);
        io.curvature.optim.Result r = own.result().orElseThrow();
        ClassificationModel again = lr.modelOf(r, 1e-2, 2, null, new double[] {0, 1});
        assertArrayEquals(own.coefficients()[0], again.coefficients()[0], 0.0);
        assertEquals(own.intercept()[0], again.intercept()[0], 0.0);
        assertEquals("a classifier needs its class values", assertThrows(IllegalArgumentException.class,
                () -> lr.modelOf(r, 1e-2, 2, null, null)).getMessage());
        assertThrows(FitFailedException.class, () -> lr.modelOf(r.withStatus(io.curvature.optim.Status.NON_FINITE,
                "f became NaN"), 1e-2, 2, null, new double[] {0, 1}));
    }

    @Test
    void theInverseLinksNeverOverflow() {
        assertEquals(1.0, ModelKind.LOGISTIC.mean(800), 0.0);
        assertEquals(0.0, ModelKind.LOGISTIC.mean(-800), 0.0);
        assertEquals(0.5, ModelKind.LOGISTIC.mean(0), 0.0);
        assertEquals(Math.exp(2), ModelKind.POISSON.mean(2), 0.0);
        assertEquals(-3.5, ModelKind.LEAST_SQUARES.mean(-3.5), 0.0);
        assertThrows(UnsupportedOperationException.class, () -> ModelKind.SOFTMAX.mean(0));
    }
}
