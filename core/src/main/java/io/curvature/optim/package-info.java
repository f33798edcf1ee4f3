/**
 * The optimizers: {@link io.curvature.optim.Minimizer#minimize} runs any {@link io.curvature.optim.Method} on any
 * objective under {@link io.curvature.optim.Options} and returns a {@link io.curvature.optim.Result} with a status,
 * the path taken and a trace; {@code AUTO} picks the method from the problem and the machine.
 */
package io.curvature.optim;
