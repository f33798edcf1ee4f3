package io.curvature.spark.examples;

import io.curvature.model.FitReport;
import io.curvature.model.ModelKind;
import io.curvature.spark.ml.CurvatureLinearRegression;
import io.curvature.spark.ml.CurvatureLogisticRegression;
import io.curvature.spark.ml.CurvaturePoissonRegression;
import io.curvature.spark.ml.GlmEstimator;
import io.curvature.spark.ml.GlmModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Fits a model to a Parquet, CSV or LIBSVM file with Curvature on Spark and prints what the fit did:
 *
 * <pre>{@code spark-submit --class io.curvature.spark.examples.FitExample curvature-spark.jar \
 *     data.csv --label y --model logistic --reg 1e-4 --out model.json}</pre>
 *
 * <p>A CSV file has a header; every column but the label is a feature. A Parquet file has a vector column
 * {@code features} and the label, or numeric columns as CSV. LIBSVM files are read by Spark's {@code libsvm} source.
 */
public final class FitExample {

    private FitExample() {
    }

    /**
     * Runs the example in a session of its own (the master comes from {@code spark-submit}).
     *
     * @param args the file, then options: {@code --label NAME}, {@code --model logistic|least-squares|poisson},
     *             {@code --reg LAMBDA}, {@code --method NAME}, {@code --out MODEL.json}
     */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("curvature-fit").getOrCreate();
        int code;
        try {
            code = run(spark, args, System.out, System.err);
        } finally {
            spark.stop();
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The example's work in {@code spark}: reads, fits, prints a summary to {@code out} and writes the model file.
     *
     * @param spark the session
     * @param args  as {@link #main}
     * @param out   where the summary goes
     * @param err   where a usage error goes
     * @return 0, or 2 for bad arguments
     */
    public static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args.length % 2 == 0) {
            err.println("usage: FitExample FILE [--label NAME] [--model logistic|least-squares|poisson] [--reg LAMBDA]"
                    + " [--method NAME] [--out MODEL.json]");
            return 2;
        }
        String file = args[0];
        String label = "label";
        ModelKind kind = ModelKind.LOGISTIC;
        double reg = 1e-4;
        String method = "auto";
        String model = null;
        try {
            for (int k = 1; k < args.length; k += 2) {
                String value = args[k + 1];
                switch (args[k]) {
                    case "--label" -> label = value;
                    case "--model" -> kind = ModelKind.byName(value);
                    case "--reg" -> reg = Double.parseDouble(value);
                    case "--method" -> method = value;
                    case "--out" -> model = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[k]);
                }
            }
            if (kind == ModelKind.SOFTMAX) {
                throw new IllegalArgumentException("softmax is not fitted on Spark");
            }
        } catch (IllegalArgumentException e) {
            err.println("FitExample: " + e.getMessage());
            return 2;
        }
        Dataset<Row> data = read(spark, file, label);
        GlmEstimator<?> estimator = switch (kind) {
            case LOGISTIC -> new CurvatureLogisticRegression();
            case POISSON -> new CurvaturePoissonRegression();
            default -> new CurvatureLinearRegression();
        };
        long start = System.nanoTime();
        GlmModel fitted = estimator.setLabelCol(label).setRegParam(reg).setMethod(method).fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        FitReport r = fitted.report();
        out.printf(Locale.ROOT, "%s on %s: %s after %d iterations, ||grad f||_inf = %.3g, f = %.10g%n",
                kind.fileName(), file, r.status(), r.iterations(), r.gradNorm(), r.f());
        out.printf(Locale.ROOT, "%d Spark jobs in %.3f s; method %s (%s)%n", fitted.passes(), seconds,
                r.method().cliName(), r.path());
        if (kind == ModelKind.LOGISTIC) {
            double accuracy = fitted.transform(data)
                    .select(functions.avg(functions.col("prediction").equalTo(functions.col(label)).cast("double")))
                    .first().getDouble(0);
            out.printf(Locale.ROOT, "training accuracy %.4f%n", accuracy);
        }
        if (model != null) {
            fitted.save(model);
            out.println("model written to " + model);
        }
        return 0;
    }

    /** The file as rows with a vector column {@code features} and the label. */
    private static Dataset<Row> read(SparkSession spark, String file, String label) {
        String lower = file.toLowerCase(Locale.ROOT);
        Dataset<Row> raw;
        if (lower.endsWith(".svm") || lower.endsWith(".libsvm") || lower.endsWith(".txt")) {
            return spark.read().format("libsvm").load(file).withColumnRenamed("label", label);
        } else if (lower.endsWith(".csv")) {
            raw = spark.read().option("header", "true").option("inferSchema", "true").csv(file);
        } else {
            raw = spark.read().parquet(file);
            if (Arrays.asList(raw.columns()).contains("features")) {
                return raw;
            }
        }
        String[] features = Arrays.stream(raw.columns()).filter(c -> !c.equals(label)).toArray(String[]::new);
        return new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw);
    }
}
