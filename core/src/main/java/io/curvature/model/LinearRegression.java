package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.objective.SparseGlm;
import io.curvature.optim.Result;

/**
 * Least squares with an L2 penalty (ridge; docs/math.md 1.1): {@code f(w) = (1/2n) ||X w - y||^2 + (lambda/2) ||w||^2}.
 * Any finite targets.
 *
 * <pre>{@code RegressionModel m = new LinearRegression().lambda(1e-6).fit(x, y);
 * double yHat = m.predict(row);}</pre>
 */
public final class LinearRegression extends Estimator<RegressionModel, LinearRegression> {

    /** An estimator with the defaults: {@code lambda = 1e-4}, an intercept, method {@code auto}. */
    public LinearRegression() {
    }

    @Override
    double[] classes(Dataset data) {
        return null;
    }

    @Override
    Objective objective(Dataset data, double lambda, double[] classes) {
        return data.isSparse() ? new SparseGlm(data, GlmLoss.LEAST_SQUARES, lambda, threads())
                : new Glm(data, GlmLoss.LEAST_SQUARES, lambda, options().kernels(), threads());
    }

    @Override
    RegressionModel model(int features, String[] names, double[] w, double[] classes, FitOptions options,
                          FitReport report, Result result) {
        return new RegressionModel(ModelKind.LEAST_SQUARES, features, names, w, options, report, result);
    }
}
