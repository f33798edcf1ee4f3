package io.curvature.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The library modules' API documentation is complete and well-formed: {@code javadoc -Xdoclint:all} warns about nothing. */
class JavadocLintTest {

    @Test
    void theLibraryModulesHaveNoDoclintWarnings() throws Exception {
        Path root = ReadmeExampleTest.ROOT;
        List<String> modulePath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (e.contains("jackson")) {
                modulePath.add(e);
            }
        }
        Path out = java.nio.file.Files.createTempDirectory("javadoc-lint");
        ToolProvider javadoc = ToolProvider.findFirst("javadoc").orElseThrow();
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log);
        int code = javadoc.run(w, w, "-quiet", "-Xdoclint:all", "-Xmaxwarns", "10000", "-d", out.toString(),
                "-p", String.join(File.pathSeparator, modulePath),
                "--module-source-path", "io.curvature.core=" + root.resolve("core/src/main/java"),
                "--module-source-path", "io.curvature.ffi=" + root.resolve("ffi-lapack/src/main/java"),
                "--module", "io.curvature.core,io.curvature.ffi");
        w.flush();
        List<String> warnings = log.toString().lines()
                .filter(l -> l.contains("warning:") || l.contains("error:"))
                .filter(l -> !l.contains("[incubating]"))
                .toList();
        assertEquals(List.of(), warnings, "javadoc exit " + code);
        assertEquals(0, code, log.toString());
    }
}
