package io.curvature.jmh.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command behind the benchmark scripts: {@code metadata SUITE OUT.json [FLAGS...]},
 * {@code merge OUT.json IN.json...}, {@code compare [--plot OUT.png] A.json B.json...}. Errors are one line
 * on stderr and exit code 2.
 */
public final class BenchTools {

    private BenchTools() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        try {
            run(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("compare-runs: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: metadata SUITE OUT.json [FLAGS...] | merge OUT.json IN.json... | "
                    + "compare [--plot OUT.png] A.json B.json...");
        }
        switch (args[0]) {
            case "metadata" -> {
                need(args, 3);
                String flags = String.join(" ", List.of(args).subList(3, args.length));
                write(Path.of(args[2]), BenchMetadata.collect(args[1], flags));
            }
            case "merge" -> {
                need(args, 3);
                List<Path> in = new ArrayList<>();
                for (int i = 2; i < args.length; i++) {
                    in.add(Path.of(args[i]));
                }
                write(Path.of(args[1]), JmhResults.merge(in));
            }
            case "compare" -> {
                Path png = null;
                List<Path> files = new ArrayList<>();
                for (int i = 1; i < args.length; i++) {
                    if (args[i].equals("--plot") && i + 1 < args.length) {
                        png = Path.of(args[++i]);
                    } else {
                        files.add(Path.of(args[i]));
                    }
                }
                CompareRuns.compare(files, System.out, png);
            }
            default -> throw new IllegalArgumentException("unknown command '" + args[0] + "' (metadata, merge, compare)");
        }
    }

    private static void need(String[] args, int n) {
        if (args.length < n) {
            throw new IllegalArgumentException(args[0] + " needs " + (n - 1) + " arguments or more");
        }
    }

    private static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JmhResults.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
