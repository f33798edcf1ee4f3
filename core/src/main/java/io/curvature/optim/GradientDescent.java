package io.curvature.optim;

/**
 * {@code p = -g} (docs/math.md 2.1) with Armijo backtracking; the first trial step doubles the last accepted
 * one (at most 1e10), the very first is {@code 1 / ||g||_inf}.
 */
final class GradientDescent implements Direction {

    private double last = Double.NaN;

    @Override
    public double compute(Run r) {
        r.negate(r.p, r.g);
        double t0 = Double.isNaN(last) ? 1 / Math.max(r.normInf(r.g), 1e-300) : Math.min(2 * last, 1e10);
        return t0;
    }

    @Override
    public void update(Run r) {
        last = Math.sqrt(r.dot(r.s, r.s) / Math.max(r.dot(r.p, r.p), 1e-300));
    }
}
