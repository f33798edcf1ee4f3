package io.curvature.objective;

/**
 * A label outside what the objective accepts (a negative count for Poisson, a non-class for softmax), with the
 * 0-based row, so that whoever read the data can name the file and the line.
 */
public final class LabelException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The 0-based row. */
    private final long row;
    /** The label found there. */
    private final double label;

    /**
     * An exception for {@code label} at {@code row}.
     *
     * @param row     the 0-based row of the data set
     * @param label   the label found there
     * @param problem what is wrong with it, e.g. {@code "is not a count >= 0 as the poisson loss needs"}
     */
    public LabelException(long row, double label, String problem) {
        super("label " + label + " at row " + row + " " + problem);
        this.row = row;
        this.label = label;
    }

    /** {@return the 0-based row} */
    public long row() {
        return row;
    }

    /** {@return the label found} */
    public double label() {
        return label;
    }

    /** {@return what is wrong with the label, without the row} */
    public String problem() {
        String m = getMessage();
        return m.substring(m.indexOf(" at row " + row + " ") + (" at row " + row + " ").length());
    }
}
