package io.curvature.objective;

import io.curvature.data.Dataset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the GLM objectives share around their passes (docs/math.md 1.1): the argument checks, and turning a pass's
 * sums into the mean plus the L2 penalty on the penalized parameters. One implementation for dense ({@link Glm})
 * and sparse ({@link SparseGlm}) data.
 */
final class Penalty {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private Penalty() {
    }

    /** The checks of both constructors: a penalty, a thread count, rows, and labels in the loss's domain. */
    static void checkArguments(Dataset data, GlmLoss loss, double lambda, int threads) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (data.samples() == 0) {
            throw new IllegalArgumentException("the data set has no rows");
        }
        Glm.checkLabels(data, loss);
    }

    /** {@code grad = grad / n + lambda w} (penalized entries); returns {@code sum / n + (lambda/2) ||w_pen||^2}. */
    static double valueAndGradient(Dataset data, double lambda, long n, int d, double sum, MemorySegment w,
                                   MemorySegment grad) {
        double penalty = 0;
        double inv = 1.0 / n;
        for (int j = 0; j < d; j++) {
            double wj = w.getAtIndex(D, j);
            double g = grad.getAtIndex(D, j) * inv;
            if (data.isPenalized(j)) {
                penalty += wj * wj;
                g += lambda * wj;
            }
            grad.setAtIndex(D, j, g);
        }
        return sum * inv + 0.5 * lambda * penalty;
    }

    /** {@code out = out / n + lambda v} on the penalized entries. */
    static void hessianVector(Dataset data, double lambda, long n, int d, MemorySegment v, MemorySegment out) {
        double inv = 1.0 / n;
        for (int j = 0; j < d; j++) {
            double h = out.getAtIndex(D, j) * inv;
            if (data.isPenalized(j)) {
                h += lambda * v.getAtIndex(D, j);
            }
            out.setAtIndex(D, j, h);
        }
    }

    /** {@code out = out / n + lambda} on the penalized entries (the Hessian's diagonal). */
    static void diagonal(Dataset data, double lambda, long n, int d, MemorySegment out) {
        for (int j = 0; j < d; j++) {
            out.setAtIndex(D, j, out.getAtIndex(D, j) / n + (data.isPenalized(j) ? lambda : 0));
        }
    }
}
