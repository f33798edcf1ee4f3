package io.curvature.spark.ml;

import io.curvature.model.ModelKind;
import io.curvature.objective.GlmLoss;

/**
 * Least squares (ridge with {@code regParam > 0}): any finite label. The model adds the linear predictor. Fitted by Curvature on a Spark data set ({@link GlmEstimator}).
 */
public final class CurvatureLinearRegression extends GlmEstimator<CurvatureLinearRegression> {

    private static final long serialVersionUID = 1L;

    /** An estimator with a fresh id and the defaults. */
    public CurvatureLinearRegression() {
        this(newUid("curvature-linear"));
    }

    /**
     * An estimator with the given id (Spark ML copies stages through this constructor).
     *
     * @param uid the id
     */
    public CurvatureLinearRegression(String uid) {
        super(uid);
    }

    @Override
    ModelKind kind() {
        return ModelKind.LEAST_SQUARES;
    }

    @Override
    GlmLoss loss() {
        return GlmLoss.LEAST_SQUARES;
    }

    @Override
    io.curvature.model.LinearRegression coreEstimator() {
        return new io.curvature.model.LinearRegression();
    }
}
