package io.curvature.model;

import io.curvature.data.DataFiles;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.Objective;
import io.curvature.optim.IterationListener;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * What the four estimators share: fluent settings (penalty, intercept, method, stopping rule, threads), the
 * preparation of the data (label coding, the intercept column) and the fit itself. Configure, then
 * {@code fit}; fitting is safe from several threads at once (each fit has its own objective and workspace)
 * as long as the settings do not change meanwhile.
 *
 * @param <M> the fitted model
 * @param <E> the estimator itself, for fluent setters
 */
public abstract sealed class Estimator<M extends LinearModel, E extends Estimator<M, E>>
        permits LinearRegression, LogisticRegression, PoissonRegression, SoftmaxRegression {

    /** The default L2 penalty, as the command line's {@code --lambda}. */
    public static final double DEFAULT_LAMBDA = 1e-4;

    private double lambda = DEFAULT_LAMBDA;
    private double c = Double.NaN;
    private boolean fitIntercept = true;
    private Method method = Method.AUTO;
    private Options options;
    private int threads = Runtime.getRuntime().availableProcessors();

    Estimator() {
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    /**
     * The L2 penalty {@code lambda} of {@code f(w) = (1/n) sum_i loss_i + (lambda/2) ||w||^2} (docs/math.md 1.1;
     * the intercept is not penalized). Default {@value #DEFAULT_LAMBDA}.
     *
     * @throws IllegalArgumentException unless finite and {@code >= 0}
     * @param value the penalty
     * @return this estimator
     */
    public E lambda(double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + value);
        }
        lambda = value;
        c = Double.NaN;
        return self();
    }

    /**
     * The penalty as scikit-learn's and LIBLINEAR's {@code C}, which weighs the summed loss against
     * {@code ||w||^2 / 2}: the same optimum as {@code lambda = 1 / (n C)} for {@code n} training rows.
     *
     * @throws IllegalArgumentException unless finite and {@code > 0}
     * @param value the inverse penalty
     * @return this estimator
     */
    public E C(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("C must be finite and > 0, got " + value);
        }
        c = value;
        return self();
    }

    /**
     * Whether to fit an unpenalized intercept (default {@code true}).
     *
     * @param value {@code false} for a model through the origin
     * @return this estimator
     */
    public E fitIntercept(boolean value) {
        fitIntercept = value;
        return self();
    }

    /**
     * The optimization method (default {@link Method#AUTO}, which picks one from the problem's size and this machine).
     *
     * @param value the method
     * @return this estimator
     */
    public E method(Method value) {
        method = java.util.Objects.requireNonNull(value, "method");
        return self();
    }

    /**
     * Stop when {@code ||grad f||_inf <= value} (default {@link Options#DEFAULT_GTOL}).
     *
     * @param value the tolerance, {@code >= 0}
     * @return this estimator
     */
    public E gtol(double value) {
        options = options().withGtol(value);
        return self();
    }

    /**
     * The iteration budget (default 1000).
     *
     * @param value the most iterations, {@code >= 0}
     * @return this estimator
     */
    public E maxIterations(int value) {
        options = options().withMaxIterations(value);
        return self();
    }

    /**
     * A listener called after every iteration (progress, early stopping).
     *
     * @param value the listener, or {@code null} for none
     * @return this estimator
     */
    public E listener(IterationListener value) {
        options = options().withListener(value);
        return self();
    }

    /**
     * Threads for the data passes (default: available processors); any count gives the same bits.
     *
     * @param value threads, {@code >= 1}
     * @return this estimator
     */
    public E threads(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + value);
        }
        threads = value;
        return self();
    }

    /**
     * All optimizer options at once (stopping rules, monitoring, kernels, LAPACK), for what the setters above do not cover.
     *
     * @param value the options; later calls of the setters above change a copy
     * @return this estimator
     */
    public E options(Options value) {
        options = java.util.Objects.requireNonNull(value, "options");
        return self();
    }

    /** {@return the optimizer options in effect} */
    public Options options() {
        return options == null ? Options.defaults() : options;
    }

    /**
     * Fits to rows {@code x} (copied off-heap) and labels {@code y}.
     *
     * @throws IllegalArgumentException for ragged rows, sizes that disagree, a non-finite value (naming row and
     *                                  column) or labels the model cannot use
     * @throws FitFailedException       when the objective failed or became non-finite
     * @param x the rows, all of one length
     * @param y one label per row
     * @return the fitted model
     */
    public M fit(double[][] x, double[] y) {
        checkRows(x, y);
        try (Dataset data = Dataset.of(DenseMatrix.of(x), DenseVector.of(y))) {
            return fit(data);
        }
    }

    /**
     * Fits to a row-major matrix {@code x} of {@code y.length} rows and {@code columns} columns, read in place.
     *
     * @throws IllegalArgumentException as {@link #fit(double[][], double[])}
     * @throws FitFailedException       as {@link #fit(double[][], double[])}
     * @param x {@code y.length * columns} values, row after row (borrowed, not copied, with or without an intercept)
     * @param columns the features per row
     * @param y one label per row
     * @return the fitted model
     */
    public M fit(double[] x, int columns, double[] y) {
        if (columns < 1 || (long) y.length * columns != x.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, not " + y.length + " rows (one per label) of "
                    + columns + " columns");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x at row " + i / columns + ", column " + i % columns + " is " + x[i]);
            }
        }
        checkLabels(y);
        DenseMatrix borrowed = DenseMatrix.wrap(MemorySegment.ofArray(x), y.length, columns);
        try (Dataset data = Dataset.of(borrowed, DenseVector.of(y))) {
            return fit(data);
        }
    }

    /**
     * Fits to a CSV (label in the last column) or LIBSVM file (read sparse), by its name ({@link DataFiles#read(Path)}).
     *
     * @throws io.curvature.data.DataFormatException for bad content, naming file, line and column
     * @throws FitFailedException                    as {@link #fit(double[][], double[])}
     * @param file the data
     * @return the fitted model
     */
    public M fit(Path file) {
        try (Dataset data = DataFiles.read(file)) {
            return fit(data);
        }
    }

    /**
     * Fits to a data set, which stays the caller's (its {@code X} is read in place). A data set that already has
     * an intercept column is used as it is; otherwise, with {@link #fitIntercept}, one is added (for dense data an
     * implicit one: {@code X} is not copied).
     *
     * @throws IllegalArgumentException for labels the model cannot use, or an intercept column with
     *                                  {@code fitIntercept(false)}
     * @throws FitFailedException       when the objective failed or became non-finite
     * @param data the data, not closed by the fit
     * @return the fitted model
     */
    public M fit(Dataset data) {
        try {
            return fitUnguarded(data);
        } catch (InternalError e) {
            throw changedWhileMapped(e);
        }
    }

    private M fitUnguarded(Dataset data) {
        if (data.hasIntercept() && !fitIntercept) {
            throw new IllegalArgumentException("the data set has an intercept column but fitIntercept is false");
        }
        if (data.samples() == 0) {
            throw new IllegalArgumentException("the data set has no rows");
        }
        double used = Double.isNaN(c) ? lambda : 1.0 / (data.samples() * c);
        double[] classes = classes(data);
        Dataset coded = classes == null ? null : data.withTargets(Labels.encode(data.y(), classes));
        Dataset labelled = coded == null ? data : coded;
        Dataset work = fitIntercept && !data.hasIntercept() ? labelled.withIntercept() : labelled;
        try {
            Objective objective = objective(work, used, classes);
            Result r;
            try {
                r = Minimizer.minimize(objective, new double[objective.dimension()], method, options());
            } finally {
                if (objective instanceof AutoCloseable closeable) {
                    closeQuietly(closeable);
                }
            }
            if (r.status() == Status.OBJECTIVE_FAILED || r.status() == Status.NON_FINITE) {
                throw new FitFailedException(r);
            }
            String unbounded = noFiniteMinimum(work, used, r.w(), classes);
            if (unbounded != null) {
                throw new FitFailedException(r.withStatus(Status.NO_FINITE_MINIMUM, unbounded));
            }
            int features = data.features() - (data.hasIntercept() ? 1 : 0);
            String[] names = data.featureNames();
            if (names != null && names.length != features) {
                names = java.util.Arrays.copyOf(names, features);
            }
            return modelOf(r, used, features, names, classes);
        } finally {
            if (work != labelled) {
                work.close();
            }
            if (coded != null) {
                coded.close();
            }
        }
    }

    /**
     * The model of a run made outside this estimator on the objective it would fit: a distributed one
     * (curvature-spark's) or one a caller assembled. {@code r.w()} holds the weights as this estimator's objective
     * lays them out: one per feature, then the intercept when {@link #fitIntercept} is on (for softmax, that row per
     * class).
     *
     * @throws FitFailedException       when the run's objective failed or became non-finite
     * @throws IllegalArgumentException when {@code r.w()} has another number of weights, or {@code classes} does not
     *                                  suit the model (a classifier needs them; a regression takes {@code null})
     * @param r            the run
     * @param lambda       the penalty of its objective
     * @param features     the number of features, without the intercept
     * @param featureNames their names, or {@code null}
     * @param classes      a classifier's class values, ascending, coded {@code 0..K-1} in the objective; {@code null}
     *                     for a regression
     * @return the fitted model
     */
    public M modelOf(Result r, double lambda, int features, String[] featureNames, double[] classes) {
        if (r.status() == Status.OBJECTIVE_FAILED || r.status() == Status.NON_FINITE) {
            throw new FitFailedException(r);
        }
        FitOptions fo = new FitOptions(method, lambda, c, fitIntercept, options().gtol(), options().maxIterations(),
                threads);
        return model(features, featureNames, r.w(), classes, fo, FitReport.of(r), r);
    }

    /**
     * A memory-mapped file ({@code .npy}) truncated or rewritten during the fit makes the JVM report a fault in an
     * unsafe memory access: that is bad input, said as such.
     */
    private static RuntimeException changedWhileMapped(InternalError e) {
        if (String.valueOf(e.getMessage()).contains("unsafe memory access")) {
            return new io.curvature.data.DataFormatException("memory-mapped data", "the file changed or was truncated "
                    + "while it was being read; fit an unchanged copy", e);
        }
        throw e;
    }

    /** The classes of a classifier ({@code null} for a regression, whose labels are used as they are). */
    abstract double[] classes(Dataset data);

    /** The objective on the prepared data (labels coded, intercept column present when fitted). */
    abstract Objective objective(Dataset data, double lambda, double[] classes);

    /**
     * Why the objective on {@code data} has no finite minimizer, judged at the end {@code w} of a run, or
     * {@code null} when it has one (docs/models.md, "No finite minimum").
     */
    String noFiniteMinimum(Dataset data, double lambda, double[] w, double[] classes) {
        return null;
    }

    /** For the classifiers: the message when, without a penalty, the final weights separate every row. */
    static String separable(Dataset data, double lambda, double[] w, int outputs) {
        return lambda == 0 && everyRowSeparated(data, w, outputs)
                ? "the classes are separable: without a penalty the loss falls as the weights grow without bound, "
                + "and the run stopped only because the gradient fell below gtol" + USE_A_PENALTY
                : null;
    }

    /** Whether every row's coded label has the strictly largest linear predictor ({@code K} outputs, 1 = binary). */
    private static boolean everyRowSeparated(Dataset data, double[] w, int outputs) {
        int d = data.features();
        double[] z = new double[Math.max(2, outputs)];
        double[] row = new double[d];
        for (long i = 0; i < data.samples(); i++) {
            java.util.Arrays.fill(z, 0.0);
            data.rowInto(i, row);
            for (int j = 0; j < d; j++) {
                double x = row[j];
                for (int c = 0; c < outputs; c++) {
                    z[c] += x * w[j * outputs + c];
                }
            }
            int label = (int) data.y().get(i);
            if (outputs == 1) {
                if (label == 1 ? !(z[0] > 0) : !(z[0] < 0)) {
                    return false;
                }
            } else {
                for (int c = 0; c < outputs; c++) {
                    if (c != label && !(z[label] > z[c])) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The advice of every no-finite-minimum message. */
    static final String USE_A_PENALTY = "; fit with a penalty (lambda > 0, e.g. 1e-4)";

    /** The fitted model. */
    abstract M model(int features, String[] names, double[] w, double[] classes, FitOptions options, FitReport report,
                     Result result);

    int threads() {
        return threads;
    }

    private static void checkRows(double[][] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " labels");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null || x[i].length != x[0].length) {
                throw new IllegalArgumentException("ragged rows: row 0 has " + x[0].length + " columns, row " + i + " has "
                        + (x[i] == null ? "none" : x[i].length));
            }
            for (int j = 0; j < x[i].length; j++) {
                if (!Double.isFinite(x[i][j])) {
                    throw new IllegalArgumentException("x at row " + i + ", column " + j + " is " + x[i][j]);
                }
            }
        }
        checkLabels(y);
    }

    private static void checkLabels(double[] y) {
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y at row " + i + " is " + y[i]);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the objective failed", e);
        }
    }
}
