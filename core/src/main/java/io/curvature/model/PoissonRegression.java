package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import io.curvature.objective.SparseGlm;
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
        return data.isSparse() ? new SparseGlm(data, GlmLoss.POISSON, lambda, threads())
                : new Glm(data, GlmLoss.POISSON, lambda, options().kernels(), threads());
    }

    @Override
    String noFiniteMinimum(Dataset data, double lambda, double[] w, double[] classes) {
        boolean allZero = true;
        for (long i = 0; i < data.samples() && allZero; i++) {
            allZero = data.y().get(i) == 0;
        }
        if (allZero) {
            return lambda == 0 || data.hasIntercept()
                    ? "every count is 0: the likelihood keeps rising as the predicted means fall towards 0, so "
                    + (data.hasIntercept() ? "the unpenalized intercept" : "the weights") + " grow without bound"
                    + (data.hasIntercept() ? "; fit without an intercept and with lambda > 0, or add data with events"
                    : USE_A_PENALTY)
                    : null;
        }
        int column = lambda == 0 ? separatingColumn(data) : -1;
        return column < 0 ? null : "feature " + column + " is nonzero, with one sign, only where the count is 0: its "
                + "weight falls without bound as the predicted means there go to 0" + USE_A_PENALTY;
    }

    /**
     * A column (the intercept not counted) that is nonzero on some rows, all with a count of 0, and of one sign
     * there: moving its weight away from that sign lowers the loss forever. -1 if there is none.
     */
    private static int separatingColumn(Dataset data) {
        int d = data.features() - (data.hasIntercept() ? 1 : 0);
        int[] sign = new int[d]; // 0: no nonzero yet, +-1: the sign so far, 2: does not separate
        double[] row = new double[data.features()];
        for (long i = 0; i < data.samples(); i++) {
            data.rowInto(i, row);
            boolean event = data.y().get(i) != 0;
            for (int j = 0; j < d; j++) {
                if (row[j] != 0 && sign[j] != 2) {
                    int s = row[j] > 0 ? 1 : -1;
                    sign[j] = event || (sign[j] != 0 && sign[j] != s) ? 2 : s;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            if (sign[j] == 1 || sign[j] == -1) {
                return j;
            }
        }
        return -1;
    }

    @Override
    RegressionModel model(int features, String[] names, double[] w, double[] classes, FitOptions options,
                          FitReport report, Result result) {
        return new RegressionModel(ModelKind.POISSON, features, names, w, options, report, result);
    }
}
