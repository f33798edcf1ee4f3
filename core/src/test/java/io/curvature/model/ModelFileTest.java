package io.curvature.model;

import io.curvature.data.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model file: exact round trips of every kind, and a refusal naming the key for every kind of damage. */
class ModelFileTest {

    @TempDir
    Path dir;

    private static double[][] data(int n, double[] y, double[] labels) {
        return EstimatorTest.clouds(n, 21, labels, y);
    }

    @Test
    void everyKindRoundTripsExactly() {
        double[] y = new double[90];
        double[][] x = data(90, y, new double[] {-1, 1});
        double[] counts = new double[90];
        for (int i = 0; i < 90; i++) {
            counts[i] = i % 4;
        }
        double[] k3 = new double[90];
        double[][] x3 = data(90, k3, new double[] {1, 2, 5});
        LinearModel[] models = {new LogisticRegression().fit(x, y), new LinearRegression().fitIntercept(false).fit(x, counts),
            new PoissonRegression().C(0.5).fit(x, counts), new SoftmaxRegression().fit(x3, k3)};
        for (LinearModel m : models) {
            Path file = dir.resolve(m.kind().fileName() + ".json");
            m.save(file);
            LinearModel back = LinearModel.load(file);
            assertEquals(m.getClass(), back.getClass());
            assertEquals(m.kind(), back.kind());
            assertArrayEquals(m.weights(), back.weights(), 0.0, m.kind() + " weights, bit for bit");
            assertEquals(m.fitOptions(), back.fitOptions());
            assertEquals(m.report(), back.report());
            assertFalse(back.result().isPresent(), "a loaded model has no optimizer trace");
            for (double[] row : x) {
                if (m instanceof ClassificationModel cm && m.kind() == ModelKind.LOGISTIC) {
                    assertArrayEquals(cm.predictProbabilities(row), ((ClassificationModel) back).predictProbabilities(row), 0.0);
                } else if (m instanceof RegressionModel rm) {
                    assertEquals(rm.predict(row), ((RegressionModel) back).predict(row), 0.0);
                }
            }
        }
        ClassificationModel softmax = (ClassificationModel) LinearModel.load(dir.resolve("softmax.json"));
        assertArrayEquals(new double[] {1, 2, 5}, softmax.classes());
    }

    /** Replaces {@code from} by {@code to} in a saved logistic model and loads it, expecting the given message. */
    private void assertRefused(String from, String to, String message) throws IOException {
        double[] y = new double[40];
        Path file = dir.resolve("m.json");
        new LogisticRegression().fit(data(40, y, new double[] {0, 1}), y).save(file);
        String text = Files.readString(file);
        assertTrue(text.contains(from), from + " in " + text);
        Path bad = Files.writeString(dir.resolve("bad.json"), text.replace(from, to));
        DataFormatException e = assertThrows(DataFormatException.class, () -> LinearModel.load(bad));
        assertEquals(bad + ": " + message, e.getMessage());
    }

    @Test
    void damageIsRefusedWithTheKeyNamed() throws IOException {
        assertRefused("\"curvature-model\"", "\"other\"", "key 'format': expected \"curvature-model\": not a Curvature model file");
        assertRefused("\"schema_version\" : 1", "\"schema_version\" : 2",
                "key 'schema_version': version 2 is not readable by this Curvature, which reads 1");
        assertRefused("\"logistic\"", "\"probit\"", "key 'kind': unknown model 'probit' (least-squares, logistic, poisson or softmax)");
        assertRefused("\"features\" : 3", "\"features\" : 4", "key 'coefficients[0]': expected an array of 4 numbers");
        assertRefused("\"classes\" : [ 0.0, 1.0 ]", "\"classes\" : [ 1.0, 1.0 ]",
                "key 'classes': class values must be distinct and ascending");
        assertRefused("\"classes\" : [ 0.0, 1.0 ]", "\"classes\" : [ 0.0, 1.0, 2.0 ]",
                "key 'classes': logistic needs exactly 2 classes, found 3");
        assertRefused("\"fit_intercept\" : true", "\"fit_intercept\" : \"yes\"", "key 'fit_intercept': expected true or false");
        assertRefused("\"coefficients\" : [ [ ", "\"coefficients\" : [ [ \"a\", ",
                "key 'coefficients[0]': expected an array of 3 numbers");
        assertRefused("\"intercept\" : [ ", "\"intercept\" : [ 1, ", "key 'intercept': expected 1 entries, found 2");
        assertRefused("\"status\" : \"CONVERGED_GRADIENT\"", "\"status\" : \"FINE\"", "key 'fit.status': unknown status 'FINE'");
        assertRefused("\"method\" : \"auto\"", "\"method\" : \"adam\"",
                "key 'options.method': unknown method 'adam'; methods are gd, newton, corrected-inverse, spectral, "
                        + "saddle-free, sr1, bfgs, dfp, lbfgs, newton-cg, trust-region, auto");
        assertRefused("\"lambda\" : 1.0E-4", "\"lambda\" : -1", "key 'options.lambda': must be >= 0, found -1.0");
        assertRefused("\"schema_version\" : 1,", "\"schema_version\" : 1,,",
                "not valid JSON at line 3, column 24: Unexpected character (',' (code 44)): was expecting double-quote to "
                        + "start field name");
    }

    @Test
    void interceptMustBeZeroWithoutOne() throws IOException {
        double[] y = new double[40];
        Path file = dir.resolve("n.json");
        new LogisticRegression().fitIntercept(false).fit(data(40, y, new double[] {0, 1}), y).save(file);
        String text = Files.readString(file);
        Path bad = Files.writeString(dir.resolve("bad.json"), text.replace("\"intercept\" : [ 0.0 ]", "\"intercept\" : [ 0.5 ]"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> LinearModel.load(bad));
        assertEquals(bad + ": key 'intercept': must be 0 when fit_intercept is false, found 0.5", e.getMessage());
    }

    @Test
    void aFailedSaveKeepsThePreviousFile() throws IOException {
        double[] y = new double[40];
        ClassificationModel m = new LogisticRegression().fit(data(40, y, new double[] {0, 1}), y);
        Path target = Files.writeString(dir.resolve("kept.json"), "previous");
        Path readOnly = dir.resolve("ro");
        Files.createDirectory(readOnly);
        Path inReadOnly = Files.writeString(readOnly.resolve("kept.json"), "previous");
        readOnly.toFile().setWritable(false);
        try {
            if (!Files.isWritable(readOnly)) { // root may write anywhere; the rename case below still runs
                assertThrows(java.io.UncheckedIOException.class, () -> m.save(inReadOnly));
                assertEquals("previous", Files.readString(inReadOnly));
            }
        } finally {
            readOnly.toFile().setWritable(true);
        }
        assertThrows(java.io.UncheckedIOException.class, () -> m.save(dir.resolve("missing/kept.json")));
        m.save(target);
        assertTrue(Files.readString(target).contains("curvature-model"));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".tmp")).count());
        }
    }
}
