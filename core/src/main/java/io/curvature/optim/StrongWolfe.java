package io.curvature.optim;

/**
 * A strong Wolfe line search (docs/math.md 3.2): bracketing by step doubling, then a zoom with safeguarded
 * cubic interpolation (Nocedal and Wright, Algorithms 3.5 and 3.6). Accepts {@code t} with
 * {@code f(w + t p) <= f(w) + c1 t g^T p} and {@code |g(w + t p)^T p| <= c2 |g^T p|}.
 */
final class StrongWolfe implements LineSearch {

    private static final int MAX_BRACKET = 30;
    private static final int MAX_ZOOM = 40;

    private final double c2;

    StrongWolfe(double c2) {
        this.c2 = c2;
    }

    @Override
    public double search(Run r, double slope, double t0) {
        if (LineSearch.unresolved(r, slope, t0)) {
            return LineSearch.derivativeOnly(r, slope, t0, c2);
        }
        double f0 = r.f;
        double tPrev = 0;
        double fPrev = f0;
        double dPrev = slope;
        double t = t0;
        for (int i = 0; i < MAX_BRACKET; i++) {
            double ft = trial(r, t);
            double dt = r.dot(r.gNew, r.p);
            if (i == 0 && ft > f0 + C1 * t * slope && LineSearch.withinRoundoff(r)) {
                return t;
            }
            if (ft > f0 + C1 * t * slope || (i > 0 && ft >= fPrev)) {
                return zoom(r, slope, tPrev, fPrev, dPrev, t, ft, dt);
            }
            if (Math.abs(dt) <= -c2 * slope) {
                return t;
            }
            if (dt >= 0) {
                return zoom(r, slope, t, ft, dt, tPrev, fPrev, dPrev);
            }
            tPrev = t;
            fPrev = ft;
            dPrev = dt;
            t *= 2;
        }
        return Double.NaN;
    }

    private static double trial(Run r, double t) {
        r.combine(r.wNew, r.w, t, r.p);
        r.fNew = r.evaluate(r.wNew, r.gNew);
        return r.fNew;
    }

    /** Zoom between {@code lo} (the better end, satisfying sufficient decrease) and {@code hi}. */
    private double zoom(Run r, double slope, double lo, double fLo, double dLo, double hi, double fHi, double dHi) {
        double f0 = r.f;
        for (int i = 0; i < MAX_ZOOM; i++) {
            double t = cubicMinimizer(lo, fLo, dLo, hi, fHi, dHi);
            double ft = trial(r, t);
            double dt = r.dot(r.gNew, r.p);
            if (ft > f0 + C1 * t * slope || ft >= fLo) {
                hi = t;
                fHi = ft;
                dHi = dt;
            } else {
                if (Math.abs(dt) <= -c2 * slope) {
                    return t;
                }
                if (dt * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dHi = dLo;
                }
                lo = t;
                fLo = ft;
                dLo = dt;
            }
            if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) {
                break;
            }
        }
        // The interval collapsed: accept lo if it decreased f (it satisfies sufficient decrease).
        if (lo > 0 && fLo < f0) {
            trial(r, lo);
            return lo;
        }
        return Double.NaN;
    }

    /**
     * The minimizer of the cubic through {@code (a, fa, da)} and {@code (b, fb, db)}, kept at least a tenth
     * of the interval away from either end (bisection when the cubic has no usable minimizer).
     */
    static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        double margin = 0.1 * (hi - lo);
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        double t;
        if (disc >= 0 && Double.isFinite(disc)) {
            double d2 = Math.copySign(Math.sqrt(disc), b - a);
            t = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
        } else {
            t = 0.5 * (a + b);
        }
        if (!Double.isFinite(t) || t < lo + margin || t > hi - margin) {
            t = 0.5 * (a + b);
        }
        return t;
    }
}
