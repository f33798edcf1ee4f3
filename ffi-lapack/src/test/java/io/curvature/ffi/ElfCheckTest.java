package io.curvature.ffi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Damaged or foreign files named as the LAPACK library are refused before the dynamic loader maps them: a
 * truncated copy of the real library would otherwise kill the JVM with SIGBUS.
 */
class ElfCheckTest {

    @TempDir
    static Path dir;

    private static byte[] real;

    @BeforeAll
    static void findTheRealLibrary() throws IOException {
        NativeLibrary.Loaded l = NativeLibrary.load();
        assumeTrue(l.available(), "no native LAPACK on this machine");
        Path lib = Path.of(l.paths().get(0));
        assumeTrue(Files.isRegularFile(lib), "resolved library path " + lib);
        real = Files.readAllBytes(lib);
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A copy of the real library with {@code length} bytes at {@code at} replaced by {@code value} (little-endian). */
    private static byte[] patched(int at, int length, long value) {
        byte[] b = real.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        switch (length) {
            case 1 -> bb.put(at, (byte) value);
            case 2 -> bb.putShort(at, (short) value);
            default -> bb.putLong(at, value);
        }
        return b;
    }

    @Test
    void theRealLibraryPasses() throws IOException {
        assertNull(ElfCheck.problem(write("liblapacke.so", real)));
    }

    @Test
    void everyKindOfDamageIsNamed() throws IOException {
        assertEquals("truncated or damaged", prefix(ElfCheck.problem(write("half.so", Arrays.copyOf(real, real.length / 2)))));
        assertEquals("not an ELF shared library (10 bytes)", ElfCheck.problem(write("tiny.so", new byte[10])));
        assertEquals("not an ELF file", ElfCheck.problem(write("text.so",
                "this is not a library, just some text that is long enough to have a header".repeat(2)
                        .getBytes(StandardCharsets.UTF_8))));
        assertEquals("not a regular file", ElfCheck.problem(Files.createDirectories(dir.resolve("adir.so"))));
        assertEquals("no such file", ElfCheck.problem(dir.resolve("missing.so")));
        assertEquals("32-bit library for a 64-bit JVM", ElfCheck.problem(write("class.so", patched(4, 1, 1))));
        assertEquals("byte order does not match this machine", ElfCheck.problem(write("order.so", patched(5, 1, 2))));
        assertEquals("not a shared library (ELF type 2)", ElfCheck.problem(write("exec.so", patched(16, 2, 2))));
        int other = ElfCheck.machineOf(System.getProperty("os.arch")) == 62 ? 183 : 62;
        assertTrue(ElfCheck.problem(write("machine.so", patched(18, 2, other))).startsWith("built for ELF machine " + other),
                "foreign machine");
        assertEquals("truncated or damaged", prefix(ElfCheck.problem(write("phoff.so", patched(32, 8, real.length + 100L)))));
    }

    private static String prefix(String problem) {
        return problem == null ? null : problem.substring(0, Math.min(problem.length(), "truncated or damaged".length()));
    }

    @Test
    void aTruncatedLibraryFallsBackToJavaInsteadOfCrashing() throws Exception {
        Path half = write("liblapacke-truncated.so.3", Arrays.copyOf(real, real.length / 3));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dcurvature.lapack.library=" + half,
                "-cp", System.getProperty("java.class.path"), NativeFallbackTest.Probe.class.getName()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "the JVM survived:\n" + out);
        assertTrue(out.contains("provider=java"), out);
        assertTrue(out.contains("cannot load " + half + ": truncated or damaged"), out);
    }
}
