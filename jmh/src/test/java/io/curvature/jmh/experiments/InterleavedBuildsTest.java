package io.curvature.jmh.experiments;

import io.curvature.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterleavedBuildsTest {

    /** Where this test's own {@code core} classes are: a directory or a jar, either is a build. */
    private static String coreBuild() throws Exception {
        return Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InterleavedBuilds.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoCopiesOfOneBuildGiveTheSameBitsAndARatioLine() throws Exception {
        String build = coreBuild();
        for (String op : new String[] {"glm", "hvp", "gram"}) {
            String out = run(op, "500", "13", "LOGISTIC", "3", "5", build, build);
            Matcher m = Pattern.compile(": one pass gives (\\S+)").matcher(out);
            String[] results = m.results().map(r -> r.group(1)).toArray(String[]::new);
            assertEquals(2, results.length, out);
            assertArrayEquals(new String[] {results[0], results[0]}, results, "the same classes, the same bits: " + out);
            assertTrue(out.contains("n = 500, d = 13, LOGISTIC: 3 rounds of 5 ms per build"), out);
            assertTrue(out.contains("sum (reference)"), out);
            assertTrue(Pattern.compile("/ \\S+: median ratio \\d+\\.\\d{3} \\(quartiles").matcher(out).find(), out);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException op = assertThrows(IllegalArgumentException.class,
                () -> run("gemm", "10", "4", "LOGISTIC", "1", "1", "x"));
        assertEquals("unknown pass 'gemm' (glm, hvp or gram)", op.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> run("glm", "10", "4", "LOGISTIC", "1", "1", "/no/such/build"));
        assertEquals("build not found: /no/such/build", missing.getMessage());
        IllegalArgumentException sizes = assertThrows(IllegalArgumentException.class,
                () -> run("glm", "0", "4", "LOGISTIC", "1", "1", "x"));
        assertEquals("N, D, ROUNDS and SLICE_MS must be positive", sizes.getMessage());
    }

    @Test
    void quartilesByNearestRank() {
        assertArrayEquals(new double[] {2, 3, 4}, InterleavedBuilds.quartiles(new double[] {5, 1, 4, 2, 3}));
        assertArrayEquals(new double[] {7, 7, 7}, InterleavedBuilds.quartiles(new double[] {7}));
        assertArrayEquals(new double[] {2, 2, 2}, InterleavedBuilds.quartiles(new double[] {3, 2, 1, 2}));
    }
}
