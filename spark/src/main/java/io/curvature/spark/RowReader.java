package io.curvature.spark;

import io.curvature.objective.GlmLoss;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Iterator;

/**
 * Reads a partition's rows straight into a {@link RowBlock}: features from one {@code ml.linalg.Vector} column
 * (dense or sparse) or from numeric columns, the label from a numeric column, every value checked. It is shipped to
 * the executors, so it holds only column positions and names.
 *
 * @param columns       the names of the feature columns, or one name: the vector column
 * @param positions     their positions in the row
 * @param vector        whether the features are one vector column
 * @param features      the number of features {@code d}
 * @param labelColumn   the label's column name
 * @param labelPosition its position
 * @param loss          the loss, whose label domain the labels must lie in
 * @param intercept     whether to append a column of ones
 */
record RowReader(String[] columns, int[] positions, boolean vector, int features, String labelColumn,
                 int labelPosition, GlmLoss loss, boolean intercept) implements Serializable {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** Rows of the first allocation; it doubles as rows come. */
    private static final long FIRST_ROWS = 1024;

    /** {@return the parameters of the objective: the features and the intercept} */
    int cols() {
        return features + (intercept ? 1 : 0);
    }

    /**
     * The block of partition {@code partition}.
     *
     * @throws InvalidRowException naming the column, partition and row of the first bad value
     */
    RowBlock read(int partition, Iterator<Row> rows) {
        int cols = cols();
        long capacity = 0;
        MemorySegment x = MemorySegment.NULL;
        MemorySegment y = MemorySegment.NULL;
        long n = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (n == capacity) {
                capacity = Math.max(FIRST_ROWS, 2 * capacity);
                x = grow(x, n * cols, capacity * cols);
                y = grow(y, n, capacity);
            }
            long start = n * cols;
            if (vector) {
                readVector(row, x, start, partition, n);
            } else {
                readColumns(row, x, start, partition, n);
            }
            if (intercept) {
                x.setAtIndex(D, start + features, 1.0);
            }
            y.setAtIndex(D, n, label(row, partition, n));
            n++;
        }
        return new RowBlock(x, y, n, cols);
    }

    /** A zeroed segment of {@code capacity} doubles in an automatic arena with the first {@code used} of {@code old}. */
    private static MemorySegment grow(MemorySegment old, long used, long capacity) {
        MemorySegment bigger = Arena.ofAuto().allocate(capacity * 8, 64);
        MemorySegment.copy(old, 0, bigger, 0, used * 8);
        return bigger;
    }

    private void readVector(Row row, MemorySegment x, long start, int partition, long n) {
        int p = positions[0];
        if (row.isNullAt(p)) {
            throw new InvalidRowException(columns[0], partition, n, "the feature vector is null");
        }
        Vector v = row.getAs(p);
        if (v.size() != features) {
            throw new InvalidRowException(columns[0], partition, n, "the feature vector has " + v.size()
                    + " entries, the first row " + features);
        }
        if (v instanceof DenseVector dense) {
            double[] values = dense.values();
            for (int j = 0; j < features; j++) {
                x.setAtIndex(D, start + j, finite(values[j], j, partition, n));
            }
        } else {
            SparseVector sparse = (SparseVector) v;
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int j = 0; j < features; j++) {
                x.setAtIndex(D, start + j, 0.0);
            }
            for (int k = 0; k < indices.length; k++) {
                x.setAtIndex(D, start + indices[k], finite(values[k], indices[k], partition, n));
            }
        }
    }

    private double finite(double value, int entry, int partition, long n) {
        if (!Double.isFinite(value)) {
            throw new InvalidRowException(columns[0], partition, n, "entry " + entry + " is " + value
                    + "; features must be finite");
        }
        return value;
    }

    private void readColumns(Row row, MemorySegment x, long start, int partition, long n) {
        for (int j = 0; j < features; j++) {
            int p = positions[j];
            if (row.isNullAt(p)) {
                throw new InvalidRowException(columns[j], partition, n, "the feature is null");
            }
            double value = ((Number) row.get(p)).doubleValue();
            if (!Double.isFinite(value)) {
                throw new InvalidRowException(columns[j], partition, n, "the feature is " + value
                        + "; features must be finite");
            }
            x.setAtIndex(D, start + j, value);
        }
    }

    private double label(Row row, int partition, long n) {
        if (row.isNullAt(labelPosition)) {
            throw new InvalidRowException(labelColumn, partition, n, "the label is null");
        }
        double value = ((Number) row.get(labelPosition)).doubleValue();
        if (!loss.accepts(value)) {
            throw new InvalidRowException(labelColumn, partition, n, "the label " + value + " is not "
                    + loss.labelDomain() + " as the " + loss.name().toLowerCase(java.util.Locale.ROOT)
                    + " loss needs");
        }
        return value;
    }
}
