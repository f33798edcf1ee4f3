package io.curvature.spark;

import io.curvature.model.LinearModel;
import io.curvature.spark.examples.FitExample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runnable example, in the tests' local session, on the bundled data in CSV and LIBSVM form. */
class FitExampleTest {

    private static final Path BREAST_CANCER = Path.of("..", "examples", "breast_cancer.csv");

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FitExample.run(LocalSpark.session(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expectedCode, code, err.toString(StandardCharsets.UTF_8));
        return (out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).strip();
    }

    @Test
    void fitsTheBundledCsvAndWritesTheModelFile(@TempDir Path dir) {
        Path model = dir.resolve("model.json");
        String out = run(0, BREAST_CANCER.toString(), "--label", "y", "--out", model.toString());
        assertTrue(out.startsWith("logistic on " + BREAST_CANCER + ": CONVERGED_GRADIENT"), out);
        assertTrue(out.contains("method newton (auto on Spark: n = 569, d = 31"), out);
        assertTrue(out.contains("training accuracy 0.9"), out);
        assertEquals(30, LinearModel.load(model).features());
    }

    @Test
    void fitsALibsvmCopy(@TempDir Path dir) throws Exception {
        Path file = LocalSpark.breastCancerLibsvm(dir);
        String out = run(0, file.toString(), "--method", "lbfgs");
        assertTrue(out.contains(": CONVERGED_GRADIENT"), out);
        assertTrue(out.contains("method lbfgs"), out);
    }

    @Test
    void badArgumentsAreOneLineAndCode2() {
        assertEquals("FitExample: unknown model 'svm' (least-squares, logistic, poisson or softmax)",
                run(2, BREAST_CANCER.toString(), "--model", "svm"));
        assertTrue(run(2).startsWith("usage: FitExample FILE"));
    }
}
