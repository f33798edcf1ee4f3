package io.curvature.jmh.experiments;

import io.curvature.jmh.testing.CaseFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitLoopTest {

    @TempDir
    Path dir;

    private String[] data() {
        return CaseFiles.logistic(dir, 60, 7);
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FitLoop.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsALineForEveryMethodAndTheTimeOutsideTheObjectiveWhenSplit() {
        String[] d = data();
        String plain = run(d[0], d[1], "logistic", "1e-3", "auto,newton", "0.2");
        assertTrue(Pattern.compile("(?m)^\\d+ rounds; the later \\d+ per method:$").matcher(plain).find(), plain);
        assertTrue(Pattern.compile("(?m)^auto +median \\d+\\.\\d{3} ms \\(p10 \\d+\\.\\d{3}, p90 \\d+\\.\\d{3}\\)$")
                .matcher(plain).find(), plain);
        assertTrue(Pattern.compile("(?m)^newton +median ").matcher(plain).find(), plain);
        String split = run(d[0], d[1], "logistic", "1e-3", "newton,lbfgs", "0.2", "split");
        assertTrue(Pattern.compile("(?m)^lbfgs +median .*; outside the objective median \\d+\\.\\d{3} ms")
                .matcher(split).find(), split);
    }

    @Test
    void badArgumentsAreNamed() {
        String[] d = data();
        assertEquals("split times a wrapped objective, for which auto plans differently",
                assertThrows(IllegalArgumentException.class,
                        () -> run(d[0], d[1], "logistic", "1e-3", "auto", "0.1", "split")).getMessage());
        assertEquals("the last argument may only be 'split', not 'splot'",
                assertThrows(IllegalArgumentException.class,
                        () -> run(d[0], d[1], "logistic", "1e-3", "newton", "0.1", "splot")).getMessage());
        assertEquals("SECONDS must be positive", assertThrows(IllegalArgumentException.class,
                () -> run(d[0], d[1], "logistic", "1e-3", "newton", "0")).getMessage());
    }

    @Test
    void summaryIsTheLaterHalfsMedianAndPercentiles() {
        long[] nanos = {9_000_000, 9_000_000, 1_000_000, 2_000_000, 3_000_000, 0};
        assertEquals("median 2.000 ms (p10 1.000, p90 3.000)", FitLoop.summary(nanos, 5));
    }
}
