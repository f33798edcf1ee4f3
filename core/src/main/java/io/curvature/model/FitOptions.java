package io.curvature.model;

import io.curvature.optim.Method;

/**
 * What a model was fitted with: the method asked for, the penalty actually used, the intercept choice and the
 * stopping rule. Stored in the model file.
 *
 * @param method        the method asked for ({@link Method#AUTO} by default; {@link FitReport#method()} says what ran)
 * @param lambda        the L2 penalty used (docs/math.md 1.1)
 * @param c             the inverse penalty {@code C = 1 / (n lambda)} when the user gave {@code C}, else {@code NaN}
 * @param fitIntercept  whether an unpenalized intercept was fitted
 * @param gtol          the stopping tolerance on {@code ||grad f||_inf}
 * @param maxIterations the iteration budget
 * @param threads       threads of the data passes
 */
public record FitOptions(Method method, double lambda, double c, boolean fitIntercept, double gtol, int maxIterations,
                         int threads) {
}
