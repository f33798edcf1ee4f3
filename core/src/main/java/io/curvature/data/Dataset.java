package io.curvature.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A design matrix {@code X} ({@code n x d}) with targets {@code y} (length {@code n}), and whether the
 * last column of {@code X} is an intercept: a column of ones that the penalty does not touch
 * (docs/math.md 1.1). The data set closes both with itself (memory it borrowed stays the lender's).
 */
public final class Dataset implements AutoCloseable {

    private final DenseMatrix x;
    private final DenseVector y;
    private final boolean intercept;
    private final String[] featureNames;

    private Dataset(DenseMatrix x, DenseVector y, boolean intercept, String[] featureNames) {
        if (x.rows() != y.length()) {
            throw new IllegalArgumentException("X has " + x.rows() + " rows but y has " + y.length() + " entries");
        }
        if (featureNames != null && featureNames.length != x.cols()) {
            throw new IllegalArgumentException(featureNames.length + " feature names for " + x.cols() + " columns");
        }
        this.x = x;
        this.y = y;
        this.intercept = intercept;
        this.featureNames = featureNames;
    }

    /**
     * A data set without intercept; takes ownership of {@code x} and {@code y}.
     *
     * @param x the features, {@code n x d}
     * @param y the targets, length {@code n}
     * @return the data set
     */
    public static Dataset of(DenseMatrix x, DenseVector y) {
        return new Dataset(x, y, false, null);
    }

    /**
     * As {@link #of(DenseMatrix, DenseVector)}, with names for the columns of {@code x} (or null).
     *
     * @param x the features, {@code n x d}
     * @param y the targets, length {@code n}
     * @param featureNames {@code d} names, or {@code null}
     * @return the data set
     */
    public static Dataset of(DenseMatrix x, DenseVector y, String[] featureNames) {
        return new Dataset(x, y, false, featureNames == null ? null : featureNames.clone());
    }

    /**
     * A new data set whose {@code X} has an extra last column of ones, flagged as unpenalized. {@code X} is
     * copied (it may be a read-only mapping); {@code y} is copied too, so both data sets stay independent.
     *
     * @throws IllegalStateException if this data set already has an intercept
     * @return the new data set, which the caller closes
     */
    public Dataset withIntercept() {
        if (intercept) {
            throw new IllegalStateException("the data set already has an intercept column");
        }
        int d = x.cols();
        DenseMatrix xi = DenseMatrix.zeros(x.rows(), d + 1);
        DenseVector yi = DenseVector.zeros(y.length());
        MemorySegment src = x.segment();
        MemorySegment dst = xi.segment();
        long rowBytes = d * OffHeapArray.DOUBLE_BYTES;
        for (long i = 0; i < x.rows(); i++) {
            MemorySegment.copy(src, i * rowBytes, dst, i * (rowBytes + OffHeapArray.DOUBLE_BYTES), rowBytes);
            dst.setAtIndex(ValueLayout.JAVA_DOUBLE, i * (d + 1) + d, 1.0);
        }
        MemorySegment.copy(y.segment(), 0, yi.segment(), 0, y.segment().byteSize());
        String[] names = null;
        if (featureNames != null) {
            names = java.util.Arrays.copyOf(featureNames, d + 1);
            names[d] = "(intercept)";
        }
        return new Dataset(xi, yi, true, names);
    }

    /**
     * A data set that shares this one's {@code X} (borrowed: closing the new one leaves {@code X} open) with
     * other targets {@code y}, which it owns; same intercept flag and feature names.
     *
     * @throws IllegalArgumentException if {@code y} does not have one entry per row
     * @param y the new targets
     * @return the new data set, which the caller closes
     */
    public Dataset withTargets(DenseVector y) {
        DenseMatrix shared = DenseMatrix.wrap(x.segment(), x.rows(), x.cols());
        return new Dataset(shared, y, intercept, featureNames);
    }

    /** {@return the design matrix, {@code n x d} (including the intercept column when there is one)} */
    public DenseMatrix x() {
        return x;
    }

    /** {@return the targets, length {@code n}} */
    public DenseVector y() {
        return y;
    }

    /** {@return number of samples {@code n}} */
    public long samples() {
        return x.rows();
    }

    /** {@return number of parameters {@code d} (columns of {@code X}, intercept included)} */
    public int features() {
        return x.cols();
    }

    /** {@return whether the last column is an unpenalized intercept} */
    public boolean hasIntercept() {
        return intercept;
    }

    /**
     * Whether parameter {@code j} is penalized by an L2 term: all but the intercept.
     *
     * @param j a parameter index
     * @return {@code false} only for the intercept
     */
    public boolean isPenalized(int j) {
        if (j < 0 || j >= x.cols()) {
            throw new IndexOutOfBoundsException("parameter " + j + " outside 0.." + (x.cols() - 1));
        }
        return !(intercept && j == x.cols() - 1);
    }

    /** {@return column names, or {@code null} when the source had none} */
    public String[] featureNames() {
        return featureNames == null ? null : featureNames.clone();
    }

    @Override
    public void close() {
        x.close();
        y.close();
    }
}
