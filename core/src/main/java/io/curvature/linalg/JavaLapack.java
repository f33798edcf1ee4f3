package io.curvature.linalg;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Pure-Java {@link Lapack}: always available, used when the native library is not. Each routine copies
 * the matrix into a row-major heap array, works there with row-oriented inner loops (contiguous, with
 * {@code int} indices, which C2 vectorizes), and copies the result back. The heap arrays are per-thread
 * work arrays reused from call to call (up to {@link #RETAINED_DOUBLES} doubles each), so an optimizer
 * that factors a matrix every iteration allocates nothing in steady state.
 *
 * <ul>
 *   <li>{@code syevd}: Householder reduction to tridiagonal form, then the implicit QL algorithm with
 *       Wilkinson-type shifts (Golub and Van Loan, 8.3); eigenvectors accumulated as rows.</li>
 *   <li>{@code getrf}/{@code getri}: right-looking LU with partial pivoting; the inverse by forward and
 *       back substitution on the permuted identity.</li>
 *   <li>{@code potrf}/{@code potrs}: row-oriented Cholesky {@code A = L L^T}; two triangular solves.</li>
 *   <li>{@code pocon}: Hager's 1-norm estimate of {@code ||A^-1||_1} with Cholesky solves.</li>
 * </ul>
 */
public final class JavaLapack extends AbstractLapack {

    /** The pure-Java implementation (prefer {@link LinearAlgebra#provider()}, which picks the native one where it loads). */
    public JavaLapack() {
    }

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;

    /** A work array up to this many doubles (a 1024 x 1024 matrix) is kept for the thread's next call. */
    static final int RETAINED_DOUBLES = 1 << 20;

    /** Work array slots: two matrices and three vectors; a routine never uses one slot for two things. */
    private static final int MATRIX = 0;
    private static final int MATRIX_2 = 1;
    private static final int VECTOR = 2;
    private static final int VECTOR_2 = 3;
    private static final int VECTOR_3 = 4;

    private static final class Work {
        final double[][] arrays = new double[5][];
        int[] order = new int[0];
    }

    private static final ThreadLocal<Work> WORK = ThreadLocal.withInitial(Work::new);

    /** The thread's work array {@code slot}, at least {@code length} long; its contents are undefined. */
    private static double[] work(int slot, int length) {
        Work w = WORK.get();
        double[] a = w.arrays[slot];
        if (a != null && a.length >= length) {
            return a;
        }
        a = new double[length];
        w.arrays[slot] = length <= RETAINED_DOUBLES ? a : null;
        return a;
    }

    private static int[] order(int n) {
        Work w = WORK.get();
        if (w.order.length < n) {
            w.order = new int[n];
        }
        return w.order;
    }

    /** QL sweeps allowed per eigenvalue before giving up (LAPACK allows 30 per eigenvalue too). */
    private static final int MAX_SWEEPS = 30;

    @Override
    public String name() {
        return "java";
    }

    // ---- copies between segments and heap arrays ----

    private static double[] load(int n, MemorySegment a, long aOff, int lda, boolean symmetricFromLower) {
        double[] m = work(MATRIX, n * n);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(a, D, (aOff + (long) i * lda) * Double.BYTES, m, i * n, symmetricFromLower ? i + 1 : n);
        }
        if (symmetricFromLower) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    m[i * n + j] = m[j * n + i];
                }
            }
        }
        return m;
    }

    private static void store(int n, double[] m, MemorySegment a, long aOff, int lda) {
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(m, i * n, a, D, (aOff + (long) i * lda) * Double.BYTES, n);
        }
    }

    // ---- symmetric eigendecomposition ----

    @Override
    protected void syevdImpl(boolean vectors, int n, MemorySegment a, long aOff, int lda, MemorySegment w, long wOff) {
        if (n == 0) {
            return;
        }
        double[] v = load(n, a, aOff, lda, true);
        double[] d = work(VECTOR, n);
        double[] e = work(VECTOR_2, n);
        java.util.Arrays.fill(d, 0, n, 0.0);
        java.util.Arrays.fill(e, 0, n, 0.0);
        tridiagonalize(n, v, d, e, vectors);
        // v holds Q with A = Q T Q^T, basis vectors in columns; QL rotates rows, so transpose first.
        double[] z = vectors ? transpose(n, v) : null;
        int failed = tridiagonalQl(n, d, e, z);
        if (failed > 0) {
            throw new EigenDecompositionException("dsyevd (java)", failed, n);
        }
        int[] order = ascending(n, d);
        for (int i = 0; i < n; i++) {
            w.setAtIndex(D, wOff + i, d[order[i]]);
            if (vectors) {
                MemorySegment.copy(z, order[i] * n, a, D, (aOff + (long) i * lda) * Double.BYTES, n);
            }
        }
    }

    /** Indices of {@code d[0, n)} in ascending order of value (insertion sort: stable, n^2 next to n^3 work). */
    private static int[] ascending(int n, double[] d) {
        int[] order = order(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            int j = i - 1;
            for (; j >= 0 && Double.compare(d[order[j]], d[k]) > 0; j--) {
                order[j + 1] = order[j];
            }
            order[j + 1] = k;
        }
        return order;
    }

    private static double[] transpose(int n, double[] m) {
        double[] t = work(MATRIX_2, n * n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t[j * n + i] = m[i * n + j];
            }
        }
        return t;
    }

    /**
     * Householder reduction of the symmetric {@code v} to tridiagonal form: diagonal {@code d}, subdiagonal
     * {@code e[1..n)} ({@code e[i]} couples {@code i-1} and {@code i}). With {@code accumulate}, {@code v}
     * ends as the orthogonal {@code Q} (columns) with {@code A = Q T Q^T}.
     */
    private static void tridiagonalize(int n, double[] v, double[] d, double[] e, boolean accumulate) {
        for (int i = n - 1; i > 0; i--) {
            int l = i - 1;
            double h = 0;
            int ri = i * n;
            if (l > 0) {
                double scale = 0;
                for (int k = 0; k <= l; k++) {
                    scale += Math.abs(v[ri + k]);
                }
                if (scale == 0) {
                    e[i] = v[ri + l];
                } else {
                    // Reflector u = x - alpha e_l, stored scaled in row i; h = u^T u / 2.
                    for (int k = 0; k <= l; k++) {
                        v[ri + k] /= scale;
                        h += v[ri + k] * v[ri + k];
                    }
                    double f = v[ri + l];
                    double g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
                    e[i] = scale * g;
                    h -= f * g;
                    v[ri + l] = f - g;
                    f = 0;
                    for (int j = 0; j <= l; j++) {
                        int rj = j * n;
                        v[rj + i] = v[ri + j] / h; // u / h, kept in column i for the accumulation
                        g = 0;
                        for (int k = 0; k <= j; k++) {
                            g += v[rj + k] * v[ri + k];
                        }
                        for (int k = j + 1; k <= l; k++) {
                            g += v[k * n + j] * v[ri + k];
                        }
                        e[j] = g / h; // p = A u / h
                        f += e[j] * v[ri + j];
                    }
                    double hh = f / (h + h); // K = u^T p / (2h)
                    for (int j = 0; j <= l; j++) {
                        f = v[ri + j];
                        g = e[j] - hh * f; // q = p - K u
                        e[j] = g;
                        int rj = j * n;
                        for (int k = 0; k <= j; k++) {
                            v[rj + k] -= f * e[k] + g * v[ri + k]; // A -= u q^T + q u^T (lower part)
                        }
                    }
                }
            } else {
                e[i] = v[ri + l];
            }
            d[i] = h;
        }
        d[0] = 0;
        e[0] = 0;
        for (int i = 0; i < n; i++) {
            int ri = i * n;
            if (accumulate) {
                if (d[i] != 0) {
                    for (int j = 0; j < i; j++) {
                        double g = 0;
                        for (int k = 0; k < i; k++) {
                            g += v[ri + k] * v[k * n + j];
                        }
                        for (int k = 0; k < i; k++) {
                            v[k * n + j] -= g * v[k * n + i];
                        }
                    }
                }
                d[i] = v[ri + i];
                v[ri + i] = 1;
                for (int j = 0; j < i; j++) {
                    v[j * n + i] = 0;
                    v[ri + j] = 0;
                }
            } else {
                d[i] = v[ri + i];
            }
        }
    }

    /**
     * Implicit QL iterations on the tridiagonal matrix ({@code d}, {@code e[1..n)}) until every subdiagonal
     * element is negligible; eigenvalues left in {@code d} (unsorted), eigenvector rows of {@code z}
     * rotated along (when {@code z} is not null). Returns 0, or the 1-based index of an eigenvalue that
     * did not converge.
     */
    private static int tridiagonalQl(int n, double[] d, double[] e, double[] z) {
        for (int i = 1; i < n; i++) {
            e[i - 1] = e[i];
        }
        e[n - 1] = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            int sweeps = 0;
            int m;
            do {
                for (m = l; m < n - 1; m++) {
                    double dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
                    if (Math.abs(e[m]) <= eps * dd) {
                        break;
                    }
                }
                if (m != l) {
                    if (sweeps++ == MAX_SWEEPS) {
                        return l + 1;
                    }
                    // Shift from the leading 2x2 block, then chase the bulge from m up to l.
                    double g = (d[l + 1] - d[l]) / (2 * e[l]);
                    double r = Math.hypot(g, 1.0);
                    g = d[m] - d[l] + e[l] / (g + Math.copySign(r, g));
                    double s = 1;
                    double c = 1;
                    double p = 0;
                    int i;
                    boolean underflow = false;
                    for (i = m - 1; i >= l; i--) {
                        double f = s * e[i];
                        double b = c * e[i];
                        r = Math.hypot(f, g);
                        e[i + 1] = r;
                        if (r == 0) {
                            d[i + 1] -= p;
                            e[m] = 0;
                            underflow = true;
                            break;
                        }
                        s = f / r;
                        c = g / r;
                        g = d[i + 1] - p;
                        r = (d[i] - g) * s + 2 * c * b;
                        p = s * r;
                        d[i + 1] = g + p;
                        g = c * r - b;
                        if (z != null) {
                            rotateRows(n, z, i * n, (i + 1) * n, c, s);
                        }
                    }
                    if (underflow) {
                        continue;
                    }
                    d[l] -= p;
                    e[l] = g;
                    e[m] = 0;
                }
            } while (m != l);
        }
        return 0;
    }

    /** Rows {@code x} and {@code y} of {@code z}: {@code (x, y) <- (c x - s y, s x + c y)}. */
    private static void rotateRows(int n, double[] z, int x, int y, double c, double s) {
        for (int k = 0; k < n; k++) {
            double f = z[y + k];
            z[y + k] = s * z[x + k] + c * f;
            z[x + k] = c * z[x + k] - s * f;
        }
    }

    // ---- LU ----

    @Override
    protected void getrfImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        double[] m = load(n, a, aOff, lda, false);
        int singular = 0;
        for (int k = 0; k < n; k++) {
            int p = k;
            double max = Math.abs(m[k * n + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(m[i * n + k]);
                if (v > max) {
                    max = v;
                    p = i;
                }
            }
            ipiv.setAtIndex(I, ipivOff + k, p + 1);
            if (p != k) {
                swapRows(m, n, p, k);
            }
            double pivot = m[k * n + k];
            if (pivot == 0) {
                if (singular == 0) {
                    singular = k + 1; // LAPACK goes on; the first zero pivot is reported
                }
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double l = m[i * n + k] / pivot;
                m[i * n + k] = l;
                if (l != 0) {
                    axpy(n - k - 1, -l, m, k * n + k + 1, m, i * n + k + 1);
                }
            }
        }
        store(n, m, a, aOff, lda);
        if (singular > 0) {
            throw new SingularMatrixException("dgetrf (java)", singular, n);
        }
    }

    @Override
    protected void getriImpl(int n, MemorySegment a, long aOff, int lda, MemorySegment ipiv, long ipivOff) {
        double[] lu = load(n, a, aOff, lda, false);
        for (int i = 0; i < n; i++) {
            if (lu[i * n + i] == 0) {
                throw new SingularMatrixException("dgetri (java)", i + 1, n);
            }
        }
        // X = U^-1 L^-1 P: start from P I (the row interchanges applied to the identity) ...
        double[] x = work(MATRIX_2, n * n);
        java.util.Arrays.fill(x, 0, n * n, 0.0);
        for (int i = 0; i < n; i++) {
            x[i * n + i] = 1;
        }
        for (int k = 0; k < n; k++) {
            int p = ipiv.getAtIndex(I, ipivOff + k) - 1;
            if (p != k) {
                swapRows(x, n, p, k);
            }
        }
        // ... then L Y = P I (unit lower), U X = Y, all as row operations.
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double l = lu[i * n + k];
                if (l != 0) {
                    axpy(n, -l, x, k * n, x, i * n);
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                double u = lu[i * n + k];
                if (u != 0) {
                    axpy(n, -u, x, k * n, x, i * n);
                }
            }
            double inv = 1 / lu[i * n + i];
            for (int j = 0; j < n; j++) {
                x[i * n + j] *= inv;
            }
        }
        store(n, x, a, aOff, lda);
    }

    private static void swapRows(double[] m, int n, int p, int q) {
        for (int j = 0; j < n; j++) {
            double t = m[p * n + j];
            m[p * n + j] = m[q * n + j];
            m[q * n + j] = t;
        }
    }

    private static void axpy(int len, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int j = 0; j < len; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    private static double dot(int len, double[] x, int xOff, double[] y, int yOff) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            s += x[xOff + j] * y[yOff + j];
        }
        return s;
    }

    // ---- Cholesky ----

    @Override
    protected void potrfImpl(int n, MemorySegment a, long aOff, int lda) {
        double[] m = load(n, a, aOff, lda, true);
        for (int j = 0; j < n; j++) {
            int rj = j * n;
            double diag = m[rj + j] - dot(j, m, rj, m, rj);
            if (!(diag > 0)) {
                throw new NotPositiveDefiniteException("dpotrf (java)", j + 1, n);
            }
            double ljj = Math.sqrt(diag);
            m[rj + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int ri = i * n;
                m[ri + j] = (m[ri + j] - dot(j, m, ri, m, rj)) / ljj;
            }
        }
        // Write back the lower triangle only: the strict upper triangle is not referenced.
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(m, i * n, a, D, (aOff + (long) i * lda) * Double.BYTES, i + 1);
        }
    }

    @Override
    protected void potrsImpl(int n, int nrhs, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb) {
        if (n == 0 || nrhs == 0) {
            return;
        }
        double[] l = load(n, a, aOff, lda, false);
        double[] x = work(MATRIX_2, n * nrhs);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(b, D, (bOff + (long) i * ldb) * Double.BYTES, x, i * nrhs, nrhs);
        }
        solveCholesky(n, nrhs, l, x);
        for (int i = 0; i < n; i++) {
            MemorySegment.copy(x, i * nrhs, b, D, (bOff + (long) i * ldb) * Double.BYTES, nrhs);
        }
    }

    /** {@code x <- (L L^T)^-1 x} with {@code L} in the lower triangle of {@code l}; {@code x} is n x nrhs. */
    private static void solveCholesky(int n, int nrhs, double[] l, double[] x) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                axpy(nrhs, -l[i * n + k], x, k * nrhs, x, i * nrhs);
            }
            double inv = 1 / l[i * n + i];
            for (int j = 0; j < nrhs; j++) {
                x[i * nrhs + j] *= inv;
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int k = i + 1; k < n; k++) {
                axpy(nrhs, -l[k * n + i], x, k * nrhs, x, i * nrhs);
            }
            double inv = 1 / l[i * n + i];
            for (int j = 0; j < nrhs; j++) {
                x[i * nrhs + j] *= inv;
            }
        }
    }

    @Override
    protected double poconImpl(int n, MemorySegment a, long aOff, int lda, double anorm) {
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (anorm == 0) {
            return 0;
        }
        double[] l = load(n, a, aOff, lda, false);
        // Hager's estimate of ||A^-1||_1 (A symmetric, so A^-T = A^-1).
        double[] x = work(VECTOR, n);
        double[] y = work(VECTOR_2, n);
        double[] z = work(VECTOR_3, n);
        java.util.Arrays.fill(x, 0, n, 1.0 / n);
        double estimate = 0;
        for (int iter = 0; iter < 5; iter++) {
            System.arraycopy(x, 0, y, 0, n);
            solveCholesky(n, 1, l, y);
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += Math.abs(y[i]);
            }
            for (int i = 0; i < n; i++) {
                z[i] = y[i] >= 0 ? 1 : -1;
            }
            solveCholesky(n, 1, l, z);
            int jmax = 0;
            double zx = 0;
            for (int i = 0; i < n; i++) {
                zx += z[i] * x[i];
                if (Math.abs(z[i]) > Math.abs(z[jmax])) {
                    jmax = i;
                }
            }
            if (norm <= estimate || Math.abs(z[jmax]) <= zx) {
                estimate = Math.max(estimate, norm);
                break;
            }
            estimate = norm;
            java.util.Arrays.fill(x, 0, n, 0.0);
            x[jmax] = 1;
        }
        return 1 / (anorm * estimate);
    }
}
