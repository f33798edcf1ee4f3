package io.curvature.model;

import io.curvature.data.Dataset;
import io.curvature.optim.Result;

/**
 * A fitted logistic or softmax model: class probabilities and the most probable class, reported as the
 * original label values ({@link #classes()}, ascending). A binary model has one output (the log-odds of
 * {@code classes()[1]}), a softmax model one per class (docs/math.md 1.1, 1.2).
 */
public final class ClassificationModel extends LinearModel {

    private final double[] classes;

    ClassificationModel(ModelKind kind, int features, String[] featureNames, double[] weights, double[] classes,
                        FitOptions options, FitReport report, Result result) {
        super(kind, features, featureNames, weights, kind == ModelKind.LOGISTIC ? 1 : classCount(classes), options,
                report, result);
        if (!kind.isClassifier()) {
            throw new IllegalArgumentException(kind.fileName() + " is not a classifier");
        }
        int k = classCount(classes);
        if (kind == ModelKind.LOGISTIC ? k != 2 : k < 2) {
            throw new IllegalArgumentException(kind.fileName() + " cannot have " + classes.length + " classes");
        }
        this.classes = classes.clone();
    }

    private static int classCount(double[] classes) {
        if (classes == null) {
            throw new IllegalArgumentException("a classifier needs its class values");
        }
        return classes.length;
    }

    /** {@return the class values, ascending; probabilities are in this order} */
    public double[] classes() {
        return classes.clone();
    }

    /** {@return coefficients {@code [output][feature]}: one row for a binary model (for {@code classes()[1]}), else one per class} */
    public double[][] coefficients() {
        return coefficientRows();
    }

    /** {@return intercepts, one per output (zeros when none was fitted)} */
    public double[] intercept() {
        return intercepts();
    }

    /**
     * The linear predictors of row {@code x}: one value (the log-odds) for a binary model, one per class for softmax.
     *
     * @throws IllegalArgumentException for a row of the wrong length or with a non-finite value
     * @param x one row of {@link #features()} finite values
     * @return one value for a binary model, one per class for softmax
     */
    public double[] decisionFunction(double[] x) {
        double[] z = new double[outputs()];
        linearPredictor(x, z);
        return z;
    }

    /**
     * The probability of each class for row {@code x}, in {@link #classes()} order.
     *
     * @param x one row of {@link #features()} finite values
     * @return the probabilities, summing to 1
     */
    public double[] predictProbabilities(double[] x) {
        return probabilitiesOf(decisionFunction(x));
    }

    /** The class probabilities of linear predictors {@code z}, in place (logistic: a new array). */
    private double[] probabilitiesOf(double[] z) {
        if (kind() == ModelKind.LOGISTIC) {
            double p = ModelKind.LOGISTIC.mean(z[0]);
            return new double[] {1 - p, p};
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            s += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= s;
        }
        return z;
    }

    /**
     * {@link #predictProbabilities(double[])} per row; an error names the row.
     *
     * @param x rows of {@link #features()} finite values
     * @return one array of probabilities per row
     */
    public double[][] predictProbabilities(double[][] x) {
        return perRowArrays(x, this::probabilitiesOf);
    }

    /**
     * The most probable class of row {@code x} (the first of equals), as its original value.
     *
     * @param x one row of {@link #features()} finite values
     * @return one of {@link #classes()}
     */
    public double predict(double[] x) {
        return classOf(decisionFunction(x));
    }

    /** The most probable class of linear predictors {@code z}, the first of equals. */
    private double classOf(double[] z) {
        if (kind() == ModelKind.LOGISTIC) {
            return z[0] > 0 ? classes[1] : classes[0];
        }
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return classes[best];
    }

    /**
     * {@link #predict(double[])} per row; an error names the row.
     *
     * @param x rows of {@link #features()} finite values
     * @return one class per row
     */
    public double[] predict(double[][] x) {
        return perRow(x, this::classOf);
    }

    /**
     * {@link #predict(double[])} for every row of {@code data} (its intercept column, if any, ignored; sparse rows
     * over their stored entries, and may stop short of the model's last features).
     *
     * @param data rows with the model's feature count
     * @return one class per row
     */
    public double[] predict(Dataset data) {
        return perRow(data, this::classOf);
    }

    /**
     * {@link #predictProbabilities(double[])} for every row of {@code data}.
     *
     * @param data rows with the model's feature count
     * @return one array of probabilities per row
     */
    public double[][] predictProbabilities(Dataset data) {
        return perRowArrays(data, this::probabilitiesOf);
    }

    /**
     * The fraction of rows of {@code data} whose predicted class equals its label.
     *
     * @param data rows and their labels, in the training data's label values
     * @return the fraction in {@code [0, 1]} ({@code NaN} for no rows)
     */
    public double accuracy(Dataset data) {
        double[] p = predict(data);
        long hits = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == data.y().get(i)) {
                hits++;
            }
        }
        return p.length == 0 ? Double.NaN : (double) hits / p.length;
    }

    /**
     * A class value as users write it in their data: {@code 1} rather than {@code 1.0}, {@code 0.5} as is.
     *
     * @param v a class value
     * @return its text
     */
    public static String formatLabel(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
