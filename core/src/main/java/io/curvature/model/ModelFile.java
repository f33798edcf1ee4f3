package io.curvature.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.curvature.data.AtomicFiles;
import io.curvature.data.DataFormatException;
import io.curvature.optim.Method;
import io.curvature.optim.Status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The model file: one JSON object, schema version {@value #SCHEMA_VERSION} (docs/models.md). Written to a
 * temporary file beside the target and renamed into place, so a failed write leaves any previous file as it
 * was; read back with every key checked, so a damaged or hand-edited file is refused with the key named.
 */
final class ModelFile {

    static final String FORMAT = "curvature-model";
    static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFile() {
    }

    static void write(LinearModel m, Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("schema_version", SCHEMA_VERSION);
        root.put("kind", m.kind().fileName());
        root.put("features", m.features());
        String[] names = m.featureNames();
        if (names == null) {
            root.putNull("feature_names");
        } else {
            ArrayNode a = root.putArray("feature_names");
            for (String n : names) {
                a.add(n);
            }
        }
        if (m instanceof ClassificationModel cm) {
            ArrayNode a = root.putArray("classes");
            for (double v : cm.classes()) {
                a.add(v);
            }
        }
        root.put("fit_intercept", m.fitOptions().fitIntercept());
        ArrayNode coef = root.putArray("coefficients");
        for (double[] row : m.coefficientRows()) {
            ArrayNode r = coef.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        ArrayNode b = root.putArray("intercept");
        for (double v : m.intercepts()) {
            b.add(v);
        }
        FitOptions o = m.fitOptions();
        ObjectNode opts = root.putObject("options");
        opts.put("method", o.method().cliName());
        opts.put("lambda", o.lambda());
        if (Double.isNaN(o.c())) {
            opts.putNull("C");
        } else {
            opts.put("C", o.c());
        }
        opts.put("gtol", o.gtol());
        opts.put("max_iterations", o.maxIterations());
        opts.put("threads", o.threads());
        FitReport r = m.report();
        ObjectNode fit = root.putObject("fit");
        fit.put("status", r.status().name());
        fit.put("converged", r.converged());
        fit.put("message", r.message());
        fit.put("method", r.method().cliName());
        fit.put("path", r.path());
        fit.put("iterations", r.iterations());
        fit.put("f", r.f());
        fit.put("gradient_norm", r.gradNorm());
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the model: " + e.getMessage(), e);
        }
    }

    static LinearModel read(Path file) {
        String src = file.toString();
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new DataFormatException(src, "not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + src + ": " + e.getMessage(), e);
        }
        Reader in = new Reader(src);
        if (root == null || !root.isObject()) {
            throw in.bad("", "a model file is one JSON object");
        }
        if (!FORMAT.equals(in.text(root, "format"))) {
            throw in.bad("format", "expected \"" + FORMAT + "\": not a Curvature model file");
        }
        int version = in.integer(root, "schema_version", 1, Integer.MAX_VALUE);
        if (version != SCHEMA_VERSION) {
            throw in.bad("schema_version", "version " + version + " is not readable by this Curvature, which reads "
                    + SCHEMA_VERSION);
        }
        ModelKind kind;
        try {
            kind = ModelKind.byName(in.text(root, "kind"));
        } catch (IllegalArgumentException e) {
            throw in.bad("kind", e.getMessage());
        }
        int features = in.integer(root, "features", 1, Integer.MAX_VALUE - 1);
        String[] names = in.names(root, "feature_names", features);
        double[] classes = null;
        if (kind.isClassifier()) {
            classes = in.numbers(root, "classes", -1);
            int want = kind == ModelKind.LOGISTIC ? 2 : -1;
            if (want > 0 ? classes.length != want : classes.length < 2) {
                throw in.bad("classes", kind.fileName() + " needs " + (want > 0 ? "exactly 2" : "at least 2")
                        + " classes, found " + classes.length);
            }
            for (int c = 1; c < classes.length; c++) {
                if (!(classes[c] > classes[c - 1])) {
                    throw in.bad("classes", "class values must be distinct and ascending");
                }
            }
        } else if (root.has("classes") && !root.get("classes").isNull()) {
            throw in.bad("classes", "a " + kind.fileName() + " model has no classes");
        }
        int outputs = kind == ModelKind.SOFTMAX ? classes.length : 1;
        boolean intercept = in.bool(root, "fit_intercept");
        JsonNode coef = in.array(root, "coefficients", outputs);
        double[][] coefRows = new double[outputs][];
        for (int c = 0; c < outputs; c++) {
            coefRows[c] = in.numbers(coef, c, "coefficients[" + c + "]", features);
        }
        int rows = features + (intercept ? 1 : 0);
        double[] w = new double[Math.multiplyExact(rows, outputs)];
        for (int c = 0; c < outputs; c++) {
            for (int j = 0; j < features; j++) {
                w[j * outputs + c] = coefRows[c][j];
            }
        }
        double[] b = in.numbers(root, "intercept", outputs);
        for (int c = 0; c < outputs; c++) {
            if (intercept) {
                w[features * outputs + c] = b[c];
            } else if (b[c] != 0) {
                throw in.bad("intercept", "must be 0 when fit_intercept is false, found " + b[c]);
            }
        }
        JsonNode o = in.object(root, "options");
        double c = o.path("C").isNull() || o.path("C").isMissingNode() ? Double.NaN : in.number(o, "options.C", "C");
        FitOptions options = new FitOptions(in.method(o, "options.method"), in.nonNegative(o, "options.lambda", "lambda"),
                c, intercept, in.nonNegative(o, "options.gtol", "gtol"),
                in.integer(o, "max_iterations", 0, Integer.MAX_VALUE), in.integer(o, "threads", 1, 1 << 16));
        JsonNode f = in.object(root, "fit");
        Status status;
        try {
            status = Status.valueOf(in.text(f, "status"));
        } catch (IllegalArgumentException e) {
            throw in.bad("fit.status", "unknown status '" + f.get("status").asText() + "'");
        }
        FitReport report = new FitReport(status, in.text(f, "message"), in.method(f, "fit.method"), in.text(f, "path"),
                in.integer(f, "iterations", 0, Integer.MAX_VALUE), in.number(f, "fit.f", "f"),
                in.nonNegative(f, "fit.gradient_norm", "gradient_norm"));
        return kind.isClassifier()
                ? new ClassificationModel(kind, features, names, w, classes, options, report, null)
                : new RegressionModel(kind, features, names, w, options, report, null);
    }

    /** Typed access to keys, each failure a {@link DataFormatException} naming the file and the key. */
    private record Reader(String source) {

        DataFormatException bad(String key, String problem) {
            return new DataFormatException(source, key.isEmpty() ? problem : "key '" + key + "': " + problem);
        }

        JsonNode field(JsonNode parent, String key) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                throw bad(key, "missing");
            }
            return n;
        }

        String text(JsonNode parent, String key) {
            JsonNode n = field(parent, key);
            if (!n.isTextual()) {
                throw bad(key, "expected a string, found " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            return n.asText();
        }

        boolean bool(JsonNode parent, String key) {
            JsonNode n = field(parent, key);
            if (!n.isBoolean()) {
                throw bad(key, "expected true or false");
            }
            return n.asBoolean();
        }

        int integer(JsonNode parent, String key, int min, int max) {
            JsonNode n = field(parent, key);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
                throw bad(key, "expected an integer in " + min + ".." + max + ", found " + n);
            }
            return n.asInt();
        }

        double number(JsonNode parent, String name, String key) {
            JsonNode n = parent.get(key);
            if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw bad(name, "expected a finite number, found " + (n == null ? "nothing" : n.toString()));
            }
            return n.asDouble();
        }

        double nonNegative(JsonNode parent, String name, String key) {
            double v = number(parent, name, key);
            if (v < 0) {
                throw bad(name, "must be >= 0, found " + v);
            }
            return v;
        }

        Method method(JsonNode parent, String name) {
            String key = name.substring(name.indexOf('.') + 1);
            try {
                return Method.byName(text(parent, key));
            } catch (IllegalArgumentException e) {
                throw bad(name, e.getMessage());
            }
        }

        JsonNode object(JsonNode parent, String key) {
            JsonNode n = field(parent, key);
            if (!n.isObject()) {
                throw bad(key, "expected an object");
            }
            return n;
        }

        /** An array of {@code size} entries ({@code -1}: any size). */
        JsonNode array(JsonNode parent, String key, int size) {
            JsonNode n = field(parent, key);
            if (!n.isArray()) {
                throw bad(key, "expected an array");
            }
            if (size >= 0 && n.size() != size) {
                throw bad(key, "expected " + size + " entries, found " + n.size());
            }
            return n;
        }

        double[] numbers(JsonNode parent, String key, int size) {
            return values(array(parent, key, size), key);
        }

        double[] numbers(JsonNode array, int index, String name, int size) {
            JsonNode n = array.get(index);
            if (n == null || !n.isArray() || n.size() != size) {
                throw bad(name, "expected an array of " + size + " numbers");
            }
            return values(n, name);
        }

        private double[] values(JsonNode a, String key) {
            double[] v = new double[a.size()];
            Iterator<JsonNode> it = a.elements();
            for (int i = 0; it.hasNext(); i++) {
                JsonNode e = it.next();
                if (!e.isNumber() || !Double.isFinite(e.asDouble())) {
                    throw bad(key + "[" + i + "]", "expected a finite number, found " + e);
                }
                v[i] = e.asDouble();
            }
            return v;
        }

        String[] names(JsonNode parent, String key, int size) {
            JsonNode n = parent.get(key);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.isArray() || n.size() != size) {
                throw bad(key, "expected null or an array of " + size + " names");
            }
            String[] out = new String[size];
            for (int i = 0; i < size; i++) {
                if (!n.get(i).isTextual()) {
                    throw bad(key + "[" + i + "]", "expected a string");
                }
                out[i] = n.get(i).asText();
            }
            return out;
        }
    }
}
