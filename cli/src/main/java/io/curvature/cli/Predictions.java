package io.curvature.cli;

import io.curvature.data.Dataset;

/** Predictions of a fitted model: the linear predictor, probabilities, classes. */
final class Predictions {

    private Predictions() {
    }

    /** Per row: the prediction, then (classifiers) the class probabilities. */
    static double[][] predict(ModelKind kind, Dataset data, double[] w) {
        int d = data.features();
        int k = kind == ModelKind.SOFTMAX ? w.length / d : 1;
        if (w.length != d * k) {
            throw new CliException(CliException.BAD_INPUT, "the model has " + w.length + " weights but the data has "
                    + d + " columns (intercept included)");
        }
        double[][] out = new double[(int) data.samples()][];
        for (int i = 0; i < data.samples(); i++) {
            double[] z = new double[k];
            for (int j = 0; j < d; j++) {
                double x = data.x().get(i, j);
                for (int c = 0; c < k; c++) {
                    z[c] += x * w[j * k + c];
                }
            }
            out[i] = switch (kind) {
                case LEAST_SQUARES -> new double[] {z[0]};
                case POISSON -> new double[] {Math.exp(z[0])};
                case LOGISTIC -> {
                    double p = 1 / (1 + Math.exp(-z[0]));
                    yield new double[] {p >= 0.5 ? 1 : 0, p};
                }
                case SOFTMAX -> softmax(z);
            };
        }
        return out;
    }

    private static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double[] out = new double[z.length + 1];
        double s = 0;
        int best = 0;
        for (int c = 0; c < z.length; c++) {
            out[c + 1] = Math.exp(z[c] - max);
            s += out[c + 1];
            if (z[c] > z[best]) {
                best = c;
            }
        }
        for (int c = 1; c <= z.length; c++) {
            out[c] /= s;
        }
        out[0] = best;
        return out;
    }

    /** The fraction of rows whose predicted class is the label. */
    static double accuracy(ModelKind kind, Dataset data, double[] w) {
        double[][] p = predict(kind, data, w);
        long hits = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i][0] == data.y().get(i)) {
                hits++;
            }
        }
        return (double) hits / p.length;
    }
}
