package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.objective.Objective;
import io.curvature.objective.Softmax;
import io.curvature.optim.Result;

/**
 * Multinomial (softmax) regression over {@code K >= 2} classes (docs/math.md 1.2): any {@code K} distinct
 * label values, sorted; probabilities and predictions use them in that order.
 *
 * <pre>{@code ClassificationModel m = new SoftmaxRegression().fit(x, y);
 * double[] p = m.predictProbabilities(row); // one per m.classes()}</pre>
 */
public final class SoftmaxRegression extends Estimator<ClassificationModel, SoftmaxRegression> {

    /** An estimator with the defaults: {@code lambda = 1e-4}, an intercept, method {@code auto}. */
    public SoftmaxRegression() {
    }

    @Override
    double[] classes(Dataset data) {
        double[] classes = Labels.distinct(data.y(), "y");
        if (classes.length < 2) {
            throw new IllegalArgumentException("softmax regression needs labels of at least two classes, these have one: "
                    + Labels.list(classes));
        }
        return classes;
    }

    /**
     * As {@link Estimator#fit(Dataset)}; sparse data through a dense copy, freed after the fit (the softmax objective
     * reads dense rows).
     *
     * @throws IllegalArgumentException as there, or when the dense copy of sparse data would not fit in memory
     */
    @Override
    public ClassificationModel fit(Dataset data) {
        if (data.isSparse()) {
            try (Dataset dense = data.toDense()) {
                return super.fit(dense);
            }
        }
        return super.fit(data);
    }

    @Override
    Objective objective(Dataset data, double lambda, double[] classes) {
        return new Softmax(data, classes.length, lambda);
    }

    @Override
    String noFiniteMinimum(Dataset data, double lambda, double[] w, double[] classes) {
        return separable(data, lambda, w, classes.length);
    }

    @Override
    ClassificationModel model(int features, String[] names, double[] w, double[] classes, FitOptions options,
                              FitReport report, Result result) {
        return new ClassificationModel(ModelKind.SOFTMAX, features, names, w, classes, options, report, result);
    }
}
