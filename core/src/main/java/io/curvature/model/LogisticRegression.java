package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.objective.SparseGlm;
import io.curvature.optim.Result;

/**
 * Binary logistic regression (docs/math.md 1.1). The labels may be any two distinct values ({@code 0/1},
 * {@code -1/+1}, {@code 3/7}): the larger is the positive class, and predictions report the original values.
 *
 * <pre>{@code ClassificationModel m = new LogisticRegression().fit(x, y);
 * double label = m.predict(row);
 * double[] p = m.predictProbabilities(row);}</pre>
 */
public final class LogisticRegression extends Estimator<ClassificationModel, LogisticRegression> {

    /** An estimator with the defaults: {@code lambda = 1e-4}, an intercept, method {@code auto}. */
    public LogisticRegression() {
    }

    @Override
    double[] classes(Dataset data) {
        double[] classes = Labels.distinct(data.y(), "y");
        if (classes.length != 2) {
            throw new IllegalArgumentException("logistic regression needs labels of exactly two classes, these have "
                    + classes.length + ": " + Labels.list(classes)
                    + (classes.length > 2 ? " (SoftmaxRegression fits more than two)" : ""));
        }
        return classes;
    }

    @Override
    Objective objective(Dataset data, double lambda, double[] classes) {
        return data.isSparse() ? new SparseGlm(data, GlmLoss.LOGISTIC, lambda, threads())
                : new Glm(data, GlmLoss.LOGISTIC, lambda, options().kernels(), threads());
    }

    @Override
    String noFiniteMinimum(Dataset data, double lambda, double[] w, double[] classes) {
        return separable(data, lambda, w, 1);
    }

    @Override
    ClassificationModel model(int features, String[] names, double[] w, double[] classes, FitOptions options,
                              FitReport report, Result result) {
        return new ClassificationModel(ModelKind.LOGISTIC, features, names, w, classes, options, report, result);
    }
}
