/**
 * Dense linear algebra: the LAPACK subset the optimizers use ({@link io.curvature.linalg.Lapack}), checked in one
 * place, with a pure-Java implementation and a service interface for the native one; typed exceptions for
 * singular and indefinite matrices.
 */
package io.curvature.linalg;
