package io.curvature.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The reference data copied from {@code ../shared/data} into the test resources. */
public final class SharedData {

    private SharedData() {
    }

    /** The path of test resource {@code data/name}. */
    public static Path path(String name) {
        try {
            var url = SharedData.class.getResource("/data/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no test resource data/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
