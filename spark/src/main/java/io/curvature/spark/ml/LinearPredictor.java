package io.curvature.spark.ml;

import io.curvature.model.ModelKind;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;

import java.io.Serializable;

/**
 * What a transform's user-defined functions need of a fitted model, shipped to the executors: the kind, the
 * coefficients and the intercept. The mean of the target comes from {@link ModelKind#mean}, as in the model itself.
 *
 * @param kind         the model
 * @param coefficients one per feature
 * @param intercept    the intercept (0 when none was fitted)
 * @param column       the features column, for messages
 */
record LinearPredictor(ModelKind kind, Vector coefficients, double intercept, String column) implements Serializable {

    LinearPredictor(ModelKind kind, double[] coefficients, double intercept, String column) {
        this(kind, Vectors.dense(coefficients.clone()), intercept, column);
    }

    /** The linear predictor {@code x . w + b}. */
    double linear(Vector x) {
        if (x == null) {
            throw new IllegalArgumentException("column '" + column + "': a feature vector is null");
        }
        if (x.size() != coefficients.size()) {
            throw new IllegalArgumentException("column '" + column + "': a feature vector has " + x.size()
                    + " entries, the model " + coefficients.size() + " features");
        }
        return coefficients.dot(x) + intercept;
    }

    /** The prediction: the class ({@code 0} or {@code 1}) of a logistic model, else the expected target. */
    double predict(Vector x) {
        double z = linear(x);
        return kind == ModelKind.LOGISTIC ? (z > 0 ? 1.0 : 0.0) : kind.mean(z);
    }

    /** A logistic model's class probabilities {@code [P(0), P(1)]}, as Spark MLlib's {@code probability} column. */
    Vector probabilities(Vector x) {
        double p = kind.mean(linear(x));
        return Vectors.dense(1 - p, p);
    }
}
