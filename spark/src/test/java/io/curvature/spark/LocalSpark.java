package io.curvature.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One local Spark session for the module's tests: two cores, a failed task retried (up to 3 attempts). */
public final class LocalSpark {

    private static SparkSession session;

    private LocalSpark() {
    }

    /** {@return the session, started on first use} */
    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,3]").appName("curvature-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
            session.sparkContext().setLogLevel("ERROR");
        }
        return session;
    }

    /** The schema of {@link #frame}: a vector column {@code features} and a double column {@code label}. */
    public static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType(), true)
            .add("label", DataTypes.DoubleType, true);

    /**
     * Rows {@code x[i]} with labels {@code y[i]}, in order, in {@code partitions} contiguous slices; every third row's
     * vector sparse when {@code someSparse}.
     */
    public static Dataset<Row> frame(double[][] x, double[] y, int partitions, boolean someSparse) {
        List<Row> rows = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            var v = someSparse && i % 3 == 0 ? Vectors.dense(x[i]).toSparse() : Vectors.dense(x[i]);
            rows.add(RowFactory.create(v, y[i]));
        }
        return frame(rows, SCHEMA, partitions);
    }

    /** {@code rows} in order, in {@code partitions} contiguous slices. */
    public static Dataset<Row> frame(List<Row> rows, StructType schema, int partitions) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session().sparkContext());
        return session().createDataFrame(jsc.parallelize(rows, partitions), schema);
    }

    /** A GLM problem's data: Gaussian features, labels drawn from the model at a random {@code w}. */
    public record Problem(double[][] x, double[] y) {
    }

    /**
     * {@code n x d} Gaussian features (some exactly zero, as sparse vectors have) and labels of {@code loss}.
     */
    public static Problem synthetic(int n, int d, io.curvature.objective.GlmLoss loss, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian() / Math.sqrt(d);
        }
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0.3;
            for (int j = 0; j < d; j++) {
                x[i][j] = r.nextInt(5) == 0 ? 0.0 : r.nextGaussian();
                z += x[i][j] * w[j];
            }
            y[i] = switch (loss) {
                case LEAST_SQUARES -> z + 0.5 * r.nextGaussian();
                case LOGISTIC -> r.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
                case POISSON -> poisson(Math.exp(Math.min(z, 3)), r);
            };
        }
        return new Problem(x, y);
    }

    /** The repository's breast-cancer CSV, the label last, as a LIBSVM file in {@code dir} (one-based indices). */
    public static java.nio.file.Path breastCancerLibsvm(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of(System.getProperty("user.dir")).getParent();
        List<String> lines = java.nio.file.Files.readAllLines(root.resolve("examples/breast_cancer.csv"));
        StringBuilder svm = new StringBuilder();
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",");
            svm.append(v[v.length - 1]);
            for (int j = 0; j < v.length - 1; j++) {
                svm.append(' ').append(j + 1).append(':').append(v[j]);
            }
            svm.append('\n');
        }
        java.nio.file.Path file = dir.resolve("breast_cancer.svm");
        java.nio.file.Files.writeString(file, svm);
        return file;
    }

    private static double poisson(double mean, SplittableRandom r) {
        double limit = Math.exp(-mean);
        double p = r.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }
}
