package io.curvature.spark;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The module's API documentation is complete and well-formed: {@code javadoc -Xdoclint:all} warns about nothing. */
class JavadocLintTest {

    @Test
    void theModuleHasNoDoclintWarnings() throws Exception {
        Path sources = Path.of(System.getProperty("user.dir")).resolve("src/main/java");
        List<String> args = new ArrayList<>(List.of("-quiet", "-Xdoclint:all", "-Xmaxwarns", "10000",
                "--add-modules", "jdk.incubator.vector", "-d", Files.createTempDirectory("javadoc-lint").toString(),
                "-cp", System.getProperty("java.class.path")));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(args::add);
        }
        StringWriter log = new StringWriter();
        PrintWriter w = new PrintWriter(log);
        int code = ToolProvider.findFirst("javadoc").orElseThrow().run(w, w, args.toArray(String[]::new));
        w.flush();
        List<String> warnings = log.toString().lines()
                .filter(l -> l.contains("warning:") || l.contains("error:"))
                .filter(l -> !l.contains("[incubating]"))
                .toList();
        assertEquals(List.of(), warnings, "javadoc exit " + code);
        assertEquals(0, code, log.toString());
    }
}
