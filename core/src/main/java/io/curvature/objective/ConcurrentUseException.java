package io.curvature.objective;

/**
 * An object that keeps a workspace (an objective) was called from a second thread while a first was inside
 * it. The optimizers let it propagate: it is a programming error, not a property of the objective.
 */
public final class ConcurrentUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with the given message.
     *
     * @param message names the object and the thread inside it
     */
    public ConcurrentUseException(String message) {
        super(message);
    }
}
