package io.curvature.spark;

import io.curvature.spark.ml.CurvatureLogisticRegression;
import io.curvature.spark.ml.GlmModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The Java example of docs/spark.md, word for word between the markers; {@code DocsExampleTest} runs it. */
final class DocsExample {

    private DocsExample() {
    }

    static Dataset<Row> example(SparkSession spark, String path, String modelFile) {
        // DOCS-EXAMPLE-START
        Dataset<Row> data = spark.read().format("libsvm").load(path);      // columns "label" and "features"
        GlmModel model = new CurvatureLogisticRegression().setRegParam(1e-4).fit(data);
        System.out.println(model.report().path());                        // what AUTO planned, and why
        Dataset<Row> scored = model.transform(data);                      // adds "prediction", "probability"
        model.save(modelFile);                                            // Curvature's model file (JSON)
        GlmModel same = GlmModel.load(modelFile);
        // DOCS-EXAMPLE-END
        return same.transform(scored.drop("prediction", "probability"));
    }
}
