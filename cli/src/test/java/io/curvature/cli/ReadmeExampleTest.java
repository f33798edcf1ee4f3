package io.curvature.cli;

import io.curvature.optim.Status;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example is this module's ReadmeExample, word for word, and it works. */
class ReadmeExampleTest {

    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

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
        assertEquals(2, blocks, "examples in ReadmeExample");
        var r = ReadmeExample.run(ROOT.resolve("examples/breast_cancer.csv"));
        assertEquals(Status.CONVERGED_GRADIENT, r.status());
        assertEquals(0.04261937303109119, r.f(), 1e-9 * 0.0426, "the reference optimum (breast cancer, lambda 1e-4)");
        var rosenbrock = ReadmeExample.userObjective();
        assertEquals(Status.CONVERGED_GRADIENT, rosenbrock.status(), rosenbrock.message());
        assertEquals(1, rosenbrock.w()[0], 1e-5, "Rosenbrock's minimum is (1, 1)");
        assertEquals(1, rosenbrock.w()[1], 1e-5, "Rosenbrock's minimum is (1, 1)");
    }
}
