package io.curvature.objective;

import io.curvature.data.Dataset;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Multinomial (softmax) regression with {@code K} classes (docs/math.md 1.2): {@code W} is {@code d x K},
 * flattened row-major ({@code w[j K + c]}); {@code P = softmax(X W)} row-wise, {@code Y} one-hot from
 * integer labels {@code 0..K-1};
 * {@code f = (1/n) sum_i [logsumexp(z_i) - z_i . y_i] + (lambda/2) ||W_penalized||^2},
 * {@code G = X^T (P - Y) / n + lambda W}, and for a direction {@code V}: {@code Z' = X V},
 * {@code R_i = P_i * Z'_i - P_i (P_i . Z'_i)}, {@code H V = X^T R / n + lambda V}. The intercept row of
 * {@code W} (when the data has an intercept column) is not penalized.
 */
public final class Softmax implements Objective {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final Dataset data;
    private final int k;
    private final int d;
    private final long n;
    private final double lambda;
    private final int[] labels;
    private final double[] row;
    private final double[] z;
    private final double[] p;
    private final double[] zv;
    private final double[] params;
    private final double[] dir;
    private final double[] acc;
    private final SingleThreadedUse use = new SingleThreadedUse("this Softmax objective");

    /**
     * A softmax objective over {@code classes} classes.
     *
     * @param data    features and integer labels {@code 0..classes-1} (not owned)
     * @param classes {@code K >= 2}
     * @param lambda  L2 penalty {@code >= 0}
     * @throws IllegalArgumentException for a label that is not an integer in range (naming the row)
     */
    public Softmax(Dataset data, int classes, double lambda) {
        if (classes < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 classes, got " + classes);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        if (data.samples() < 1 || data.samples() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("softmax needs 1 .. 2^31-1 rows, got " + data.samples());
        }
        this.data = data;
        this.k = classes;
        this.d = data.features();
        this.n = data.samples();
        this.lambda = lambda;
        this.labels = new int[(int) n];
        MemorySegment y = data.y().segment();
        for (int i = 0; i < n; i++) {
            double v = y.getAtIndex(D, i);
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new LabelException(i, v, "is not a class 0.." + (classes - 1));
            }
            labels[i] = (int) v;
        }
        int dim = Math.multiplyExact(d, k);
        row = new double[d];
        z = new double[k];
        p = new double[k];
        zv = new double[k];
        params = new double[dim];
        dir = new double[dim];
        acc = new double[dim];
    }

    /**
     * The number of classes labels in {@code data} suggest: the largest label plus one.
     *
     * @param data labels coded {@code 0..K-1}
     * @return {@code K}
     */
    public static int classesOf(Dataset data) {
        double max = 0;
        for (long i = 0; i < data.samples(); i++) {
            max = Math.max(max, data.y().get(i));
        }
        return (int) max + 1;
    }

    @Override
    public int dimension() {
        return d * k;
    }

    /** {@return classes {@code K}} */
    public int classes() {
        return k;
    }

    @Override
    public double value(MemorySegment w) {
        return evaluate(w, null);
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        return evaluate(w, grad);
    }

    private double evaluate(MemorySegment w, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(w, D, 0, params, 0, d * k);
            java.util.Arrays.fill(acc, 0.0);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double lse = probabilities(i, params);
                sum += lse - z[labels[i]];
                if (grad != null) {
                    p[labels[i]] -= 1; // P - Y
                    addOuter(p);
                }
            }
            double penalty = 0;
            for (int j = 0; j < d; j++) {
                if (data.isPenalized(j)) {
                    for (int c = 0; c < k; c++) {
                        penalty += params[j * k + c] * params[j * k + c];
                    }
                }
            }
            if (grad != null) {
                finish(params, grad);
            }
            return sum / n + 0.5 * lambda * penalty;
        } finally {
            use.release(claimed);
        }
    }

    /** Loads row {@code i}, sets {@code z = x_i W} and {@code p = softmax(z)}; returns logsumexp(z). */
    private double probabilities(int i, double[] wArr) {
        data.rowInto(i, row);
        java.util.Arrays.fill(z, 0.0);
        for (int j = 0; j < d; j++) {
            double xj = row[j];
            if (xj != 0) {
                for (int c = 0; c < k; c++) {
                    z[c] += xj * wArr[j * k + c];
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, z[c]);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(z[c] - max);
            s += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= s;
        }
        return max + Math.log(s);
    }

    /** {@code acc += x_i r^T} for the loaded row. */
    private void addOuter(double[] r) {
        for (int j = 0; j < d; j++) {
            double xj = row[j];
            if (xj != 0) {
                for (int c = 0; c < k; c++) {
                    acc[j * k + c] += xj * r[c];
                }
            }
        }
    }

    /** {@code out = acc / n + lambda v} (penalized rows only). */
    private void finish(double[] v, MemorySegment out) {
        for (int j = 0; j < d; j++) {
            boolean pen = data.isPenalized(j);
            for (int c = 0; c < k; c++) {
                int at = j * k + c;
                out.setAtIndex(D, at, acc[at] / n + (pen ? lambda * v[at] : 0));
            }
        }
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment out) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(w, D, 0, params, 0, d * k);
            MemorySegment.copy(v, D, 0, dir, 0, d * k);
            java.util.Arrays.fill(acc, 0.0);
            for (int i = 0; i < n; i++) {
                probabilities(i, params);
                java.util.Arrays.fill(zv, 0.0);
                for (int j = 0; j < d; j++) {
                    double xj = row[j];
                    if (xj != 0) {
                        for (int c = 0; c < k; c++) {
                            zv[c] += xj * dir[j * k + c];
                        }
                    }
                }
                double pz = 0;
                for (int c = 0; c < k; c++) {
                    pz += p[c] * zv[c];
                }
                for (int c = 0; c < k; c++) {
                    zv[c] = p[c] * zv[c] - p[c] * pz; // R_i
                }
                addOuter(zv);
            }
            finish(dir, out);
        } finally {
            use.release(claimed);
        }
    }
}
