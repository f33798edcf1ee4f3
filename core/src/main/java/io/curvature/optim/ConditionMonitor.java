package io.curvature.optim;

import io.curvature.linalg.JavaLapack;

import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

/**
 * Condition-number monitoring (docs/math.md 2.5): {@code kappa_2(H) = max|lambda| / min|lambda|}, exact from
 * the eigenvalues of the dense Hessian, or estimated from the extreme Ritz values of {@code k} Lanczos
 * steps on Hessian-vector products (full reorthogonalization; a fixed seeded start, so runs repeat).
 * Off ({@link ConditionMonitoring.Mode#NONE}) it allocates and computes nothing.
 */
final class ConditionMonitor {

    private final ConditionMonitoring.Mode mode;
    private final MemorySegment h;
    private final MemorySegment ev;
    private final MemorySegment basis;
    private final MemorySegment t;
    private final MemorySegment ritz;
    private final MemorySegment work;
    private final int steps;

    ConditionMonitor(Run r) {
        mode = r.options.monitoring().mode();
        int d = r.d;
        steps = Math.min(r.options.monitoring().lanczosSteps(), d);
        h = mode == ConditionMonitoring.Mode.EXACT ? r.matrix() : null;
        ev = mode == ConditionMonitoring.Mode.EXACT ? r.vector() : null;
        boolean lanczos = mode == ConditionMonitoring.Mode.LANCZOS;
        basis = lanczos ? r.memory.allocate((long) (steps + 1) * d * 8, 64) : null;
        t = lanczos ? r.memory.allocate((long) steps * steps * 8, 64) : null;
        ritz = lanczos ? r.memory.allocate(steps * 8L, 64) : null;
        work = lanczos ? r.vector() : null;
    }

    /** {@code kappa} at {@code r.w}, or NaN when off. */
    double kappa(Run r) {
        return switch (mode) {
            case NONE -> Double.NaN;
            case EXACT -> exact(r);
            case LANCZOS -> lanczos(r);
        };
    }

    private double exact(Run r) {
        r.hessian(r.w, h);
        r.lapack.syevd(false, r.d, h, 0, r.d, ev, 0);
        return ratio(ev, r.d);
    }

    private static double ratio(MemorySegment values, int count) {
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double a = Math.abs(values.getAtIndex(Run.D, i));
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        return max / min;
    }

    private double lanczos(Run r) {
        int d = r.d;
        SplittableRandom rnd = new SplittableRandom(42);
        double norm = 0;
        for (int j = 0; j < d; j++) {
            double v = rnd.nextDouble() - 0.5;
            basis.setAtIndex(Run.D, j, v);
            norm += v * v;
        }
        r.k.scal(d, 1 / Math.sqrt(norm), basis, 0);
        t.fill((byte) 0);
        int m = steps;
        for (int j = 0; j < steps; j++) {
            long qj = (long) j * d;
            MemorySegment q = basis.asSlice(qj * 8, d * 8L);
            r.hessianVector(r.w, q, work);
            double alpha = r.k.dot(d, work, 0, basis, qj);
            t.setAtIndex(Run.D, (long) j * steps + j, alpha);
            // full reorthogonalization against every basis vector so far (twice is enough)
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i <= j; i++) {
                    r.k.axpy(d, -r.k.dot(d, work, 0, basis, (long) i * d), basis, (long) i * d, work, 0);
                }
            }
            double beta = r.k.nrm2(d, work, 0);
            if (j + 1 == steps || beta <= 1e-12 * Math.abs(alpha)) {
                m = j + 1;
                break;
            }
            t.setAtIndex(Run.D, (long) j * steps + j + 1, beta);
            t.setAtIndex(Run.D, (long) (j + 1) * steps + j, beta);
            MemorySegment.copy(work, 0, basis, (qj + d) * 8, d * 8L);
            r.k.scal(d, 1 / beta, basis, qj + d);
        }
        // the small tridiagonal eigenproblem: Java is fine (and avoids native calls for k <= 50)
        new JavaLapack().syevd(false, m, t, 0, steps, ritz, 0);
        return ratio(ritz, m);
    }
}
