package io.curvature.jmh.experiments;

import io.curvature.jmh.testing.CaseFiles;
import io.curvature.kernel.KernelProvider;
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

class InterleavedFitsTest {

    @TempDir
    Path dir;

    private String[] data() {
        return CaseFiles.logistic(dir, 80, 11);
    }

    private static String coreBuild() throws Exception {
        return Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InterleavedFits.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoCopiesOfOneBuildGiveAMedianPerBuildAndARatioLine() throws Exception {
        String[] d = data();
        String build = coreBuild();
        String out = run(d[0], d[1], "logistic", "1e-3", "newton", "3", "5", build, build);
        assertTrue(out.startsWith("newton fits, logistic, lambda = 1e-3: 3 rounds of 5 ms per build, interleaved"), out);
        assertEquals(2, Pattern.compile("(?m)^\\S+ +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d{3}$").matcher(out)
                .results().count(), out);
        assertTrue(Pattern.compile("time: median ratio \\d+\\.\\d{3} \\(quartiles").matcher(out).find(), out);
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        String[] d = data();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> run(d[0], d[1], "logistic", "1e-3", "newton", "1", "1", "/no/such/build"));
        assertEquals("build not found: /no/such/build", missing.getMessage());
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
                () -> run(d[0], d[1], "logistic", "1e-3", "newton", "0", "1", coreBuild()));
        assertEquals("ROUNDS and SLICE_MS must be positive", rounds.getMessage());
    }
}
