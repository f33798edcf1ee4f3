package io.curvature.optim;

import io.curvature.objective.FunctionObjective;

import java.lang.foreign.MemorySegment;

/** Small test problems for the optimizer internals: quadratics with a known Hessian, and runs on them. */
final class Quadratics {

    private Quadratics() {
    }

    /** {@code f(w) = w^T A w / 2 - b^T w} with the symmetric {@code a} (row-major {@code d x d}); exact HVPs. */
    static FunctionObjective quadratic(double[][] a, double[] b) {
        int d = b.length;
        return new FunctionObjective(d, (w, g) -> {
            double f = 0;
            for (int i = 0; i < d; i++) {
                double ai = 0;
                for (int j = 0; j < d; j++) {
                    ai += a[i][j] * w[j];
                }
                g[i] = ai - b[i];
                f += 0.5 * w[i] * ai - b[i] * w[i];
            }
            return f;
        }, (w, v, out) -> {
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += a[i][j] * v[j];
                }
                out[i] = s;
            }
        });
    }

    static double[][] diagonal(double... entries) {
        double[][] a = new double[entries.length][entries.length];
        for (int i = 0; i < entries.length; i++) {
            a[i][i] = entries[i];
        }
        return a;
    }

    /** {@code Q diag(eigenvalues) Q^T} with the Householder reflection {@code Q = I - 2 u u^T / u^T u}. */
    static double[][] withSpectrum(double[] eigenvalues, double[] u) {
        int d = eigenvalues.length;
        double uu = 0;
        for (double x : u) {
            uu += x * x;
        }
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                q[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu;
            }
        }
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += q[i][k] * eigenvalues[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    static void set(MemorySegment segment, double... values) {
        MemorySegment.copy(values, 0, segment, Run.D, 0, values.length);
    }

    static double[] get(MemorySegment segment, int d) {
        return segment.asSlice(0, d * 8L).toArray(Run.D);
    }
}
