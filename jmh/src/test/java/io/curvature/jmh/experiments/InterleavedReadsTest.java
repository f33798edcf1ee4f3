package io.curvature.jmh.experiments;

import io.curvature.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterleavedReadsTest {

    @TempDir
    Path dir;

    private Path file() throws Exception {
        Path f = dir.resolve("small.svm");
        Files.writeString(f, "1 1:0.12345678901234567 3:-2.5e-3\n0 2:1.0000000000000002\n1 1:3 2:4 3:5\n");
        return f;
    }

    private static String coreBuild() throws Exception {
        return Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InterleavedReads.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoCopiesOfOneBuildGiveAMedianPerBuildAndARatioLine() throws Exception {
        String build = coreBuild();
        String out = run(file().toString(), "3", "5", build, build);
        assertTrue(out.startsWith("reads of small.svm: 3 rounds of 5 ms per build, interleaved"), out);
        assertEquals(2, Pattern.compile("(?m)^\\S+ +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d{3}$").matcher(out)
                .results().count(), out);
        assertTrue(Pattern.compile("time: median ratio \\d+\\.\\d{3} \\(quartiles").matcher(out).find(), out);
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        String f = file().toString();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> run(f, "1", "1", "/no/such/build"));
        assertEquals("build not found: /no/such/build", missing.getMessage());
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
                () -> run(f, "1", "0", coreBuild()));
        assertEquals("ROUNDS and SLICE_MS must be positive", rounds.getMessage());
    }
}
