package io.curvature.spark;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/spark.md shows the example that runs, word for word. */
class DocsExampleTest {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theGuideShowsTheExample() throws IOException {
        String source = Files.readString(ROOT.resolve("spark/src/test/java/io/curvature/spark/DocsExample.java"));
        String guide = Files.readString(ROOT.resolve("docs/spark.md"));
        int from = source.indexOf("// DOCS-EXAMPLE-START") + "// DOCS-EXAMPLE-START".length();
        String body = source.substring(from, source.indexOf("// DOCS-EXAMPLE-END"));
        for (String line : body.strip().split("\n")) {
            assertTrue(guide.contains(line.strip()), "docs/spark.md lacks the example line: " + line.strip());
        }
    }

    @Test
    void theExampleFitsScoresSavesAndLoads(@TempDir Path dir) throws IOException {
        Path file = LocalSpark.breastCancerLibsvm(dir);
        List<Row> scored = DocsExample.example(LocalSpark.session(), file.toString(),
                dir.resolve("model.json").toString()).select("label", "prediction").collectAsList();
        assertEquals(569, scored.size());
        long right = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        assertTrue(right > 0.95 * 569, right + " of 569 right");
    }
}
