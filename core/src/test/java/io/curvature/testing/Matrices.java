package io.curvature.testing;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

/** Test matrices as row-major {@code double[]}, and their transfer to and from segments. */
public final class Matrices {

    private Matrices() {
    }

    /** A random symmetric matrix with the given eigenvalues: {@code Q diag(lambda) Q^T}, Q from Gram-Schmidt. */
    public static double[] withEigenvalues(double[] lambda, Random rnd) {
        int n = lambda.length;
        double[] q = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                q[i * n + k] = rnd.nextGaussian();
            }
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int k = 0; k < n; k++) {
                    dot += q[i * n + k] * q[j * n + k];
                }
                for (int k = 0; k < n; k++) {
                    q[i * n + k] -= dot * q[j * n + k];
                }
            }
            double norm = 0;
            for (int k = 0; k < n; k++) {
                norm += q[i * n + k] * q[i * n + k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < n; k++) {
                q[i * n + k] /= norm;
            }
        }
        double[] a = new double[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[k * n + r] * lambda[k] * q[k * n + c];
                }
                a[r * n + c] = s;
                a[c * n + r] = s;
            }
        }
        return a;
    }

    /** A random general matrix with entries N(0, 1). */
    public static double[] gaussian(int n, Random rnd) {
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    /** {@code a} (n x n) in a new native segment with leading dimension {@code lda} at element offset {@code off}. */
    public static MemorySegment toSegment(Arena arena, double[] a, int n, int lda, long off) {
        MemorySegment s = arena.allocate((off + (long) Math.max(0, n - 1) * lda + n + 1) * Double.BYTES, 64);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(a, i * n, s, ValueLayout.JAVA_DOUBLE, (off + (long) i * lda) * Double.BYTES, n);
        }
        return s;
    }

    /** The n x n matrix at {@code off} with leading dimension {@code lda}. */
    public static double[] fromSegment(MemorySegment s, int n, int lda, long off) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(s, ValueLayout.JAVA_DOUBLE, (off + (long) i * lda) * Double.BYTES, a, i * n, n);
        }
        return a;
    }

    /** {@code a b} for n x n row-major matrices. */
    public static double[] multiply(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return c;
    }

    /** The largest absolute entry. */
    public static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
