package io.curvature.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A design matrix {@code X} ({@code n x d}), dense or sparse ({@link CsrMatrix}), with targets {@code y} (length
 * {@code n}), and whether the last column of {@code X} is an intercept: a column of ones that the penalty does
 * not touch (docs/math.md 1.1). The data set closes both with itself (memory it borrowed stays the lender's).
 *
 * <p>A data set made by {@link #withIntercept()} does not store its column of ones: its {@link #x()} or
 * {@link #sparseX()} is the original's matrix, shared, and the kernels supply the ones
 * ({@link #hasImplicitIntercept()}).
 */
public final class Dataset implements AutoCloseable {

    private final DenseMatrix x;
    private final CsrMatrix sparse;
    private final DenseVector y;
    private final boolean intercept;
    /** The intercept's column of ones is not stored (a view of another data set's matrix). */
    private final boolean onesImplicit;
    /** Whether {@link #close()} closes the matrix: not for a view, whose matrix is the original's. */
    private final boolean ownsX;
    /** A data set this one took over ({@link #withInterceptTakingOver()}), closed with it; or null. */
    private final Dataset takenOver;
    private final String[] featureNames;

    private Dataset(DenseMatrix x, CsrMatrix sparse, DenseVector y, boolean intercept, String[] featureNames) {
        this(x, sparse, y, intercept, false, true, null, featureNames);
    }

    private Dataset(DenseMatrix x, CsrMatrix sparse, DenseVector y, boolean intercept, boolean onesImplicit,
                    boolean ownsX, Dataset takenOver, String[] featureNames) {
        long rows = x != null ? x.rows() : sparse.rows();
        int cols = (x != null ? x.cols() : sparse.cols()) + (onesImplicit ? 1 : 0);
        if (rows != y.length()) {
            throw new IllegalArgumentException("X has " + rows + " rows but y has " + y.length() + " entries");
        }
        if (featureNames != null && featureNames.length != cols) {
            throw new IllegalArgumentException(featureNames.length + " feature names for " + cols + " columns");
        }
        this.x = x;
        this.sparse = sparse;
        this.y = y;
        this.intercept = intercept;
        this.onesImplicit = onesImplicit;
        this.ownsX = ownsX;
        this.takenOver = takenOver;
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
        return new Dataset(x, null, y, false, null);
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
        return new Dataset(x, null, y, false, featureNames == null ? null : featureNames.clone());
    }

    /**
     * A sparse data set without intercept; takes ownership of {@code x} and {@code y}.
     *
     * @param x the features, {@code n x d}, in CSR form
     * @param y the targets, length {@code n}
     * @return the data set
     */
    public static Dataset ofSparse(CsrMatrix x, DenseVector y) {
        return new Dataset(null, x, y, false, null);
    }

    /**
     * A new data set with an extra last column of ones in {@code X}, flagged as unpenalized; {@code y} is copied.
     * {@code X} is shared, not copied (it may be a read-only mapping), and the column of ones is implicit
     * ({@link #hasImplicitIntercept()}): this data set must stay open while the new one is in use, and closing the
     * new one leaves {@code X} open.
     *
     * @throws IllegalStateException    if this data set already has an intercept
     * @throws IllegalArgumentException if {@code X} has {@code 2^31 - 1} columns, with no room for one more
     * @return the new data set, which the caller closes
     */
    public Dataset withIntercept() {
        return withIntercept(null);
    }

    /**
     * As {@link #withIntercept()}, for a data set read only to be fitted with an intercept: the new data set takes
     * this one over and closes it when it is closed, so the caller closes the new one only.
     *
     * @throws IllegalStateException    if this data set already has an intercept
     * @throws IllegalArgumentException as {@link #withIntercept()}
     * @return the new data set, which the caller closes (and with it this one)
     */
    public Dataset withInterceptTakingOver() {
        return withIntercept(this);
    }

    private Dataset withIntercept(Dataset takeOver) {
        if (intercept) {
            throw new IllegalStateException("the data set already has an intercept column");
        }
        if (features() == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a matrix of " + features() + " columns has no room for an intercept "
                    + "column (at most 2^31 - 2 features with an intercept)");
        }
        return new Dataset(x, sparse, y.copy(), true, true, false, takeOver, namesWithIntercept());
    }

    private String[] namesWithIntercept() {
        if (featureNames == null) {
            return null;
        }
        String[] names = java.util.Arrays.copyOf(featureNames, featureNames.length + 1);
        names[featureNames.length] = "(intercept)";
        return names;
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
        return new Dataset(x, sparse, y, intercept, onesImplicit, false, null, featureNames);
    }

    /**
     * {@return the design matrix as stored, {@code n x d}, including the intercept column when there is one, unless
     * that column is implicit ({@link #hasImplicitIntercept()}): then {@code n x (d - 1)}}
     *
     * @throws IllegalStateException for a sparse data set ({@link #sparseX()})
     */
    public DenseMatrix x() {
        if (x == null) {
            throw new IllegalStateException("a sparse data set (" + sparse.rows() + " x " + sparse.cols()
                    + "): read it through sparseX() or rowInto()");
        }
        return x;
    }

    /**
     * {@return a dense copy of this data set (targets, intercept flag and names kept); for a dense one, a copy too}
     *
     * @throws IllegalArgumentException if the dense matrix would not fit in memory ({@link MemoryBudget})
     */
    public Dataset toDense() {
        DenseMatrix m = DenseMatrix.zeros(samples(), features());
        double[] row = new double[features()];
        for (long i = 0; i < samples(); i++) {
            rowInto(i, row);
            MemorySegment.copy(row, 0, m.segment(), ValueLayout.JAVA_DOUBLE, i * features() * 8L, features());
        }
        return new Dataset(m, null, y.copy(), intercept, featureNames);
    }

    /** {@return whether {@code X} is stored sparse} */
    public boolean isSparse() {
        return sparse != null;
    }

    /**
     * {@return the sparse design matrix as stored: without the intercept column when that is implicit}
     *
     * @throws IllegalStateException for a dense data set ({@link #x()})
     */
    public CsrMatrix sparseX() {
        if (sparse == null) {
            throw new IllegalStateException("a dense data set: read it through x() or rowInto()");
        }
        return sparse;
    }

    /**
     * Writes row {@code i} of {@code X} densely into {@code out}, whichever the storage.
     *
     * @param i   the row
     * @param out at least {@link #features()} doubles
     */
    public void rowInto(long i, double[] out) {
        if (sparse != null) {
            sparse.rowInto(i, out);
        } else {
            MemorySegment.copy(x.segment(), ValueLayout.JAVA_DOUBLE, i * x.cols() * 8L, out, 0, x.cols());
        }
        if (onesImplicit) {
            out[features() - 1] = 1.0;
        }
    }

    /** {@return the targets, length {@code n}} */
    public DenseVector y() {
        return y;
    }

    /** {@return number of samples {@code n}} */
    public long samples() {
        return x != null ? x.rows() : sparse.rows();
    }

    /** {@return number of parameters {@code d} (columns of {@code X}, intercept included)} */
    public int features() {
        return (x != null ? x.cols() : sparse.cols()) + (onesImplicit ? 1 : 0);
    }

    /** {@return whether the last column is an unpenalized intercept} */
    public boolean hasIntercept() {
        return intercept;
    }

    /** {@return whether the intercept's column of ones is implicit: not stored in {@link #x()}} */
    public boolean hasImplicitIntercept() {
        return onesImplicit;
    }

    /**
     * Whether parameter {@code j} is penalized by an L2 term: all but the intercept.
     *
     * @param j a parameter index
     * @return {@code false} only for the intercept
     */
    public boolean isPenalized(int j) {
        int d = features();
        if (j < 0 || j >= d) {
            throw new IndexOutOfBoundsException("parameter " + j + " outside 0.." + (d - 1));
        }
        return !(intercept && j == d - 1);
    }

    /** {@return column names, or {@code null} when the source had none} */
    public String[] featureNames() {
        return featureNames == null ? null : featureNames.clone();
    }

    @Override
    public void close() {
        if (x != null && ownsX) {
            x.close();
        }
        if (sparse != null && ownsX) {
            sparse.close();
        }
        if (takenOver != null) {
            takenOver.close();
        }
        y.close();
    }
}
