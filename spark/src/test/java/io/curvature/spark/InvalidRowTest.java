package io.curvature.spark;

import io.curvature.objective.GlmLoss;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bad input: one clear exception naming the column, and the partition and row where the value was read. */
class InvalidRowTest {

    /** Five good rows in one partition, with {@code bad} as row 3. */
    private static org.apache.spark.sql.Dataset<Row> withRow3(Row bad) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(i == 3 ? bad : RowFactory.create(Vectors.dense(i, 1.0 - i), (double) (i % 2)));
        }
        return LocalSpark.frame(rows, LocalSpark.SCHEMA, 1);
    }

    private static InvalidRowException rejected(org.apache.spark.sql.Dataset<Row> data, GlmLoss loss) {
        return assertThrows(InvalidRowException.class, () -> DistributedGlm.on(data).loss(loss).build().close());
    }

    @Test
    void aNullFeatureVector() {
        InvalidRowException e = rejected(withRow3(RowFactory.create(null, 1.0)), GlmLoss.LOGISTIC);
        assertEquals("column 'features', partition 0, row 3: the feature vector is null", e.getMessage());
        assertEquals("features", e.column());
    }

    @Test
    void aNonFiniteFeatureInADenseAndInASparseVector() {
        assertEquals("column 'features', partition 0, row 3: entry 1 is NaN; features must be finite",
                rejected(withRow3(RowFactory.create(Vectors.dense(1, Double.NaN), 1.0)), GlmLoss.LOGISTIC)
                        .getMessage());
        assertEquals("column 'features', partition 0, row 3: entry 0 is Infinity; features must be finite",
                rejected(withRow3(RowFactory.create(Vectors.sparse(2, new int[] {0}, new double[] {
                        Double.POSITIVE_INFINITY}), 1.0)), GlmLoss.LOGISTIC).getMessage());
    }

    @Test
    void vectorsOfMismatchedSizes() {
        assertEquals("column 'features', partition 0, row 3: the feature vector has 3 entries, the partition's first "
                + "row 2", rejected(withRow3(RowFactory.create(Vectors.dense(1, 2, 3), 1.0)), GlmLoss.LOGISTIC)
                .getMessage());
        List<Row> rows = List.of(RowFactory.create(Vectors.dense(1, 2), 0.0), RowFactory.create(Vectors.dense(1, 2), 1.0),
                RowFactory.create(Vectors.dense(1, 2, 3), 1.0));
        assertEquals("column 'features', partition 2, row 0: the feature vector has 3 entries, the first row of "
                + "partition 0 2", rejected(LocalSpark.frame(rows, LocalSpark.SCHEMA, 3), GlmLoss.LOGISTIC).getMessage());
    }

    @Test
    void labelsOutsideTheLossDomain() {
        InvalidRowException e = rejected(withRow3(RowFactory.create(Vectors.dense(1, 2), 2.0)), GlmLoss.LOGISTIC);
        assertEquals("column 'label', partition 0, row 3: the label 2.0 is not 0 or 1 as the logistic loss needs",
                e.getMessage());
        assertEquals("label", e.column());
        assertEquals("column 'label', partition 0, row 3: the label -1.0 is not a count >= 0 as the poisson loss needs",
                rejected(withRow3(RowFactory.create(Vectors.dense(1, 2), -1.0)), GlmLoss.POISSON).getMessage());
        assertEquals("column 'label', partition 0, row 3: the label is null",
                rejected(withRow3(RowFactory.create(Vectors.dense(1, 2), null)), GlmLoss.LEAST_SQUARES).getMessage());
    }

    @Test
    void numericFeatureColumnsNamedOneByOne() {
        StructType schema = new StructType().add("a", DataTypes.DoubleType, true).add("b", DataTypes.IntegerType, true)
                .add("y", DataTypes.DoubleType, true);
        List<Row> rows = List.of(RowFactory.create(1.0, 2, 0.5), RowFactory.create(null, 3, 1.5));
        var data = LocalSpark.frame(rows, schema, 1);
        InvalidRowException e = assertThrows(InvalidRowException.class, () -> DistributedGlm.on(data)
                .featureColumns("a", "b").labelCol("y").loss(GlmLoss.LEAST_SQUARES).build().close());
        assertEquals("column 'a', partition 0, row 1: the feature is null", e.getMessage());
        try (DistributedGlm f = DistributedGlm.on(data.limit(1)).featureColumns("a", "b").labelCol("y")
                .loss(GlmLoss.LEAST_SQUARES).fitIntercept(true).build()) {
            assertEquals(3, f.dimension());
            assertEquals(2, f.features());
        }
    }

    @Test
    void missingAndMistypedColumns() {
        var data = withRow3(RowFactory.create(Vectors.dense(1, 2), 1.0));
        assertEquals("no column 'x' in struct<features:vector,label:double>", assertThrows(
                IllegalArgumentException.class, () -> DistributedGlm.on(data).featuresCol("x").build()).getMessage());
        assertEquals("column 'features' is vector, not numeric", assertThrows(IllegalArgumentException.class,
                () -> DistributedGlm.on(data).labelCol("features").build()).getMessage());
        assertEquals("column 'label' is double, not a vector (org.apache.spark.ml.linalg.Vector); name numeric "
                        + "columns with featureColumns(...) instead", assertThrows(IllegalArgumentException.class,
                () -> DistributedGlm.on(data).featuresCol("label").build()).getMessage());
        assertEquals("the data set has no rows", assertThrows(IllegalArgumentException.class,
                () -> DistributedGlm.on(data.limit(0)).featureColumns("label").build()).getMessage());
    }
}
