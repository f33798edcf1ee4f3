package io.curvature.cli;

/** A failure the command line reports as one line, with its exit code. */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Bad input: a missing file, a bad column, NaN in data, an unknown method. */
    static final int BAD_INPUT = 2;
    /** The run did not converge. */
    static final int NOT_CONVERGED = 3;

    final int exitCode;

    CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** With the cause {@code --debug} prints. */
    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
