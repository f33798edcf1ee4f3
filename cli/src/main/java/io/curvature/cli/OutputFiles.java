package io.curvature.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checks the files a command will write before it does any work: none may be one of its inputs, and each must be
 * writable where it is named, so that a mistake costs a one-line error, not a fit's time or a user's data.
 */
final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * @param outputs option name to destination ({@code null} destinations are skipped)
     * @param inputs  the files the command reads
     */
    static void check(Map<String, Path> outputs, List<Path> inputs) {
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            Path out = e.getValue();
            if (out == null) {
                continue;
            }
            for (Path in : inputs) {
                if (same(out, in)) {
                    throw new CliException(CliException.BAD_INPUT, e.getKey() + " " + out
                            + " is an input of this run; writing it would destroy the data: choose another file");
                }
            }
            if (Files.isDirectory(out)) {
                throw new CliException(CliException.BAD_INPUT, "cannot write " + out + " (" + e.getKey() + "): it is a directory");
            }
            Path dir = out.toAbsolutePath().getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                throw new CliException(CliException.BAD_INPUT, "cannot write " + out + " (" + e.getKey() + "): no such directory");
            }
            if (!Files.isWritable(dir) || (Files.exists(out) && !Files.isWritable(out))) {
                throw new CliException(CliException.BAD_INPUT, "cannot write " + out + " (" + e.getKey() + "): permission denied");
            }
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing the names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
