package io.curvature.spark;

import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.GlmLoss;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

import java.io.Serializable;
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
 * @param features      the number of features {@code d}, or {@link #FROM_FIRST_ROW} for a vector column whose
 *                      size each partition takes from its first row (the driver checks that they agree)
 * @param labelColumn   the label's column name
 * @param labelPosition its position
 * @param loss          the loss, whose label domain the labels must lie in
 * @param intercept     whether to append a column of ones
 */
record RowReader(String[] columns, int[] positions, boolean vector, int features, String labelColumn,
                 int labelPosition, GlmLoss loss, boolean intercept) implements Serializable {

    /** The feature count when each partition takes it from its first vector. */
    static final int FROM_FIRST_ROW = -1;
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    /** Rows of the first allocation; it doubles as rows come. */
    private static final long FIRST_ROWS = 1024;

    /**
     * The block of partition {@code partition}.
     *
     * @throws InvalidRowException naming the column, partition and row of the first bad value
     */
    RowBlock read(int partition, Iterator<Row> rows) {
        int width = features;
        int cols = 0;
        long capacity = 0;
        DenseMatrix x = null;
        DenseVector y = null;
        long n = 0;
        try {
            while (rows.hasNext()) {
                Row row = rows.next();
                if (n == 0) {
                    if (width == FROM_FIRST_ROW) {
                        width = vector(row, partition, 0).size();
                    }
                    cols = width + (intercept ? 1 : 0);
                }
                if (n == capacity) {
                    capacity = Math.max(FIRST_ROWS, 2 * capacity);
                    x = resized(x, n, capacity, cols);
                    y = resized(y, n, capacity);
                }
                MemorySegment xs = x.segment();
                long start = n * cols;
                if (vector) {
                    readVector(row, width, xs, start, partition, n);
                } else {
                    readColumns(row, xs, start, partition, n);
                }
                if (intercept) {
                    xs.setAtIndex(D, start + width, 1.0);
                }
                y.segment().setAtIndex(D, n, label(row, partition, n));
                n++;
            }
            if (n == 0) {
                return new RowBlock(null, null, 0, 0);
            }
            // the last doubling left up to half of the rows unused: the block keeps only its rows
            return new RowBlock(resized(x, n, n, cols), resized(y, n, n), n, cols);
        } catch (RuntimeException | Error e) {
            if (x != null) {
                x.close();
                y.close();
            }
            throw e;
        }
    }

    /** A zeroed matrix of {@code rows x cols} with the first {@code used} rows of {@code old}, which it closes. */
    private static DenseMatrix resized(DenseMatrix old, long used, long rows, int cols) {
        DenseMatrix bigger = DenseMatrix.zeros(rows, cols);
        if (old != null) {
            MemorySegment.copy(old.segment(), 0, bigger.segment(), 0, used * cols * 8);
            old.close();
        }
        return bigger;
    }

    /** A zeroed vector of {@code length} with the first {@code used} values of {@code old}, which it closes. */
    private static DenseVector resized(DenseVector old, long used, long length) {
        DenseVector bigger = DenseVector.zeros(length);
        if (old != null) {
            MemorySegment.copy(old.segment(), 0, bigger.segment(), 0, used * 8);
            old.close();
        }
        return bigger;
    }

    private Vector vector(Row row, int partition, long n) {
        int p = positions[0];
        if (row.isNullAt(p)) {
            throw new InvalidRowException(columns[0], partition, n, "the feature vector is null");
        }
        return row.getAs(p);
    }

    private void readVector(Row row, int width, MemorySegment x, long start, int partition, long n) {
        Vector v = vector(row, partition, n);
        if (v.size() != width) {
            throw new InvalidRowException(columns[0], partition, n, "the feature vector has " + v.size()
                    + " entries, the partition's first row " + width);
        }
        if (v instanceof org.apache.spark.ml.linalg.DenseVector dense) {
            double[] values = dense.values();
            for (int j = 0; j < width; j++) {
                x.setAtIndex(D, start + j, finite(values[j], j, partition, n));
            }
        } else {
            var sparse = (org.apache.spark.ml.linalg.SparseVector) v;
            int[] indices = sparse.indices();
            double[] values = sparse.values();
            for (int j = 0; j < width; j++) {
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
