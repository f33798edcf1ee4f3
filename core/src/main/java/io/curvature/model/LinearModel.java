package io.curvature.model;

import io.curvature.data.CsrMatrix;
import io.curvature.data.DataFormatException;
import io.curvature.data.Dataset;
import io.curvature.optim.Result;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A fitted linear model: immutable, safe to share between threads, saved and loaded as one JSON file
 * ({@link #save}, {@link #load}; the format is in docs/models.md). {@link RegressionModel} predicts numbers,
 * {@link ClassificationModel} classes and their probabilities.
 *
 * <p>Weights are kept in the optimizer's layout (docs/math.md 1.2): {@code w[j K + c]} for feature {@code j}
 * and output {@code c} of {@code K} outputs, the intercept as feature {@code d} when fitted.
 */
public abstract sealed class LinearModel permits RegressionModel, ClassificationModel {

    private final ModelKind kind;
    private final int features;
    private final String[] featureNames;
    private final double[] weights;
    private final int outputs;
    private final FitOptions options;
    private final FitReport report;
    private final Result result;

    LinearModel(ModelKind kind, int features, String[] featureNames, double[] weights, int outputs, FitOptions options,
                FitReport report, Result result) {
        int rows = features + (options.fitIntercept() ? 1 : 0);
        if (weights.length != (long) rows * outputs) {
            throw new IllegalArgumentException(weights.length + " weights for " + rows + " rows of " + outputs + " outputs");
        }
        this.kind = kind;
        this.features = features;
        this.featureNames = featureNames == null ? null : featureNames.clone();
        this.weights = weights.clone();
        this.outputs = outputs;
        this.options = options;
        this.report = report;
        this.result = result;
    }

    /** {@return the kind of model} */
    public ModelKind kind() {
        return kind;
    }

    /** {@return the number of features {@code d} a row must have (the intercept not counted)} */
    public int features() {
        return features;
    }

    /** {@return the feature names of the training data, or {@code null} when it had none} */
    public String[] featureNames() {
        return featureNames == null ? null : featureNames.clone();
    }

    /** {@return what the model was fitted with} */
    public FitOptions fitOptions() {
        return options;
    }

    /** {@return how the fit ended} */
    public FitReport report() {
        return report;
    }

    /** {@return the optimizer's full result (trace, evaluation counts) of a fit in this JVM; empty for a loaded model} */
    public Optional<Result> result() {
        return Optional.ofNullable(result);
    }

    /**
     * Writes the model file (to a temporary file in the same directory, then renamed into place).
     *
     * @param file where to write; an existing file is replaced only once the new one is complete
     */
    public void save(Path file) {
        ModelFile.write(this, file);
    }

    /**
     * Reads a model file, validated completely.
     *
     * @throws DataFormatException naming the file and the key for anything missing, malformed or inconsistent
     * @throws java.io.UncheckedIOException if the file cannot be read
     * @param file a model file written by {@link #save} or the command line's {@code fit --out}
     * @return the model: a {@link RegressionModel} or a {@link ClassificationModel}
     */
    public static LinearModel load(Path file) {
        return ModelFile.read(file);
    }

    /** The weights in the optimizer's layout (a copy). */
    double[] weights() {
        return weights.clone();
    }

    int outputs() {
        return outputs;
    }

    double weight(int row, int output) {
        return weights[row * outputs + output];
    }

    /** Coefficient rows {@code [output][feature]}, intercept excluded. */
    double[][] coefficientRows() {
        double[][] out = new double[outputs][features];
        for (int c = 0; c < outputs; c++) {
            for (int j = 0; j < features; j++) {
                out[c][j] = weight(j, c);
            }
        }
        return out;
    }

    /** Intercepts per output (zeros without an intercept). */
    double[] intercepts() {
        double[] b = new double[outputs];
        if (options.fitIntercept()) {
            for (int c = 0; c < outputs; c++) {
                b[c] = weight(features, c);
            }
        }
        return b;
    }

    /** {@code z = x W + b} into {@code z} (length {@link #outputs()}), {@code x} checked. */
    final void linearPredictor(double[] x, double[] z) {
        if (x == null || x.length != features) {
            throw new IllegalArgumentException("a row has " + (x == null ? "no" : x.length) + " values, the model "
                    + features + " features");
        }
        for (int c = 0; c < outputs; c++) {
            z[c] = options.fitIntercept() ? weight(features, c) : 0;
        }
        for (int j = 0; j < features; j++) {
            double v = x[j];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("feature " + j + " is " + v);
            }
            for (int c = 0; c < outputs; c++) {
                z[c] += v * weight(j, c);
            }
        }
    }

    /** The linear predictors of row {@code i} into {@code z}. */
    private interface RowDecision {
        void into(int i, double[] z);
    }

    /**
     * The linear predictors of the rows of {@code data}, its intercept column (if any) left out: dense rows as
     * {@link #linearPredictor}, sparse rows over their stored entries only (a sparse file may stop short of the
     * model's last features, whose values are then 0).
     */
    private RowDecision decisions(Dataset data) {
        int d = data.features() - (data.hasIntercept() ? 1 : 0);
        if (data.isSparse() ? d > features : d != features) {
            throw new IllegalArgumentException("the data has " + d + " feature columns, the model " + features);
        }
        if (data.isSparse()) {
            CsrMatrix x = data.sparseX();
            return (i, z) -> {
                for (int c = 0; c < outputs; c++) {
                    z[c] = options.fitIntercept() ? weight(features, c) : 0;
                }
                for (long k = x.rowStart(i), end = x.rowStart(i + 1L); k < end; k++) {
                    int j = x.column(k);
                    double v = x.value(k);
                    if (j >= d) {
                        continue; // a stored intercept column
                    }
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("feature " + j + " is " + v);
                    }
                    for (int c = 0; c < outputs; c++) {
                        z[c] += v * weight(j, c);
                    }
                }
            };
        }
        double[] full = new double[data.features()];
        double[] row = new double[features];
        return (i, z) -> {
            data.rowInto(i, full);
            System.arraycopy(full, 0, row, 0, features);
            linearPredictor(row, z);
        };
    }

    /** {@code rule} applied to the linear predictors of each row of {@code x}; an error names the row. */
    final double[] perRow(double[][] x, ToDoubleFunction<double[]> rule) {
        return perRow(x.length, (i, z) -> linearPredictor(x[i], z), rule);
    }

    /** {@code rule} applied to the linear predictors of each row of {@code data}; an error names the row. */
    final double[] perRow(Dataset data, ToDoubleFunction<double[]> rule) {
        return perRow(Math.toIntExact(data.samples()), decisions(data), rule);
    }

    /** {@code rule} applied to the linear predictors of each row of {@code x}, a new array each. */
    final double[][] perRowArrays(double[][] x, Function<double[], double[]> rule) {
        return perRowArrays(x.length, (i, z) -> linearPredictor(x[i], z), rule);
    }

    /** {@code rule} applied to the linear predictors of each row of {@code data}, a new array each. */
    final double[][] perRowArrays(Dataset data, Function<double[], double[]> rule) {
        return perRowArrays(Math.toIntExact(data.samples()), decisions(data), rule);
    }

    /** {@code rule} applied to the linear predictors of rows {@code 0..n-1}, one buffer; an error names the row. */
    private double[] perRow(int n, RowDecision decision, ToDoubleFunction<double[]> rule) {
        double[] out = new double[n];
        double[] z = new double[outputs];
        for (int i = 0; i < n; i++) {
            try {
                decision.into(i, z);
                out[i] = rule.applyAsDouble(z);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** {@code rule} applied to the linear predictors of rows {@code 0..n-1}, a new array each; errors name the row. */
    private double[][] perRowArrays(int n, RowDecision decision, Function<double[], double[]> rule) {
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            try {
                double[] z = new double[outputs];
                decision.into(i, z);
                out[i] = rule.apply(z);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("row " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
