package io.curvature.cli;

import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.kernel.Kernels;
import io.curvature.objective.Glm;
import io.curvature.objective.Objective;
import io.curvature.objective.Softmax;

import java.util.Locale;

/** The models the command line fits. */
enum ModelKind {
    LEAST_SQUARES("least-squares"),
    LOGISTIC("logistic"),
    POISSON("poisson"),
    SOFTMAX("softmax");

    final String cliName;

    ModelKind(String cliName) {
        this.cliName = cliName;
    }

    static ModelKind byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (ModelKind m : values()) {
            if (m.cliName.equals(key)) {
                return m;
            }
        }
        throw new CliException(CliException.BAD_INPUT, "unknown model '" + name
                + "' (least-squares, logistic, poisson or softmax)");
    }

    /** The model the labels suggest: labels all 0 or 1 mean logistic, anything else least squares. */
    static ModelKind infer(Dataset data) {
        boolean binary = true;
        for (long i = 0; i < data.samples() && binary; i++) {
            double v = data.y().get(i);
            binary = v == 0 || v == 1;
        }
        return binary ? LOGISTIC : LEAST_SQUARES;
    }

    boolean classifier() {
        return this == LOGISTIC || this == SOFTMAX;
    }

    Objective objective(Dataset data, double lambda, Kernels kernels, int threads) {
        try {
            return switch (this) {
                case LEAST_SQUARES -> new Glm(data, GlmLoss.LEAST_SQUARES, lambda, kernels, threads);
                case LOGISTIC -> new Glm(data, GlmLoss.LOGISTIC, lambda, kernels, threads);
                case POISSON -> new Glm(data, GlmLoss.POISSON, lambda, kernels, threads);
                case SOFTMAX -> new Softmax(data, Math.max(2, Softmax.classesOf(data)), lambda);
            };
        } catch (IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }
}
