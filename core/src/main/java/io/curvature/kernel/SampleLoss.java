package io.curvature.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What the fused GLM pass needs of a loss (docs/math.md 1.1): for a block of samples, {@code l(z, y)}, its
 * derivative {@code r = l'} and the Hessian weight {@code D = l''} in the linear predictor {@code z = x . w},
 * evaluated together since they share the expensive part (one {@code exp} for logistic and Poisson). This is
 * the kernel's view; models name their loss with {@code io.curvature.objective.GlmLoss}.
 */
public enum SampleLoss {

    /** {@code (z - y)^2 / 2}; {@code r = z - y}; {@code D = 1}. */
    LEAST_SQUARES {
        @Override
        public double evaluate(int count, MemorySegment z, long zOff, MemorySegment y, long yOff,
                        MemorySegment r, long rOff, MemorySegment dd, long ddOff) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                double res = z.getAtIndex(D, zOff + i) - y.getAtIndex(D, yOff + i);
                r.setAtIndex(D, rOff + i, res);
                dd.setAtIndex(D, ddOff + i, 1.0);
                sum += 0.5 * res * res;
            }
            return sum;
        }
    },

    /**
     * Logistic, {@code y in {0, 1}}: {@code softplus(z) - y z}; {@code r = sigmoid(z) - y}; {@code D = p (1 - p)}.
     * With {@code e = exp(-|z|) <= 1} nothing overflows: {@code softplus(z) = max(z, 0) + log1p(e)}, and
     * {@code p = 1/(1+e)} or {@code e/(1+e)} by the sign of {@code z}; {@code D = e / (1+e)^2} keeps its
     * relative accuracy where {@code p} rounds to 1.
     */
    LOGISTIC {
        @Override
        public double evaluate(int count, MemorySegment z, long zOff, MemorySegment y, long yOff,
                        MemorySegment r, long rOff, MemorySegment dd, long ddOff) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                double zi = z.getAtIndex(D, zOff + i);
                double yi = y.getAtIndex(D, yOff + i);
                double e = Math.exp(-Math.abs(zi));
                double onePlusE = 1.0 + e;
                double p = zi >= 0 ? 1.0 / onePlusE : e / onePlusE;
                // log1p(e) as log(1 + e) corrected for the rounding of 1 + e (Goldberg): as accurate as
                // Math.log1p, which is not a JIT intrinsic and is slow enough to show in a fit's profile.
                double log1pE = Math.log(onePlusE) - ((onePlusE - 1.0) - e) / onePlusE;
                sum += Math.max(zi, 0.0) + log1pE - yi * zi;
                r.setAtIndex(D, rOff + i, p - yi);
                dd.setAtIndex(D, ddOff + i, e / (onePlusE * onePlusE));
            }
            return sum;
        }
    },

    /** Poisson with log link, {@code y >= 0}: {@code exp(z) - y z}; {@code r = exp(z) - y}; {@code D = exp(z)}. */
    POISSON {
        @Override
        public double evaluate(int count, MemorySegment z, long zOff, MemorySegment y, long yOff,
                        MemorySegment r, long rOff, MemorySegment dd, long ddOff) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                double zi = z.getAtIndex(D, zOff + i);
                double yi = y.getAtIndex(D, yOff + i);
                double mu = Math.exp(zi);
                sum += mu - yi * zi;
                r.setAtIndex(D, rOff + i, mu - yi);
                dd.setAtIndex(D, ddOff + i, mu);
            }
            return sum;
        }
    };

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /**
     * For {@code count} samples: reads {@code z_i} from {@code z}, writes {@code r_i} to {@code r} and
     * {@code D_i} to {@code dd}; returns {@code sum_i l(z_i, y_i)}. Offsets are element indices. Sample
     * {@code i} is read before it is written, so {@code r} or {@code dd} may be {@code z} itself.
     *
     * @param count the samples
     * @param z     the linear predictors
     * @param zOff  the first of them
     * @param y     the labels
     * @param yOff  the first of them
     * @param r     where the derivatives go
     * @param rOff  the first of them
     * @param dd    where the second derivatives go
     * @param ddOff the first of them
     * @return the summed loss
     */
    public abstract double evaluate(int count, MemorySegment z, long zOff, MemorySegment y, long yOff,
                                    MemorySegment r, long rOff, MemorySegment dd, long ddOff);

    /**
     * As {@link #evaluate}, for predictors in a heap array ({@code zView} its segment view, made once by the caller:
     * a view per call would allocate), {@code r_i} written over {@code z}: with {@code vector}, the logistic loss
     * by the vector kernels' formulas ({@code VectorLogistic}, four samples at a time, each step's latency
     * overlapping the others'), which the scalar one takes a few times as long for.
     *
     * @param vector whether the vector kernels run (then the Vector API is loaded)
     * @param count  the samples
     * @param z      the linear predictors, replaced by the derivatives
     * @param zView  {@code MemorySegment.ofArray(z)}
     * @param at     the first of them
     * @param y      the labels
     * @param yOff   the first of them
     * @param dd     where the second derivatives go
     * @param ddOff  the first of them
     * @return the summed loss, added in sample order
     */
    public double evaluateInPlace(boolean vector, int count, double[] z, MemorySegment zView, int at, MemorySegment y,
                                  long yOff, MemorySegment dd, long ddOff) {
        if (vector && this == LOGISTIC && VectorLogistic.AVAILABLE) {
            double sum = 0;
            for (int k = 0; k < count; k += 4) {
                sum += VectorLogistic.evaluate(Math.min(4, count - k), z, at + k, y, yOff + k, dd, ddOff + k);
            }
            return sum;
        }
        return evaluate(count, zView, at, y, yOff, zView, at, dd, ddOff);
    }
}
