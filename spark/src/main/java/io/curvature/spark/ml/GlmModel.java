package io.curvature.spark.ml;

import io.curvature.model.ClassificationModel;
import io.curvature.model.FitReport;
import io.curvature.model.LinearModel;
import io.curvature.model.ModelKind;
import io.curvature.model.RegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;

/**
 * A fitted generalized linear model as a Spark ML {@code Model}: {@link #transform} adds the prediction column
 * (the class, 0 or 1, for logistic regression; the expected target otherwise) and, for logistic regression, the
 * class probabilities {@code [P(0), P(1)]}. It wraps Curvature's {@link LinearModel}, whose model file
 * {@link #save} writes and {@link #load} reads (the same file the library and the command line use).
 */
public final class GlmModel extends org.apache.spark.ml.Model<GlmModel> {

    private static final long serialVersionUID = 1L;

    /** The stage's id. */
    private final String uid;
    /** Its parameters. */
    private final GlmParams params;
    /** The fitted model; not shipped to executors (they get {@link #predictor}). */
    private final transient LinearModel model;
    /** The kind, coefficients and intercept, for the executors. */
    private final LinearPredictor predictor;
    /** The fit's Spark jobs. */
    private final long passes;

    GlmModel(String uid, LinearModel model, long passes) {
        this.uid = uid;
        this.model = model;
        this.passes = passes;
        this.params = new GlmParams(this);
        setDefault(params.featuresCol, "features");
        setDefault(params.labelCol, "label");
        setDefault(params.predictionCol, "prediction");
        setDefault(params.probabilityCol, "probability");
        double[] w;
        double b;
        if (model instanceof ClassificationModel c) {
            w = c.coefficients()[0];
            b = c.intercept()[0];
        } else {
            RegressionModel r = (RegressionModel) model;
            w = r.coefficients();
            b = r.intercept();
        }
        this.predictor = new LinearPredictor(model.kind(), w, b, "features");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** {@return the features column read by {@link #transform}} */
    public Param<String> featuresCol() {
        return params.featuresCol;
    }

    /** {@return the label column of the fit} */
    public Param<String> labelCol() {
        return params.labelCol;
    }

    /** {@return the prediction column {@link #transform} adds} */
    public Param<String> predictionCol() {
        return params.predictionCol;
    }

    /** {@return the probability column {@link #transform} adds for logistic regression (empty: none)} */
    public Param<String> probabilityCol() {
        return params.probabilityCol;
    }

    /**
     * Sets the features column.
     *
     * @param value the column
     * @return this model
     */
    public GlmModel setFeaturesCol(String value) {
        set(params.featuresCol, value);
        return this;
    }

    /**
     * Sets the prediction column.
     *
     * @param value the column
     * @return this model
     */
    public GlmModel setPredictionCol(String value) {
        set(params.predictionCol, value);
        return this;
    }

    /**
     * Sets the probability column.
     *
     * @param value the column, or empty for none
     * @return this model
     */
    public GlmModel setProbabilityCol(String value) {
        set(params.probabilityCol, value);
        return this;
    }

    /** {@return the coefficients, one per feature} */
    public Vector coefficients() {
        return predictor.coefficients().copy();
    }

    /** {@return the intercept (0 when none was fitted)} */
    public double intercept() {
        return predictor.intercept();
    }

    /** {@return the number of features} */
    public int numFeatures() {
        return predictor.coefficients().size();
    }

    /** {@return Curvature's model: predictions on local rows, the fit's options and report} */
    public LinearModel curvatureModel() {
        return model;
    }

    /** {@return how the fit went: status, method, the path AUTO planned, iterations, gradient norm} */
    public FitReport report() {
        return model.report();
    }

    /** {@return the Spark jobs the fit ran (passes over the data, the one that read the rows included; 0 if loaded)} */
    public long passes() {
        return passes;
    }

    /**
     * Writes Curvature's model file (JSON) on the driver's file system.
     *
     * @param file where it goes (written to a temporary file, then renamed)
     */
    public void save(String file) {
        model.save(Path.of(file));
    }

    /**
     * Reads a model file written by {@link #save} (or by Curvature's library or command line).
     *
     * @throws io.curvature.data.DataFormatException for a file that is not a valid model file
     * @throws IllegalArgumentException              for a softmax model, which this class does not wrap
     * @param file the model file on the driver's file system
     * @return the model, with the default columns
     */
    public static GlmModel load(String file) {
        LinearModel m = LinearModel.load(Path.of(file));
        if (m.kind() == ModelKind.SOFTMAX) {
            throw new IllegalArgumentException(file + " holds a softmax model; GlmModel wraps least-squares, "
                    + "logistic and Poisson models");
        }
        return new GlmModel(GlmEstimator.newUid("curvature-glm"), m, 0);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        params.requireVector(this, schema);
        StructType out = schema.add(getOrDefault(params.predictionCol), DataTypes.DoubleType, false);
        if (addsProbabilities()) {
            out = out.add(getOrDefault(params.probabilityCol), SQLDataTypes.VectorType(), false);
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        LinearPredictor p = new LinearPredictor(predictor.kind(), predictor.coefficients(), predictor.intercept(),
                getOrDefault(params.featuresCol));
        UserDefinedFunction predict = functions.udf((UDF1<Vector, Double>) p::predict, DataTypes.DoubleType);
        Dataset<Row> out = dataset.withColumn(getOrDefault(params.predictionCol),
                predict.apply(functions.col(getOrDefault(params.featuresCol))));
        if (addsProbabilities()) {
            UserDefinedFunction probabilities = functions.udf((UDF1<Vector, Vector>) p::probabilities,
                    SQLDataTypes.VectorType());
            out = out.withColumn(getOrDefault(params.probabilityCol),
                    probabilities.apply(functions.col(getOrDefault(params.featuresCol))));
        }
        return out;
    }

    private boolean addsProbabilities() {
        return predictor.kind() == ModelKind.LOGISTIC && !getOrDefault(params.probabilityCol).isEmpty();
    }

    @Override
    public GlmModel copy(ParamMap extra) {
        GlmModel copy = new GlmModel(uid, model, passes);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    /** {@return the coefficients as a dense vector of {@code double}s, for printing} */
    @Override
    public String toString() {
        return "GlmModel(" + uid + ", " + predictor.kind().fileName() + ", " + numFeatures() + " features, intercept "
                + predictor.intercept() + ", " + Vectors.dense(predictor.coefficients().toArray()) + ")";
    }
}
