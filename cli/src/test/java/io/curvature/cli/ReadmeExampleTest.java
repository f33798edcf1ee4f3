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
    void readmeShowsTheExampleThatRuns() throws IOException {
        String source = Files.readString(ROOT.resolve("cli/src/test/java/io/curvature/cli/ReadmeExample.java"));
        String body = source.substring(source.indexOf("// README-EXAMPLE-START") + "// README-EXAMPLE-START".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (String line : body.strip().split("\n")) {
            assertTrue(readme.contains(line.strip()), "README lacks the example line: " + line.strip());
        }
        var r = ReadmeExample.run(ROOT.resolve("examples/breast_cancer.csv"));
        assertEquals(Status.CONVERGED_GRADIENT, r.status());
        assertEquals(0.04261937303109119, r.f(), 1e-9 * 0.0426, "the reference optimum (breast cancer, lambda 1e-4)");
    }
}
