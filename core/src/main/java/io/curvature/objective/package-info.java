/**
 * Functions to minimize: the {@link io.curvature.objective.Objective} contract (value, gradient, Hessian-vector
 * product, dense Hessian), the generalized linear models, softmax, a small neural network, objectives from user
 * code, and a check of derivatives against finite differences.
 */
package io.curvature.objective;
