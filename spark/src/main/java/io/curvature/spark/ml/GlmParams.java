package io.curvature.spark.ml;

import io.curvature.spark.Columns;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;

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
        Columns.requireNumeric(schema, stage.getOrDefault(labelCol));
    }

    /** Checks that {@code schema} has the vector features column. */
    void requireVector(Params stage, StructType schema) {
        Columns.requireVector(schema, stage.getOrDefault(featuresCol), "");
    }
}
