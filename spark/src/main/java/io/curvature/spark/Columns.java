package io.curvature.spark;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** The schema checks of the objective and the ML stages, made before any job runs, with one wording. */
public final class Columns {

    private Columns() {
    }

    /**
     * Checks that {@code schema} has a numeric column {@code name}.
     *
     * @throws IllegalArgumentException naming the column when it is missing or not numeric
     * @param schema the data set's schema
     * @param name   the column
     */
    public static void requireNumeric(StructType schema, String name) {
        StructField f = field(schema, name);
        if (!(f.dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + name + "' is " + f.dataType().simpleString()
                    + ", not numeric");
        }
    }

    /**
     * Checks that {@code schema} has a column {@code name} of {@code ml.linalg} vectors.
     *
     * @throws IllegalArgumentException naming the column when it is missing or not of vectors
     * @param schema the data set's schema
     * @param name   the column
     * @param hint   what to do instead, appended to the message (empty for none)
     */
    public static void requireVector(StructType schema, String name, String hint) {
        StructField f = field(schema, name);
        if (!f.dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException("column '" + name + "' is " + f.dataType().simpleString()
                    + ", not a vector (org.apache.spark.ml.linalg.Vector)" + hint);
        }
    }

    private static StructField field(StructType schema, String name) {
        if (name == null || !Arrays.asList(schema.fieldNames()).contains(name)) {
            throw new IllegalArgumentException("no column '" + name + "' in " + schema.simpleString());
        }
        return schema.apply(name);
    }
}
