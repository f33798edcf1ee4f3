package io.curvature.jmh.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareRunsTest {

    @TempDir
    Path dir;

    static String entry(String bench, int d, double score, double error) {
        return "{\"benchmark\":\"io.curvature.jmh." + bench + "\",\"mode\":\"thrpt\",\"params\":{\"d\":\"" + d
                + "\"},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + error + ",\"scoreUnit\":\"ops/s\"}}";
    }

    Path file(String name, String... entries) throws IOException {
        return Files.writeString(dir.resolve(name), "[" + String.join(",", entries) + "]");
    }

    @Test
    void tableWithRatiosAndSignificanceAndAChart() throws IOException {
        Path a = file("avx512.json", entry("GramBenchmark.gram", 100, 20.0, 1.0), entry("GramBenchmark.gram", 256, 5.0, 0.5));
        Path b = file("avx2.json", entry("GramBenchmark.gram", 100, 12.0, 1.0), entry("GramBenchmark.gram", 256, 4.8, 0.5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path png = dir.resolve("ratios.png");
        CompareRuns.compare(List.of(a, b), new PrintStream(bytes, true, StandardCharsets.UTF_8), png);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("### io.curvature.jmh.GramBenchmark.gram"), out);
        assertTrue(out.contains("| params | avx512.json | avx2.json | ratio |"), out);
        assertTrue(out.contains("| {d=100} | 20.00 ± 1.0 ops/s | 12.00 ± 1.0 ops/s | 0.600 * |"), out);
        assertTrue(out.contains("| {d=256} | 5.000 ± 0.50 ops/s | 4.800 ± 0.50 ops/s | 0.960 |"), out);
        byte[] p = Files.readAllBytes(png);
        assertTrue(p.length > 1000 && p[1] == 'P' && p[2] == 'N' && p[3] == 'G', "a PNG");
    }

    @Test
    void mismatchedFilesAreRefusedNamingTheDifference() throws IOException {
        Path a = file("a.json", entry("GramBenchmark.gram", 100, 20.0, 1.0));
        Path b = file("b.json", entry("GramBenchmark.gram", 64, 12.0, 1.0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> CompareRuns.compare(List.of(a, b), new PrintStream(new ByteArrayOutputStream()), null));
        assertEquals("the result files do not measure the same benchmarks and parameters:\n"
                + "  " + b + " lacks io.curvature.jmh.GramBenchmark.gram {d=100}\n"
                + "  " + b + " has io.curvature.jmh.GramBenchmark.gram {d=64}, which " + a + " lacks", e.getMessage());
        Path notJmh = Files.writeString(dir.resolve("x.json"), "{\"a\": 1}");
        e = assertThrows(IllegalArgumentException.class,
                () -> CompareRuns.compare(List.of(a, notJmh), new PrintStream(new ByteArrayOutputStream()), null));
        assertEquals(notJmh + ": not a JMH JSON result file (expected an array)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CompareRuns.compare(List.of(a), new PrintStream(new ByteArrayOutputStream()), null));
        assertEquals("compare needs at least two result files, got 1", e.getMessage());
    }

    @Test
    void mergeConcatenates() throws IOException {
        Path a = file("a.json", entry("GramBenchmark.gram", 100, 20.0, 1.0));
        Path b = file("b.json", entry("GlmPassBenchmark.hvp", 100, 12.0, 1.0));
        Path merged = dir.resolve("m.json");
        BenchTools.run(new String[] {"merge", merged.toString(), a.toString(), b.toString()});
        assertEquals(2, JmhResults.scores(merged).size());
    }
}
