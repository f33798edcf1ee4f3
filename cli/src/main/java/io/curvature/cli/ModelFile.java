package io.curvature.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code model.json}: the fitted weights, the final {@code f}, the gradient norm, the status and the options. */
final class ModelFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    static void write(Path file, Map<String, Object> content) {
        try {
            JSON.writeValue(file.toFile(), content);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot write " + file + ": " + e.getMessage());
        }
    }

    static JsonNode read(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.has("weights") || !n.has("options")) {
                throw new CliException(CliException.BAD_INPUT, file + ": not a Curvature model (no weights or options)");
            }
            return n;
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
