package io.curvature.spark.ml;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The parameters an estimator and its model share, by Spark MLlib's names, each owned by {@code parent} (Spark
 * copies values between stages by name).
 */
final class GlmParams implements Serializable {

    private static final long serialVersionUID = 1L;

    final Param<String> featuresCol;
    final Param<String> labelCol;
    final Param<String> predictionCol;
    final Param<String> probabilityCol;
    final DoubleParam regParam;
    final BooleanParam fitIntercept;
    final IntParam maxIter;
    final DoubleParam tol;
    final Param<String> method;

    GlmParams(Params parent) {
        featuresCol = new Param<>(parent, "featuresCol", "features column: ml.linalg vectors");
        labelCol = new Param<>(parent, "labelCol", "label column, numeric");
        predictionCol = new Param<>(parent, "predictionCol", "prediction column name");
        probabilityCol = new Param<>(parent, "probabilityCol",
                "column of class probabilities (logistic regression; empty: none)");
        regParam = new DoubleParam(parent, "regParam", "L2 penalty lambda (>= 0)");
        fitIntercept = new BooleanParam(parent, "fitIntercept", "whether to fit an unpenalized intercept");
        maxIter = new IntParam(parent, "maxIter", "the most iterations (>= 1)");
        tol = new DoubleParam(parent, "tol", "stop when the gradient's largest entry is at most tol (> 0)");
        method = new Param<>(parent, "method", "Curvature's method: auto, newton, lbfgs, newton-cg, trust-region, ..");
    }

    /** Checks that {@code schema} has the vector features column and a numeric label column. */
    void requireInputColumns(Params stage, StructType schema) {
        requireVector(stage, schema);
        String label = stage.getOrDefault(labelCol);
        StructField f = field(schema, label);
        if (!(f.dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + label + "' is " + f.dataType().simpleString()
                    + ", not numeric");
        }
    }

    /** Checks that {@code schema} has the vector features column. */
    void requireVector(Params stage, StructType schema) {
        String features = stage.getOrDefault(featuresCol);
        StructField f = field(schema, features);
        if (!f.dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + features + "' is " + f.dataType().simpleString()
                    + ", not a vector (org.apache.spark.ml.linalg.Vector)");
        }
    }

    private static StructField field(StructType schema, String name) {
        if (!Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("no column '" + name + "' in " + schema.simpleString());
        }
        return schema.apply(name);
    }
}
