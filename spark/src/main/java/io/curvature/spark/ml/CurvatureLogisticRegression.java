package io.curvature.spark.ml;

import io.curvature.model.ModelKind;
import io.curvature.objective.GlmLoss;

/**
 * Binary logistic regression: labels 0 or 1, as Spark MLlib's. The model adds the predicted class and the class probabilities. Fitted by Curvature on a Spark data set ({@link GlmEstimator}).
 */
public final class CurvatureLogisticRegression extends GlmEstimator<CurvatureLogisticRegression> {

    private static final long serialVersionUID = 1L;

    /** An estimator with a fresh id and the defaults. */
    public CurvatureLogisticRegression() {
        this(newUid("curvature-logistic"));
    }

    /**
     * An estimator with the given id (Spark ML copies stages through this constructor).
     *
     * @param uid the id
     */
    public CurvatureLogisticRegression(String uid) {
        super(uid);
    }

    @Override
    ModelKind kind() {
        return ModelKind.LOGISTIC;
    }

    @Override
    GlmLoss loss() {
        return GlmLoss.LOGISTIC;
    }

    @Override
    io.curvature.model.LogisticRegression coreEstimator() {
        return new io.curvature.model.LogisticRegression();
    }
}
