package io.curvature.ffi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the library path pointed at nothing, a JVM starts, warns once, and uses the Java implementation. */
class NativeFallbackTest {

    /** Run in the child JVM: prints the provider chosen. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("provider=" + io.curvature.linalg.LinearAlgebra.provider().name());
            System.out.println("reason=" + io.curvature.linalg.LinearAlgebra.reason());
        }
    }

    @Test
    void missingLibraryFallsBackToJavaAndSaysSo() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dcurvature.lapack.library=/nonexistent/libnothing.so",
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("provider=java"), out);
        assertTrue(out.contains("reason=native unavailable: cannot load /nonexistent/libnothing.so"), out);
        long warnings = out.lines().filter(l -> l.contains("native LAPACK unavailable")).count();
        assertEquals(1, warnings, "one warning line:\n" + out);
    }

    @Test
    void loadingNothingReportsWhy() {
        NativeLibrary.Loaded l = NativeLibrary.load("/nonexistent/libnothing.so");
        assertFalse(l.available());
        assertTrue(l.failure().startsWith("cannot load /nonexistent/libnothing.so"), l.failure());
    }
}
