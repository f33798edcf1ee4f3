/**
 * What users fit: the estimators {@link io.curvature.model.LinearRegression},
 * {@link io.curvature.model.LogisticRegression}, {@link io.curvature.model.PoissonRegression} and
 * {@link io.curvature.model.SoftmaxRegression}, and the immutable, thread-safe models they return, which predict,
 * give probabilities and are saved to and loaded from one versioned JSON file.
 */
package io.curvature.model;
