package io.curvature.optim;

/**
 * The outcome of a run.
 *
 * @param w                 the final parameters
 * @param f                 {@code f(w)}
 * @param gradNorm          {@code ||grad f(w)||_inf}
 * @param iterations        iterations taken
 * @param valueEvaluations  evaluations of {@code f} (with or without gradient)
 * @param gradientEvaluations evaluations of the gradient
 * @param hvpEvaluations    Hessian-vector products
 * @param hessianEvaluations dense Hessians
 * @param status            why it stopped
 * @param message           the status in words, with details
 * @param method            the method run (for {@link Method#AUTO}, the one it chose; AUTO itself if the run
 *                          ended at its first evaluation, before a choice)
 * @param path              the path taken and why
 * @param modifiedEigenvalues for the spectral methods, eigenvalues modified at the last iteration (else 0)
 * @param trace             per-iteration values
 * @param cause             for {@link Status#OBJECTIVE_FAILED}, the exception the objective threw; else {@code null}
 */
public record Result(double[] w, double f, double gradNorm, int iterations, long valueEvaluations,
                     long gradientEvaluations, long hvpEvaluations, long hessianEvaluations, Status status,
                     String message, Method method, String path, int modifiedEigenvalues, Trace trace,
                     Throwable cause) {

    /**
     * {@return this result with another status and message (everything else kept)}
     *
     * @param newStatus  the status
     * @param newMessage its explanation
     */
    public Result withStatus(Status newStatus, String newMessage) {
        return new Result(w, f, gradNorm, iterations, valueEvaluations, gradientEvaluations, hvpEvaluations,
                hessianEvaluations, newStatus, newMessage, method, path, modifiedEigenvalues, trace, cause);
    }
}
