package io.curvature.jmh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** JMH JSON result files ({@code -rf json}): read, keyed by benchmark and parameters, merged. */
final class JmhResults {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One measured score. */
    record Score(String benchmark, String params, double score, double error, String unit) {
    }

    private JmhResults() {
    }

    static JsonNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isArray()) {
                throw new IllegalArgumentException(file + ": not a JMH JSON result file (expected an array)");
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The scores of a file by {@code benchmark [params]}, in file order. */
    static Map<String, Score> scores(Path file) {
        Map<String, Score> out = new LinkedHashMap<>();
        for (JsonNode b : read(file)) {
            String name = b.path("benchmark").asText();
            if (name.isEmpty() || !b.has("primaryMetric")) {
                throw new IllegalArgumentException(file + ": an entry without benchmark or primaryMetric");
            }
            Map<String, String> params = new TreeMap<>();
            b.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            String p = params.toString();
            JsonNode pm = b.get("primaryMetric");
            double err = pm.path("scoreError").asDouble(Double.NaN);
            out.put(name + " " + p, new Score(name, p, pm.path("score").asDouble(), Double.isNaN(err) ? 0 : err,
                    pm.path("scoreUnit").asText()));
        }
        return out;
    }

    /** Concatenates result files into one array. */
    static ArrayNode merge(Iterable<Path> files) {
        ArrayNode all = JSON.createArrayNode();
        for (Path f : files) {
            read(f).forEach(all::add);
        }
        return all;
    }
}
