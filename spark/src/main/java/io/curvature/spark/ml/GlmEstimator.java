package io.curvature.spark.ml;

import io.curvature.model.Estimator;
import io.curvature.model.LinearModel;
import io.curvature.model.ModelKind;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.Method;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.spark.DistributedFit;
import io.curvature.spark.DistributedGlm;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML estimator of a generalized linear model fitted by Curvature's optimizers on a {@link DistributedGlm}:
 * usable as a Pipeline stage, with Spark MLlib's parameter names. The objective is MLlib's with
 * {@code elasticNetParam = 0} and {@code standardization = false}: the mean loss plus {@code regParam/2 ||w||^2},
 * the intercept unpenalized. {@code tol} is Curvature's: the run stops when {@code ||grad f||_inf <= tol}.
 *
 * @param <E> the estimator's own type, for the fluent setters
 */
public abstract class GlmEstimator<E extends GlmEstimator<E>> extends org.apache.spark.ml.Estimator<GlmModel> {

    private static final long serialVersionUID = 1L;

    /** The stage's id. */
    private final String uid;
    /** Its parameters. */
    private final GlmParams params;

    GlmEstimator(String uid) {
        this.uid = uid;
        this.params = new GlmParams(this);
        setDefault(params.featuresCol, "features");
        setDefault(params.labelCol, "label");
        setDefault(params.predictionCol, "prediction");
        setDefault(params.probabilityCol, "probability");
        setDefault(params.regParam, Estimator.DEFAULT_LAMBDA);
        setDefault(params.fitIntercept, true);
        setDefault(params.maxIter, Options.defaults().maxIterations());
        setDefault(params.tol, Options.DEFAULT_GTOL);
        setDefault(params.method, Method.AUTO.cliName());
    }

    /** A fresh id with {@code prefix}, as Spark ML stages have. */
    static String newUid(String prefix) {
        return Identifiable.randomUID(prefix);
    }

    /** {@return the model this estimator fits} */
    abstract ModelKind kind();

    /** {@return the loss of its objective} */
    abstract GlmLoss loss();

    /** {@return the core estimator whose model file and options the fitted model keeps} */
    abstract Estimator<?, ?> coreEstimator();

    @Override
    public String uid() {
        return uid;
    }

    /** {@return the features column: {@code ml.linalg.Vector}s (default {@code "features"})} */
    public Param<String> featuresCol() {
        return params.featuresCol;
    }

    /** {@return the label column, numeric (default {@code "label"})} */
    public Param<String> labelCol() {
        return params.labelCol;
    }

    /** {@return the prediction column the model adds (default {@code "prediction"})} */
    public Param<String> predictionCol() {
        return params.predictionCol;
    }

    /** {@return the class probabilities column a logistic model adds (default {@code "probability"}; empty: none)} */
    public Param<String> probabilityCol() {
        return params.probabilityCol;
    }

    /** {@return the L2 penalty {@code lambda >= 0} (default {@code 1e-4})} */
    public DoubleParam regParam() {
        return params.regParam;
    }

    /** {@return whether to fit an unpenalized intercept (default true)} */
    public BooleanParam fitIntercept() {
        return params.fitIntercept;
    }

    /** {@return the most iterations (default as Curvature's {@code Options})} */
    public IntParam maxIter() {
        return params.maxIter;
    }

    /** {@return the gradient tolerance: stop when {@code ||grad f||_inf <= tol} (default {@code 1e-8})} */
    public DoubleParam tol() {
        return params.tol;
    }

    /** {@return Curvature's method by its command-line name (default {@code "auto"}: planned for Spark)} */
    public Param<String> method() {
        return params.method;
    }

    /**
     * Sets the features column.
     *
     * @param value the column
     * @return this estimator
     */
    public E setFeaturesCol(String value) {
        return with(params.featuresCol, value);
    }

    /**
     * Sets the label column.
     *
     * @param value the column
     * @return this estimator
     */
    public E setLabelCol(String value) {
        return with(params.labelCol, value);
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column
     * @return this estimator
     */
    public E setPredictionCol(String value) {
        return with(params.predictionCol, value);
    }

    /**
     * Sets the probability column (logistic regression).
     *
     * @param value the column, or empty for none
     * @return this estimator
     */
    public E setProbabilityCol(String value) {
        return with(params.probabilityCol, value);
    }

    /**
     * Sets the L2 penalty.
     *
     * @param value {@code lambda >= 0}
     * @return this estimator
     */
    public E setRegParam(double value) {
        return with(params.regParam, value);
    }

    /**
     * Sets whether to fit an intercept.
     *
     * @param value whether to
     * @return this estimator
     */
    public E setFitIntercept(boolean value) {
        return with(params.fitIntercept, value);
    }

    /**
     * Sets the most iterations.
     *
     * @param value {@code >= 1}
     * @return this estimator
     */
    public E setMaxIter(int value) {
        return with(params.maxIter, value);
    }

    /**
     * Sets the gradient tolerance.
     *
     * @param value {@code > 0}
     * @return this estimator
     */
    public E setTol(double value) {
        return with(params.tol, value);
    }

    /**
     * Sets Curvature's method.
     *
     * @param value a method's command-line name: {@code auto}, {@code newton}, {@code lbfgs}, {@code newton-cg}, ..
     * @return this estimator
     */
    public E setMethod(String value) {
        Method.byName(value);
        return with(params.method, value);
    }

    @SuppressWarnings("unchecked")
    private <T> E with(Param<T> param, T value) {
        set(param, value);
        return (E) this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        params.requireInputColumns(this, schema);
        return schema;
    }

    /**
     * Reads the data set once into cached off-heap blocks, fits, and drops the blocks.
     *
     * @throws io.curvature.spark.InvalidRowException for a bad value, naming its column
     * @throws io.curvature.model.FitFailedException  when the objective failed or became non-finite
     * @param dataset the rows
     * @return the fitted model
     */
    @Override
    public GlmModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        double lambda = (Double) getOrDefault(params.regParam);
        boolean intercept = (Boolean) getOrDefault(params.fitIntercept);
        Method m = Method.byName(getOrDefault(params.method));
        Options options = Options.defaults().withGtol((Double) getOrDefault(params.tol))
                .withMaxIterations((Integer) getOrDefault(params.maxIter));
        try (DistributedGlm f = DistributedGlm.on(dataset).featuresCol(getOrDefault(params.featuresCol))
                .labelCol(getOrDefault(params.labelCol)).loss(loss()).lambda(lambda).fitIntercept(intercept).build()) {
            Result r = DistributedFit.minimize(f, new double[f.dimension()], m, options);
            Estimator<?, ?> core = coreEstimator().lambda(lambda).fitIntercept(intercept).method(m).options(options);
            LinearModel model = core.modelOf(r, lambda, f.features(), null,
                    kind().isClassifier() ? new double[] {0, 1} : null);
            GlmModel fitted = new GlmModel(uid, model, f.passes());
            copyValues(fitted, extractParamMap());
            fitted.setParent(this);
            return fitted;
        }
    }

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
