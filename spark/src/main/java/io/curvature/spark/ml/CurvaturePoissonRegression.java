package io.curvature.spark.ml;

import io.curvature.model.ModelKind;
import io.curvature.objective.GlmLoss;

/**
 * Poisson regression with the log link: labels are counts {@code >= 0}. The model adds the expected count {@code exp(x . w + b)}. Fitted by Curvature on a Spark data set ({@link GlmEstimator}).
 */
public final class CurvaturePoissonRegression extends GlmEstimator<CurvaturePoissonRegression> {

    private static final long serialVersionUID = 1L;

    /** An estimator with a fresh id and the defaults. */
    public CurvaturePoissonRegression() {
        this(newUid("curvature-poisson"));
    }

    /**
     * An estimator with the given id (Spark ML copies stages through this constructor).
     *
     * @param uid the id
     */
    public CurvaturePoissonRegression(String uid) {
        super(uid);
    }

    @Override
    ModelKind kind() {
        return ModelKind.POISSON;
    }

    @Override
    GlmLoss loss() {
        return GlmLoss.POISSON;
    }

    @Override
    io.curvature.model.PoissonRegression coreEstimator() {
        return new io.curvature.model.PoissonRegression();
    }
}
