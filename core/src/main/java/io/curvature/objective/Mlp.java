package io.curvature.objective;

import io.curvature.data.DenseMatrix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A two-layer ReLU network with squared loss (docs/math.md 1.3): {@code h = relu(W1 x + b1)},
 * {@code out = W2 h + b2}, {@code f = (1/(2n)) sum_i ||out_i - t_i||^2}. The gradient by
 * back-propagation; exact Hessian-vector products by Pearlmutter's R-operator (the forward-mode
 * derivative of back-propagation along {@code v}; {@code relu''} is zero almost everywhere). Non-convex:
 * the Hessian is indefinite away from a minimum.
 *
 * <p>Parameter layout: {@code W1} ({@code hidden x in}, row-major), {@code b1} ({@code hidden}),
 * {@code W2} ({@code out x hidden}, row-major), {@code b2} ({@code out}).
 */
public final class Mlp implements Objective {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    private final int in;
    private final int hidden;
    private final int out;
    private final int n;
    private final double[] x;
    private final double[] t;
    private final int dim;
    private final int oB1;
    private final int oW2;
    private final int oB2;
    // workspace, one sample at a time
    private final double[] p;
    private final double[] dir;
    private final double[] g;
    private final double[] a1;
    private final double[] h;
    private final double[] o;
    private final double[] delta2;
    private final double[] delta1;
    private final double[] ra1;
    private final double[] rh;
    private final double[] rdelta2;
    private final double[] rdelta1;
    private final SingleThreadedUse use = new SingleThreadedUse("this Mlp objective");

    /**
     * A network of one hidden layer over the given samples.
     *
     * @param inputs  {@code n x in} samples
     * @param targets {@code n x out} targets
     * @param hidden  width of the hidden layer
     */
    public Mlp(DenseMatrix inputs, DenseMatrix targets, int hidden) {
        if (inputs.rows() != targets.rows()) {
            throw new IllegalArgumentException("inputs have " + inputs.rows() + " rows but targets have " + targets.rows());
        }
        if (hidden < 1 || inputs.rows() < 1 || inputs.rows() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("need hidden >= 1 and 1 <= n < 2^31, got hidden=" + hidden
                    + ", n=" + inputs.rows());
        }
        this.in = inputs.cols();
        this.hidden = hidden;
        this.out = targets.cols();
        this.n = (int) inputs.rows();
        this.x = flatten(inputs);
        this.t = flatten(targets);
        this.oB1 = hidden * in;
        this.oW2 = oB1 + hidden;
        this.oB2 = oW2 + out * hidden;
        this.dim = oB2 + out;
        this.p = new double[dim];
        this.dir = new double[dim];
        this.g = new double[dim];
        this.a1 = new double[hidden];
        this.h = new double[hidden];
        this.o = new double[out];
        this.delta2 = new double[out];
        this.delta1 = new double[hidden];
        this.ra1 = new double[hidden];
        this.rh = new double[hidden];
        this.rdelta2 = new double[out];
        this.rdelta1 = new double[hidden];
    }

    private static double[] flatten(DenseMatrix m) {
        double[] a = new double[Math.toIntExact(m.size())];
        MemorySegment.copy(m.segment(), D, 0, a, 0, a.length);
        return a;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public double value(MemorySegment w) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(w, D, 0, p, 0, dim);
            double f = 0;
            for (int i = 0; i < n; i++) {
                f += forward(i);
            }
            return f / (2.0 * n);
        } finally {
            use.release(claimed);
        }
    }

    /** Forward pass of sample {@code i}: fills {@code a1}, {@code h}, {@code o}; returns {@code ||o - t||^2}. */
    private double forward(int i) {
        int xi = i * in;
        for (int k = 0; k < hidden; k++) {
            double s = p[oB1 + k];
            int row = k * in;
            for (int j = 0; j < in; j++) {
                s += p[row + j] * x[xi + j];
            }
            a1[k] = s;
            h[k] = Math.max(s, 0.0);
        }
        double sq = 0;
        int ti = i * out;
        for (int m = 0; m < out; m++) {
            double s = p[oB2 + m];
            int row = oW2 + m * hidden;
            for (int k = 0; k < hidden; k++) {
                s += p[row + k] * h[k];
            }
            o[m] = s;
            double r = s - t[ti + m];
            sq += r * r;
        }
        return sq;
    }

    @Override
    public double valueAndGradient(MemorySegment w, MemorySegment grad) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(w, D, 0, p, 0, dim);
            java.util.Arrays.fill(g, 0.0);
            double f = 0;
            double inv = 1.0 / n;
            for (int i = 0; i < n; i++) {
                f += forward(i);
                for (int m = 0; m < out; m++) {
                    delta2[m] = (o[m] - t[i * out + m]) * inv;
                }
                backward(i, delta2, h, delta1, g);
            }
            MemorySegment.copy(g, 0, grad, D, 0, dim);
            return f / (2.0 * n);
        } finally {
            use.release(claimed);
        }
    }

    /**
     * Back-propagates output deltas {@code d2} of sample {@code i} through the network at {@code p}:
     * {@code acc += (d1 x^T, d1, d2 hv^T, d2)} with {@code d1 = (W2^T d2) * relu'(a1)}.
     */
    private void backward(int i, double[] d2, double[] hv, double[] d1, double[] acc) {
        for (int m = 0; m < out; m++) {
            int row = oW2 + m * hidden;
            for (int k = 0; k < hidden; k++) {
                acc[row + k] += d2[m] * hv[k];
            }
            acc[oB2 + m] += d2[m];
        }
        for (int k = 0; k < hidden; k++) {
            double s = 0;
            for (int m = 0; m < out; m++) {
                s += p[oW2 + m * hidden + k] * d2[m];
            }
            d1[k] = a1[k] > 0 ? s : 0.0;
        }
        addInputLayer(i, d1, acc);
    }

    private void addInputLayer(int i, double[] d1, double[] acc) {
        int xi = i * in;
        for (int k = 0; k < hidden; k++) {
            double dk = d1[k];
            if (dk != 0) {
                int row = k * in;
                for (int j = 0; j < in; j++) {
                    acc[row + j] += dk * x[xi + j];
                }
            }
            acc[oB1 + k] += dk;
        }
    }

    @Override
    public void hessianVector(MemorySegment w, MemorySegment v, MemorySegment result) {
        boolean claimed = use.claim();
        try {
            MemorySegment.copy(w, D, 0, p, 0, dim);
            MemorySegment.copy(v, D, 0, dir, 0, dim);
            java.util.Arrays.fill(g, 0.0);
            double inv = 1.0 / n;
            for (int i = 0; i < n; i++) {
                forward(i);
                int xi = i * in;
                // forward R-pass
                for (int k = 0; k < hidden; k++) {
                    double s = dir[oB1 + k];
                    int row = k * in;
                    for (int j = 0; j < in; j++) {
                        s += dir[row + j] * x[xi + j];
                    }
                    ra1[k] = s;
                    rh[k] = a1[k] > 0 ? s : 0.0;
                }
                for (int m = 0; m < out; m++) {
                    double s = dir[oB2 + m];
                    int row = oW2 + m * hidden;
                    for (int k = 0; k < hidden; k++) {
                        s += dir[row + k] * h[k] + p[row + k] * rh[k];
                    }
                    delta2[m] = (o[m] - t[i * out + m]) * inv;
                    rdelta2[m] = s * inv;
                }
                // backward R-pass: R(gW2) = R(d2) h^T + d2 R(h)^T, R(gb2) = R(d2)
                for (int m = 0; m < out; m++) {
                    int row = oW2 + m * hidden;
                    for (int k = 0; k < hidden; k++) {
                        g[row + k] += rdelta2[m] * h[k] + delta2[m] * rh[k];
                    }
                    g[oB2 + m] += rdelta2[m];
                }
                // R(d1) = (V_W2^T d2 + W2^T R(d2)) * relu'(a1)
                for (int k = 0; k < hidden; k++) {
                    double s = 0;
                    for (int m = 0; m < out; m++) {
                        int at = oW2 + m * hidden + k;
                        s += dir[at] * delta2[m] + p[at] * rdelta2[m];
                    }
                    rdelta1[k] = a1[k] > 0 ? s : 0.0;
                }
                addInputLayer(i, rdelta1, g);
            }
            MemorySegment.copy(g, 0, result, D, 0, dim);
        } finally {
            use.release(claimed);
        }
    }
}
