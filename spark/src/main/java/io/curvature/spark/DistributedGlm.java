package io.curvature.spark;

import io.curvature.objective.GlmLoss;
import io.curvature.objective.Objective;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generalized linear model (docs/math.md 1.1) over a Spark data set: {@code f(w) = (1/n) sum_i l(x_i . w, y_i) +
 * (lambda/2) ||w_penalized||^2}, the intercept (last parameter, when fitted) unpenalized. Each partition's rows are
 * read once into an off-heap {@link RowBlock} on its executor and cached for the whole fit (Spark rebuilds a lost
 * block from the source). Every evaluation is one Spark job: each partition runs the fused kernel on its block and
 * the partial sums are added in a fixed order ({@link OrderedTreeSum}), so the same partitioning gives the same
 * bits on every run. The driver runs Curvature's optimizers on it unchanged ({@link DistributedFit}).
 *
 * <p>Not thread-safe, like every objective; {@link #close()} drops the cached blocks.
 */
public final class DistributedGlm implements Objective, AutoCloseable {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final JavaRDD<RowBlock> blocks;
    private final RowReader reader;
    private final GlmLoss loss;
    private final double lambda;
    private final int d;
    private final long n;
    private final int fanIn;
    private final AtomicLong jobs = new AtomicLong();
    private boolean hessianWithGradient;
    /** The Hessian computed with the last gradient ({@link #hessianWithGradient}) and its point. */
    private double[] gramAt;
    private double[] gram;

    private DistributedGlm(Builder b, RowReader reader) {
        this.reader = reader;
        this.loss = b.loss;
        this.lambda = b.lambda;
        this.fanIn = b.fanIn;
        RowReader r = reader;
        this.blocks = b.data.select(columnsOf(reader)).javaRDD()
                .mapPartitionsWithIndex((Integer p, java.util.Iterator<Row> rows) ->
                        java.util.List.of(r.read(p, rows)).iterator(), true)
                .persist(StorageLevel.MEMORY_ONLY());
        try {
            java.util.List<long[]> shapes = job(() -> blocks.map(k -> new long[] {k.rows(), k.cols()}).collect());
            this.n = shapes.stream().mapToLong(s -> s[0]).sum();
            if (n == 0) {
                throw new IllegalArgumentException("the data set has no rows");
            }
            this.d = agreedWidth(shapes, reader);
        } catch (Throwable e) { // including a SparkException that Scala threw undeclared
            blocks.unpersist(false);
            throw e;
        }
    }

    /** The width of the non-empty blocks, which must agree (each took it from its first row). */
    private static int agreedWidth(java.util.List<long[]> shapes, RowReader reader) {
        int first = -1;
        for (int p = 0; p < shapes.size(); p++) {
            if (shapes.get(p)[0] == 0) {
                continue;
            }
            if (first < 0) {
                first = p;
            } else if (shapes.get(p)[1] != shapes.get(first)[1]) {
                int extra = reader.intercept() ? 1 : 0;
                throw new InvalidRowException(reader.columns()[0], p, 0, "the feature vector has "
                        + (shapes.get(p)[1] - extra) + " entries, the first row of partition " + first + " "
                        + (shapes.get(first)[1] - extra));
            }
        }
        return (int) shapes.get(first)[1];
    }

    private static org.apache.spark.sql.Column[] columnsOf(RowReader reader) {
        String[] names = Arrays.copyOf(reader.columns(), reader.columns().length + 1);
        names[names.length - 1] = reader.labelColumn();
        return Arrays.stream(names).map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
    }

    /**
     * A builder over {@code data}.
     *
     * @param data the rows; the objective reads them once, when it is built
     * @return the builder
     */
    public static Builder on(Dataset<?> data) {
        return new Builder(data);
    }

    @Override
    public int dimension() {
        return d;
    }

    /** {@return the number of rows {@code n}} */
    public long samples() {
        return n;
    }

    /** {@return the number of features, without the intercept} */
    public int features() {
        return d - (reader.intercept() ? 1 : 0);
    }

    /** {@return whether the last parameter is an unpenalized intercept} */
    public boolean hasIntercept() {
        return reader.intercept();
    }

    /** {@return the partitions, one cached block each} */
    public int partitions() {
        return blocks.getNumPartitions();
    }

    /** {@return the Spark jobs this objective ran: its passes over the data, the one that read the rows included} */
    public long passes() {
        return jobs.get();
    }

    /** {@return the loss} */
    public GlmLoss loss() {
        return loss;
    }

    /** {@return the penalty} */
    public double lambda() {
        return lambda;
    }

    /**
     * Whether each gradient evaluation also computes the Hessian at its point in the same job, so that a Newton
     * iteration whose step the line search accepts at once costs one pass instead of two. {@link DistributedFit}
     * turns it on for dense Newton.
     *
     * @param on whether to
     */
    public void computeHessianWithGradient(boolean on) {
        hessianWithGradient = on;
        if (!on) {
            gramAt = null;
            gram = null;
        }
    }

    @Override
    public double value(MemorySegment w) {
        double[] point = toArray(w);
        GlmLoss l = loss;
        double[] sums = sum(blocks.map(b -> b.valueAndGradient(l, point)));
        return sums[0] / n + penalty(point);
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        double[] point = toArray(w);
        GlmLoss l = loss;
        double[] sums;
        if (hessianWithGradient) {
            sums = sum(blocks.map(b -> b.valueGradientAndGram(l, point)));
            gram = Arrays.copyOfRange(sums, 1 + d, 1 + d + d * d);
            gramAt = point;
        } else {
            sums = sum(blocks.map(b -> b.valueAndGradient(l, point)));
        }
        for (int j = 0; j < d; j++) {
            grad.setAtIndex(D, j, sums[1 + j] / n + (isPenalized(j) ? lambda * point[j] : 0));
        }
        return sums[0] / n + penalty(point);
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
        double[] point = toArray(w);
        double[] dir = toArray(v);
        GlmLoss l = loss;
        double[] sums = sum(blocks.map(b -> b.hessianVector(l, point, dir)));
        for (int j = 0; j < d; j++) {
            out.setAtIndex(D, j, sums[j] / n + (isPenalized(j) ? lambda * dir[j] : 0));
        }
    }

    /** {@code X^T D X / n + lambda P}: one job (none after a gradient at {@code w} that computed it already). */
    @Override
    public void hessian(MemorySegment w, MemorySegment h) {
        double[] point = toArray(w);
        double[] sums;
        if (gramAt != null && Arrays.equals(gramAt, point)) {
            sums = gram;
        } else {
            GlmLoss l = loss;
            sums = sum(blocks.map(b -> b.gram(l, point)));
        }
        for (int j = 0; j < d; j++) {
            for (int k = 0; k < d; k++) {
                int jk = j * d + k;
                h.setAtIndex(D, jk, sums[jk] / n + (j == k && isPenalized(j) ? lambda : 0));
            }
        }
    }

    @Override
    public boolean hessianDiagonal(MemorySegment w, MemorySegment out) {
        double[] point = toArray(w);
        GlmLoss l = loss;
        double[] sums = sum(blocks.map(b -> b.diagonal(l, point)));
        for (int j = 0; j < d; j++) {
            out.setAtIndex(D, j, sums[j] / n + (isPenalized(j) ? lambda : 0));
        }
        return true;
    }

    /**
     * Frees the cached blocks' memory on the executors (one job that reads no data) and drops them from Spark's
     * cache. Blocks that cannot be reached (the context stopped, an executor lost) are freed by their executors'
     * garbage collectors.
     */
    @Override
    public void close() {
        try {
            blocks.foreach(RowBlock::free);
        } catch (RuntimeException e) {
            // nothing to free where the job cannot run; the collectors free what is left
        } finally {
            blocks.unpersist(false);
        }
    }

    private boolean isPenalized(int j) {
        return !(reader.intercept() && j == d - 1);
    }

    private double penalty(double[] point) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            if (isPenalized(j)) {
                s += point[j] * point[j];
            }
        }
        return 0.5 * lambda * s;
    }

    private double[] toArray(MemorySegment s) {
        double[] a = new double[d];
        MemorySegment.copy(s, D, 0, a, 0, d);
        return a;
    }

    private double[] sum(JavaRDD<double[]> partials) {
        return job(() -> OrderedTreeSum.sum(partials, fanIn));
    }

    /** Runs one Spark job, counted, and turns a bad row found on an executor into its exception on the driver. */
    private <T> T job(java.util.function.Supplier<T> run) {
        jobs.incrementAndGet();
        try {
            return run.get();
        } catch (Exception e) { // Spark's SparkException is checked, and thrown undeclared from Scala
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof InvalidRowException bad) {
                    throw new InvalidRowException(bad);
                }
            }
            throw DistributedGlm.<RuntimeException>rethrow(e);
        }
    }

    /** Throws {@code e} as it is, checked or not, as Spark's Scala code does. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Exception e) throws E {
        throw (E) e;
    }

    /** Configures a {@link DistributedGlm}: the columns, the loss, the penalty, the intercept. */
    public static final class Builder {

        private final Dataset<?> data;
        private String featuresCol = "features";
        private String[] featureColumns;
        private String labelCol = "label";
        private GlmLoss loss = GlmLoss.LOGISTIC;
        private double lambda = 1e-4;
        private boolean intercept;
        private int fanIn = 16;

        private Builder(Dataset<?> data) {
            if (data == null) {
                throw new IllegalArgumentException("the data set must not be null");
            }
            this.data = data;
        }

        /**
         * The features are one {@code ml.linalg.Vector} column, as Spark MLlib's (default {@code "features"}).
         *
         * @param name the column
         * @return this builder
         */
        public Builder featuresCol(String name) {
            this.featuresCol = name;
            this.featureColumns = null;
            return this;
        }

        /**
         * The features are numeric columns, in this order.
         *
         * @param names the columns
         * @return this builder
         */
        public Builder featureColumns(String... names) {
            if (names == null || names.length == 0) {
                throw new IllegalArgumentException("name at least one feature column");
            }
            this.featureColumns = names.clone();
            return this;
        }

        /**
         * The label column (default {@code "label"}), numeric.
         *
         * @param name the column
         * @return this builder
         */
        public Builder labelCol(String name) {
            this.labelCol = name;
            return this;
        }

        /**
         * The loss (default logistic, labels 0 or 1).
         *
         * @param value the loss
         * @return this builder
         */
        public Builder loss(GlmLoss value) {
            this.loss = java.util.Objects.requireNonNull(value, "loss");
            return this;
        }

        /**
         * The L2 penalty {@code lambda >= 0} (default {@code 1e-4}): Spark MLlib's {@code regParam} with
         * {@code elasticNetParam = 0} and {@code standardization = false}.
         *
         * @param value the penalty
         * @return this builder
         */
        public Builder lambda(double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("lambda must be finite and >= 0, got " + value);
            }
            this.lambda = value;
            return this;
        }

        /**
         * Whether to fit an unpenalized intercept (default no), the last parameter.
         *
         * @param value whether to
         * @return this builder
         */
        public Builder fitIntercept(boolean value) {
            this.intercept = value;
            return this;
        }

        /**
         * Partitions whose sums are added together per level of the ordered tree (default 16); with at most
         * this many partitions the driver adds them all.
         *
         * @param value at least 2
         * @return this builder
         */
        public Builder aggregationFanIn(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("the fan-in must be >= 2, got " + value);
            }
            this.fanIn = value;
            return this;
        }

        /**
         * Reads every partition into its cached block (one Spark job) and returns the objective; a vector
         * column's size is its first row's.
         *
         * @throws IllegalArgumentException for a missing or non-numeric column, or no rows
         * @throws InvalidRowException      for a bad value, naming its column, partition and row
         * @return the objective, which the caller closes
         */
        public DistributedGlm build() {
            StructType schema = data.schema();
            Columns.requireNumeric(schema, labelCol);
            RowReader reader;
            if (featureColumns != null) {
                int[] positions = new int[featureColumns.length];
                for (int j = 0; j < positions.length; j++) {
                    Columns.requireNumeric(schema, featureColumns[j]);
                    positions[j] = j;
                }
                reader = new RowReader(featureColumns, positions, false, featureColumns.length, labelCol,
                        featureColumns.length, loss, intercept);
            } else {
                Columns.requireVector(schema, featuresCol, "; name numeric columns with featureColumns(...) instead");
                reader = new RowReader(new String[] {featuresCol}, new int[] {0}, true, RowReader.FROM_FIRST_ROW,
                        labelCol, 1, loss, intercept);
            }
            return new DistributedGlm(this, reader);
        }
    }
}
