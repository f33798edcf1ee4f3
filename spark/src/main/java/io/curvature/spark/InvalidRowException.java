package io.curvature.spark;

/**
 * A row of a Spark data set that Curvature cannot fit: a null or non-finite feature, a feature vector of the
 * wrong size, a label outside the loss's domain. The message names the column, and the partition and row within
 * it where the row was read (Spark data sets have no global row numbers without an extra pass).
 */
public final class InvalidRowException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The column. */
    private final String column;

    /**
     * An exception for a bad value in {@code column}.
     *
     * @param column    the column's name
     * @param partition the partition the row is in
     * @param row       the 0-based row within the partition
     * @param problem   what is wrong, e.g. {@code "entry 3 is NaN; features must be finite"}
     */
    public InvalidRowException(String column, int partition, long row, String problem) {
        super("column '" + column + "', partition " + partition + ", row " + row + ": " + problem);
        this.column = column;
    }

    /** The same exception, raised again on the driver after Spark reported the task's failure. */
    InvalidRowException(InvalidRowException onExecutor) {
        super(onExecutor.getMessage(), onExecutor);
        this.column = onExecutor.column;
    }

    /** {@return the column that holds the bad value} */
    public String column() {
        return column;
    }
}
