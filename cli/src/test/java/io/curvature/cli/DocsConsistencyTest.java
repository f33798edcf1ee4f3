package io.curvature.cli;

import io.curvature.optim.Method;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documents and the code agree: every section of {@code docs/math.md} and {@code docs/performance.md} that
 * the code cites exists, every package {@code docs/architecture.md} names exists, the README's methods table
 * is the {@link Method} registry, and the result folder keeps only what the documents cite.
 */
class DocsConsistencyTest {

    private static final Path ROOT = ReadmeExampleTest.ROOT;
    private static final List<String> MODULES = List.of("core", "ffi-lapack", "cli", "jmh", "spark");
    private static final Pattern MATH_CITATION = Pattern.compile("docs/math\\.md\\}?,?[\\s*]+(?:section\\s+)?(\\d+(?:\\.\\d+)?)");
    private static final Pattern PERFORMANCE_CITATION = Pattern.compile("docs/performance\\.md\\}?,[\\s*]+\"([^\"]+)\"");
    private static final Pattern PACKAGE = Pattern.compile("io\\.curvature(?:\\.[a-z][a-z0-9]*)+");
    private static final Pattern RESULT_FILE = Pattern.compile("bench-results/[A-Za-z0-9_./=:-]+\\.(?:json|png)");

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every Java source of the modules, main and test. */
    private static List<Path> sources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String module : MODULES) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(module).resolve("src"))) {
                s.filter(p -> p.toString().endsWith(".java")).forEach(out::add);
            }
        }
        return out;
    }

    /** The headings of a Markdown file, without the leading #s. */
    private static Set<String> headings(Path md) {
        Set<String> out = new TreeSet<>();
        for (String line : read(md).split("\n")) {
            if (line.startsWith("#")) {
                out.add(line.replaceFirst("^#+\\s*", "").strip());
            }
        }
        return out;
    }

    /** Whether {@code section} ("2.7", "5") numbers a heading of math.md. */
    private static boolean hasMathSection(Set<String> headings, String section) {
        String prefix = section.contains(".") ? section + " " : section + ". ";
        return headings.stream().anyMatch(h -> h.startsWith(prefix));
    }

    @Test
    void everyCitedSectionExists() throws IOException {
        Set<String> math = headings(ROOT.resolve("docs/math.md"));
        Set<String> performance = headings(ROOT.resolve("docs/performance.md"));
        List<String> missing = new ArrayList<>();
        int citations = 0;
        for (Path source : sources()) {
            String text = read(source);
            Matcher m = MATH_CITATION.matcher(text);
            while (m.find()) {
                citations++;
                if (!hasMathSection(math, m.group(1))) {
                    missing.add(ROOT.relativize(source) + ": docs/math.md " + m.group(1));
                }
            }
            Matcher p = PERFORMANCE_CITATION.matcher(text);
            while (p.find()) {
                citations++;
                if (!performance.contains(p.group(1))) {
                    missing.add(ROOT.relativize(source) + ": docs/performance.md \"" + p.group(1) + "\"");
                }
            }
        }
        assertTrue(citations > 30, "the code cites the docs (" + citations + " citations found)");
        assertEquals(List.of(), missing, "cited sections that do not exist");
        for (Method method : Method.values()) {
            assertTrue(hasMathSection(math, method.mathSection()), method + " cites section " + method.mathSection());
        }
        assertFalse(hasMathSection(math, "9.9"), "a section that does not exist is reported missing");
    }

    @Test
    void architectureNamesOnlyPackagesThatExist() {
        Matcher m = PACKAGE.matcher(read(ROOT.resolve("docs/architecture.md")));
        Set<String> named = new TreeSet<>();
        while (m.find()) {
            named.add(m.group());
        }
        assertTrue(named.size() >= 8, "packages named: " + named);
        List<String> missing = new ArrayList<>();
        for (String pkg : named) {
            String dir = "src/main/java/" + pkg.replace('.', '/');
            if (MODULES.stream().noneMatch(module -> Files.isDirectory(ROOT.resolve(module).resolve(dir)))) {
                missing.add(pkg);
            }
        }
        assertEquals(List.of(), missing, "packages named in docs/architecture.md that no module has");
    }

    @Test
    void readmeMethodsTableIsTheRegistry() {
        List<String> rows = new ArrayList<>();
        for (String line : read(ROOT.resolve("README.md")).split("\n")) {
            if (line.matches("\\| `[a-z][a-z0-9-]*` \\|.*")) {
                rows.add(line.strip());
            }
        }
        List<String> expected = new ArrayList<>();
        for (Method m : Method.values()) {
            expected.add("| `" + m.cliName() + "` | " + m.description() + " | " + m.mathSection() + " |");
        }
        assertEquals(expected, rows, "the README's methods table, generated from Method");
    }

    private static Set<String> citedFiles(String... docs) {
        Set<String> cited = new TreeSet<>();
        for (String doc : docs) {
            Matcher m = RESULT_FILE.matcher(read(ROOT.resolve(doc)));
            while (m.find()) {
                cited.add(m.group());
            }
        }
        return cited;
    }

    @Test
    void benchResultsHoldExactlyTheCitedFiles() throws IOException {
        Set<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.walk(ROOT.resolve("bench-results"))) {
            s.filter(Files::isRegularFile).map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("bench-results/README.md"))
                    .forEach(present::add);
        }
        assertEquals(present, citedFiles("README.md", "docs/performance.md"),
                "bench-results/ holds exactly the result files the README and docs/performance.md cite");
        assertEquals(present, citedFiles("bench-results/README.md"), "the index of bench-results/ lists every file");
    }

    @Test
    void readmeStaysAUsersPage() throws IOException {
        long bytes = Files.size(ROOT.resolve("README.md"));
        assertTrue(bytes <= 10_240, "README.md is " + bytes + " bytes; figures and history belong in docs/");
    }
}
