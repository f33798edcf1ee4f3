package io.curvature.cli;

import io.curvature.data.CsvReader;
import io.curvature.data.Dataset;
import io.curvature.model.ClassificationModel;
import io.curvature.optim.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java examples are this module's ReadmeExample, word for word, and they work. */
class ReadmeExampleTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @TempDir
    Path dir;

    @Test
    void readmeShowsTheExamplesThatRun() throws IOException {
        String source = Files.readString(ROOT.resolve("cli/src/test/java/io/curvature/cli/ReadmeExample.java"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        int blocks = 0;
        for (int at = source.indexOf("// README-EXAMPLE-START"); at >= 0; at = source.indexOf("// README-EXAMPLE-START", at + 1)) {
            String body = source.substring(at + "// README-EXAMPLE-START".length(), source.indexOf("// README-EXAMPLE-END", at));
            for (String line : body.strip().split("\n")) {
                assertTrue(readme.contains(line.strip()), "README lacks the example line: " + line.strip());
            }
            blocks++;
        }
        assertEquals(3, blocks, "examples in ReadmeExample");
    }

    @Test
    void theEstimatorExamplesFitAndPredict() {
        Path csv = ROOT.resolve("examples/breast_cancer.csv");
        ClassificationModel m = ReadmeExample.logistic(csv, new double[30], dir.resolve("model.json"));
        assertNotNull(m, "the saved and loaded model predicts the same probabilities");
        assertEquals(0.04261937303109119, m.report().f(), 1e-9 * 0.0426, "the reference optimum (breast cancer, lambda 1e-4)");
        try (Dataset data = CsvReader.read(csv)) {
            double[][] x = new double[100][];
            double[] y = new double[100];
            double[] visits = new double[100];
            double[] labels = new double[100];
            for (int i = 0; i < 100; i++) {
                x[i] = new double[] {data.x().get(i, 0), data.x().get(i, 1), data.x().get(i, 2)};
                y[i] = data.x().get(i, 3);
                visits[i] = Math.round(Math.exp(0.3 * x[i][0]));
                labels[i] = data.y().get(i) + (x[i][1] > 0 ? 2 : 0); // four classes
            }
            double[] out = ReadmeExample.regressions(x, y, visits, labels);
            assertTrue(Double.isFinite(out[0]) && out[1] > 0, "a target and a positive mean");
            assertTrue(out[2] >= 0 && out[2] <= 3 && out[2] == Math.rint(out[2]), "one of the classes 0..3: " + out[2]);
        }
        var rosenbrock = ReadmeExample.userObjective();
        assertEquals(Status.CONVERGED_GRADIENT, rosenbrock.status(), rosenbrock.message());
        assertEquals(1, rosenbrock.w()[0], 1e-5, "Rosenbrock's minimum is (1, 1)");
        assertEquals(1, rosenbrock.w()[1], 1e-5, "Rosenbrock's minimum is (1, 1)");
    }
}
