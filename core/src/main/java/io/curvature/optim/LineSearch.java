package io.curvature.optim;

/**
 * Step-length selection along {@code r.p} from {@code r.w} (docs/math.md section 3): on success the accepted
 * point and its gradient are in {@code r.wNew}, {@code r.gNew}, its value in {@code r.fNew}, and the step is
 * returned; on failure, NaN.
 */
interface LineSearch {

    double C1 = 1e-4;

    double search(Run r, double slope, double t0);

    /** Armijo backtracking: halve {@code t} until sufficient decrease (3.1). */
    LineSearch ARMIJO = (r, slope, t0) -> {
        if (unresolved(r, slope, t0)) {
            return derivativeOnly(r, slope, t0, 0.9);
        }
        double t = t0;
        for (int trial = 0; trial < 60; trial++) {
            r.combine(r.wNew, r.w, t, r.p);
            r.fNew = r.evaluate(r.wNew, r.gNew);
            if (r.fNew <= r.f + C1 * t * slope || (trial == 0 && withinRoundoff(r))) {
                return t;
            }
            t *= 0.5;
        }
        return Double.NaN;
    };

    /**
     * Near a minimum, {@code f} changes less than its rounding error and no step can show sufficient
     * decrease. The first trial step is then accepted when {@code f} did not rise beyond rounding and the
     * gradient shrank, overall or along {@code p} (the "approximate Wolfe" idea of Hager and Zhang):
     * otherwise a fast method would stop short of a tight {@code gtol}.
     */
    static boolean withinRoundoff(Run r) {
        // 1e-10 |f|: above the rounding error of a sum over many samples, far below any real decrease
        if (r.fNew > r.f + 1e-10 * Math.abs(r.f)) {
            return false;
        }
        return r.normInf(r.gNew) < r.normInf(r.g) || Math.abs(r.dot(r.gNew, r.p)) < Math.abs(r.dot(r.g, r.p));
    }

    /**
     * Whether {@code f} can no longer resolve the decrease a step promises: {@code |g^T p| t0} below
     * {@code 1e-10 |f|}, well above the rounding error of {@code f} itself (a sum over many samples).
     */
    static boolean unresolved(Run r, double slope, double t0) {
        return Math.abs(slope) * t0 <= 1e-10 * Math.abs(r.f);
    }

    /**
     * A line search on the directional derivative alone, for the regime where {@code f} is rounding noise:
     * finds {@code t} with {@code |g(w + t p)^T p| <= c2 |g^T p|} by doubling until the derivative turns
     * non-negative, then safeguarded secant steps. Along a descent direction of a function convex on the
     * line this moves toward the one-dimensional minimizer, which {@code f} can no longer see.
     */
    static double derivativeOnly(Run r, double slope, double t0, double c2) {
        double lo = 0;
        double dLo = slope;
        double hi = Double.NaN;
        double dHi = Double.NaN;
        double t = t0;
        for (int k = 0; k < 60; k++) {
            r.combine(r.wNew, r.w, t, r.p);
            r.fNew = r.evaluate(r.wNew, r.gNew);
            double dt = r.dot(r.gNew, r.p);
            if (Math.abs(dt) <= c2 * Math.abs(slope)) {
                return t;
            }
            if (dt < 0) {
                lo = t;
                dLo = dt;
            } else {
                hi = t;
                dHi = dt;
            }
            if (Double.isNaN(hi)) {
                t *= 2;
            } else {
                double secant = lo - dLo * (hi - lo) / (dHi - dLo);
                double margin = 0.1 * (hi - lo);
                t = Math.min(Math.max(secant, lo + margin), hi - margin);
            }
        }
        return Double.NaN;
    }

    /** Strong Wolfe with {@code c2} (3.2). */
    static LineSearch strongWolfe(double c2) {
        return new StrongWolfe(c2);
    }
}
