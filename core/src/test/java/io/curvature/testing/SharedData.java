package io.curvature.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The reference data sets with independently computed optima, kept in this module's test resources ({@code src/test/resources/data}). */
public final class SharedData {

    private SharedData() {
    }

    /**
     * The path of test resource {@code data/name}: the file itself, or, when the resource sits in a jar
     * (another module's tests use core's test jar), a copy in a temporary directory, since the readers
     * memory-map files.
     */
    public static Path path(String name) {
        var url = SharedData.class.getResource("/data/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource data/" + name);
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = extracted().resolve(name);
            if (!Files.exists(copy)) {
                try (var in = url.openStream()) {
                    Files.copy(in, copy);
                }
            }
            return copy;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path extractDir;

    private static synchronized Path extracted() throws IOException {
        if (extractDir == null) {
            extractDir = Files.createTempDirectory("curvature-test-data");
            extractDir.toFile().deleteOnExit();
        }
        return extractDir;
    }

    /** A parsed {@code *.ref.json}. */
    public static JsonNode reference(String name) {
        try {
            return new ObjectMapper().readTree(path(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of numbers as {@code double[]}. */
    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
