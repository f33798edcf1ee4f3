package io.curvature.data;

/**
 * Input data that cannot be used: a malformed file, a bad token, a ragged row, a non-finite value, a
 * shape that does not fit. The message names the source and the place (line, row, column).
 */
public final class DataFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception whose message is {@code source + ": " + problem}.
     *
     * @param source the file or other source
     * @param problem what is wrong, and where
     */
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    /**
     * As {@link #DataFormatException(String, String)} with a cause.
     *
     * @param source the file or other source
     * @param problem what is wrong, and where
     * @param cause the underlying failure
     */
    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
