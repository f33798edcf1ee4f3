package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.optim.Result;

/**
 * A fitted least-squares or Poisson model. {@link #predict} gives the expected target: the linear predictor
 * {@code x . w + b} for least squares, {@code exp(x . w + b)} for Poisson (docs/math.md 1.1).
 */
public final class RegressionModel extends LinearModel {

    RegressionModel(ModelKind kind, int features, String[] featureNames, double[] weights, FitOptions options,
                    FitReport report, Result result) {
        super(kind, features, featureNames, weights, 1, options, report, result);
        if (kind.isClassifier()) {
            throw new IllegalArgumentException(kind.fileName() + " is a classifier");
        }
    }

    /** {@return the coefficients, one per feature (a copy)} */
    public double[] coefficients() {
        return coefficientRows()[0];
    }

    /** {@return the intercept ({@code 0} when none was fitted)} */
    public double intercept() {
        return intercepts()[0];
    }

    /**
     * The linear predictor {@code x . w + b}.
     *
     * @throws IllegalArgumentException for a row of the wrong length or with a non-finite value
     * @param x one row of {@link #features()} finite values
     * @return {@code x . w + b}
     */
    public double decisionFunction(double[] x) {
        double[] z = new double[1];
        linearPredictor(x, z);
        return z[0];
    }

    /**
     * The expected target of row {@code x}: the linear predictor, or its exponential for Poisson.
     *
     * @param x one row of {@link #features()} finite values
     * @return the expected target
     */
    public double predict(double[] x) {
        return kind().mean(decisionFunction(x));
    }

    /**
     * {@link #predict(double[])} per row; an error names the row.
     *
     * @param x rows of {@link #features()} finite values
     * @return one prediction per row
     */
    public double[] predict(double[][] x) {
        return perRow(x, z -> kind().mean(z[0]));
    }

    /**
     * {@link #predict(double[])} for every row of {@code data} (its intercept column, if any, ignored; sparse rows
     * over their stored entries, and may stop short of the model's last features).
     *
     * @param data rows with the model's feature count
     * @return one prediction per row
     */
    public double[] predict(Dataset data) {
        return perRow(data, z -> kind().mean(z[0]));
    }
}
