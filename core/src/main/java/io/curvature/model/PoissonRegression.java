package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.optim.Result;

/**
 * Poisson regression with the log link (docs/math.md 1.1), for counts {@code y >= 0}: the model predicts the
 * mean {@code exp(x . w + b)}.
 *
 * <pre>{@code RegressionModel m = new PoissonRegression().fit(x, counts);
 * double mean = m.predict(row);}</pre>
 */
public final class PoissonRegression extends Estimator<RegressionModel, PoissonRegression> {

    /** An estimator with the defaults: {@code lambda = 1e-4}, an intercept, method {@code auto}. */
    public PoissonRegression() {
    }

    @Override
    double[] classes(Dataset data) {
        return null;
    }

    @Override
    Objective objective(Dataset data, double lambda, double[] classes) {
        return new Glm(data, GlmLoss.POISSON, lambda, options().kernels(), threads());
    }

    @Override
    RegressionModel model(int features, String[] names, double[] w, double[] classes, FitOptions options,
                          FitReport report, Result result) {
        return new RegressionModel(ModelKind.POISSON, features, names, w, options, report, result);
    }
}
