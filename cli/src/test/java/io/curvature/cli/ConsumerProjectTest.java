package io.curvature.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A separate application ({@code src/test/consumer}) compiled against the library artifacts this build made (the
 * core and ffi-lapack jars, or their class directories under {@code mvn test}) and run in its own JVM, once on the
 * class path and once on the module path, with the flags the README gives: it fits, saves, loads and predicts,
 * with the vector kernels and native LAPACK found in both layouts. On the module path the kernels and the linear
 * algebra are internal.
 */
class ConsumerProjectTest {

    private static final Path ROOT = ReadmeExampleTest.ROOT;
    private static final Path SOURCES = ROOT.resolve("cli/src/test/consumer");

    @TempDir
    Path dir;

    /** The artifact of {@code module}: its jar when packaged, else its classes. */
    private static Path artifact(String module) throws IOException {
        Path target = ROOT.resolve(module).resolve("target");
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("curvature-[a-z-]+-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElse(target.resolve("classes"));
        }
    }

    /** Jackson's jars, the library's one dependency, from this test's class path. */
    private static List<String> jackson() {
        List<String> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jackson")) {
                out.add(e);
            }
        }
        assertEquals(3, out.size(), "databind, core, annotations: " + out);
        return out;
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + "\n" + out);
        return out;
    }

    private static void assertFitted(String out) {
        assertTrue(out.contains("status CONVERGED_GRADIENT"), out);
        assertTrue(out.contains("predict 1.0 -1.0"), "original labels predicted after a save and load: " + out);
        assertTrue(out.contains("lapack native"), "the native provider is found as a service: " + out);
        assertTrue(out.contains("kernels vector"), "the vector kernels: " + out);
        assertFalse(out.contains("restricted method"), "native access is enabled by the documented flag: " + out);
    }

    @Test
    void aConsumerRunsOnTheClassPath() throws Exception {
        assertFitted(run(List.of(java(), "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", compiledOnTheClassPath(), "consumer.Consumer")));
    }

    /** The consumer compiled against the artifacts; returns the class path that runs it. */
    private String compiledOnTheClassPath() throws IOException {
        List<String> cp = new ArrayList<>(List.of(artifact("core").toString(), artifact("ffi-lapack").toString()));
        cp.addAll(jackson());
        Path classes = dir.resolve("classes");
        compile(List.of("-d", classes.toString(), "-cp", String.join(File.pathSeparator, cp),
                SOURCES.resolve("consumer/Consumer.java").toString()));
        cp.add(classes.toString());
        return String.join(File.pathSeparator, cp);
    }

    @Test
    void withoutTheVectorModuleOneWarningNamesTheFlag() throws Exception {
        String out = run(List.of(java(), "--enable-native-access=ALL-UNNAMED",
                "-Djava.util.logging.SimpleFormatter.format=%4$s: %5$s%n", "-cp", compiledOnTheClassPath(),
                "consumer.Consumer"));
        assertTrue(out.contains("kernels scalar"), out);
        List<String> warnings = out.lines().filter(l -> l.contains("jdk.incubator.vector")).toList();
        assertEquals(List.of("WARNING: Curvature: using the scalar kernels because jdk.incubator.vector is not loaded; "
                + "add --add-modules jdk.incubator.vector to the JVM flags for the vector kernels"), warnings);
    }

    @Test
    void aConsumerRunsOnTheModulePath() throws Exception {
        List<String> mp = new ArrayList<>(List.of(artifact("core").toString(), artifact("ffi-lapack").toString()));
        mp.addAll(jackson());
        Path classes = dir.resolve("mods/consumer");
        compile(List.of("-d", classes.toString(), "-p", String.join(File.pathSeparator, mp),
                SOURCES.resolve("module-info.java").toString(), SOURCES.resolve("consumer/Consumer.java").toString()));
        mp.add(classes.toString());
        // requires io.curvature.core brings jdk.incubator.vector; service binding resolves the native provider module
        assertFitted(run(List.of(java(), "--enable-native-access=io.curvature.ffi", "-p",
                String.join(File.pathSeparator, mp), "-m", "consumer/consumer.Consumer")));
    }

    @Test
    void theKernelsAndLinearAlgebraAreInternalOnTheModulePath() throws Exception {
        List<String> mp = new ArrayList<>(List.of(artifact("core").toString()));
        mp.addAll(jackson());
        Path src = Files.createDirectories(dir.resolve("src/internal"));
        Path descriptor = Files.writeString(dir.resolve("src/module-info.java"),
                "module internal { requires io.curvature.core; }");
        for (String type : List.of("kernel.Kernels", "linalg.Lapack")) {
            Path source = Files.writeString(src.resolve("Uses.java"),
                    "package internal; class Uses { io.curvature." + type + " x; }");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            // an empty class path: javac in this JVM would otherwise see the core classes on the test's
            int code = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-d",
                    dir.resolve("internal").toString(), "-cp", src.toString(), "-p", String.join(File.pathSeparator, mp),
                    descriptor.toString(), source.toString());
            String pkg = "io.curvature." + type.substring(0, type.indexOf('.'));
            assertEquals(1, code, err.toString());
            assertTrue(err.toString().contains("package " + pkg + " is declared in module io.curvature.core, "
                    + "which does not export it to module internal"), err.toString());
        }
    }

    private static void compile(List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "javac " + Arrays.toString(args.toArray()));
    }
}
