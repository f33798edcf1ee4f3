package io.curvature.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.NpyReader;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Glm;

import java.util.Locale;

/** A reference GLM problem of the test resources ({@code data/*.ref.json}): the data, the objective and the known optimum. */
public final class ReferenceProblem implements AutoCloseable {

    public final JsonNode ref;
    public final Dataset data;
    public final Glm glm;
    public final double fStar;
    public final double[] wStar;

    public ReferenceProblem(String file, KernelChoice kernels, int threads) {
        ref = SharedData.reference(file);
        String name = ref.get("data").asText();
        Dataset raw = Dataset.of(NpyReader.readMatrix(SharedData.path(name + ".X.npy")),
                NpyReader.readVector(SharedData.path(name + ".y.npy")));
        if (ref.get("intercept").asBoolean()) {
            data = raw.withInterceptTakingOver();
        } else {
            data = raw;
        }
        glm = new Glm(data, GlmLoss.valueOf(ref.get("model").asText().toUpperCase(Locale.ROOT)),
                ref.get("lambda").asDouble(), kernels, threads);
        fStar = ref.get("f_star").asDouble();
        wStar = SharedData.doubles(ref.get("w_star"));
    }

    public static final String[] FILES = {
        "breast_cancer.logistic.lambda0.0001.intercept.ref.json",
        "breast_cancer.logistic.lambda0.001.ref.json",
        "diabetes.least_squares.lambda0.001.intercept.ref.json",
        "diabetes.poisson.lambda0.001.intercept.ref.json"};

    @Override
    public void close() {
        glm.close();
        data.close();
    }
}
