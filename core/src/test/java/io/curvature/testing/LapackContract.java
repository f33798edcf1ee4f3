package io.curvature.testing;

import io.curvature.linalg.AbstractLapack;
import io.curvature.linalg.JavaLapack;
import io.curvature.linalg.Lapack;
import io.curvature.linalg.NotPositiveDefiniteException;
import io.curvature.linalg.SingularMatrixException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link Lapack} must do, checked through identities (reconstruction, orthonormality,
 * inverse times matrix, solve residuals) so it applies to any implementation. Subclasses name the
 * implementation; the native module runs the same contract.
 */
public abstract class LapackContract {

    protected abstract Lapack lapack();

    static final double EPS = Math.ulp(1.0);

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 16, 33, 64, 100})
    public void eigendecompositionReconstructs(int n) {
        Random rnd = new Random(n);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = rnd.nextGaussian() * 10; // indefinite
        }
        double[] a = Matrices.withEigenvalues(lambda, rnd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n + 3, 2);
            MemorySegment w = arena.allocate((n + 1) * 8L);
            lapack().syevd(true, n, s, 2, n + 3, w, 1);
            double[] u = Matrices.fromSegment(s, n, n + 3, 2);
            double[] ev = new double[n];
            MemorySegment.copy(w, ValueLayout.JAVA_DOUBLE, 8, ev, 0, n);
            java.util.Arrays.sort(lambda);
            double norm = Matrices.maxAbs(lambda);
            for (int i = 0; i < n; i++) {
                assertEquals(lambda[i], ev[i], 1e-10 * norm * Math.max(1, n / 10.0), "eigenvalue " + i);
                if (i > 0) {
                    assertTrue(ev[i - 1] <= ev[i], "ascending");
                }
            }
            // rows of u are orthonormal eigenvectors: sum_k lambda_k u_k u_k^T = A, u u^T = I
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double rec = 0;
                    double dot = 0;
                    for (int k = 0; k < n; k++) {
                        rec += ev[k] * u[k * n + r] * u[k * n + c];
                        dot += u[r * n + k] * u[c * n + k];
                    }
                    assertEquals(a[r * n + c], rec, 1e-10 * norm * n, "reconstruction (" + r + "," + c + ")");
                    assertEquals(r == c ? 1.0 : 0.0, dot, 1e-12 * n, "orthonormal (" + r + "," + c + ")");
                }
            }
            // eigenvalues only
            MemorySegment s2 = Matrices.toSegment(arena, a, n, n, 0);
            MemorySegment w2 = arena.allocate(n * 8L);
            lapack().syevd(false, n, s2, 0, n, w2, 0);
            for (int i = 0; i < n; i++) {
                assertEquals(ev[i], w2.getAtIndex(ValueLayout.JAVA_DOUBLE, i), 1e-10 * norm * Math.max(1, n / 10.0));
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 5, 16, 50, 120})
    public void inverseTimesMatrixIsIdentity(int n) {
        Random rnd = new Random(100 + n);
        double[] a = Matrices.gaussian(n, rnd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n + 1, 1);
            MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, n);
            lapack().getrf(n, s, 1, n + 1, ipiv, 0);
            lapack().getri(n, s, 1, n + 1, ipiv, 0);
            double[] inv = Matrices.fromSegment(s, n, n + 1, 1);
            double[] prod = Matrices.multiply(a, inv, n);
            double scale = Matrices.maxAbs(inv) * Matrices.maxAbs(a) * n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, prod[i * n + j], 1e-13 * scale, "(" + i + "," + j + ")");
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 6, 31, 80})
    public void choleskyFactorsAndSolves(int n) {
        Random rnd = new Random(200 + n);
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = 0.1 + rnd.nextDouble() * 10;
        }
        double[] a = Matrices.withEigenvalues(lambda, rnd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
            double anorm = AbstractLapack.symmetricNorm1(n, s, 0, n);
            lapack().potrf(n, s, 0, n);
            double[] l = Matrices.fromSegment(s, n, n, 0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double sum = 0;
                    for (int k = 0; k <= j; k++) {
                        sum += l[i * n + k] * l[j * n + k];
                    }
                    assertEquals(a[i * n + j], sum, 1e-12 * 10 * n, "L L^T (" + i + "," + j + ")");
                }
            }
            // A X = B for 3 right-hand sides, B row-major n x 3 with ldb 4
            double[] xTrue = new double[n * 3];
            for (int i = 0; i < xTrue.length; i++) {
                xTrue[i] = rnd.nextGaussian();
            }
            MemorySegment b = arena.allocate((long) n * 4 * 8);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) {
                        v += a[i * n + k] * xTrue[k * 3 + j];
                    }
                    b.setAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * 4 + j, v);
                }
            }
            lapack().potrs(n, 3, s, 0, n, b, 0, 4);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(xTrue[i * 3 + j], b.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * 4 + j), 1e-9, "x");
                }
            }
            double rcond = lapack().pocon(n, s, 0, n, anorm);
            double exact = exactReciprocalCondition(a, n);
            assertTrue(rcond >= exact * (1 - 1e-9) && rcond <= 10 * exact, "rcond " + rcond + " vs exact " + exact);
        }
    }

    /** {@code 1 / (||A||_1 ||A^-1||_1)} through an explicit Java inverse. */
    static double exactReciprocalCondition(double[] a, int n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
            MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, n);
            Lapack j = new JavaLapack();
            j.getrf(n, s, 0, n, ipiv, 0);
            j.getri(n, s, 0, n, ipiv, 0);
            return 1 / (norm1(a, n) * norm1(Matrices.fromSegment(s, n, n, 0), n));
        }
    }

    static double norm1(double[] a, int n) {
        double max = 0;
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.abs(a[i * n + j]);
            }
            max = Math.max(max, s);
        }
        return max;
    }

    @Test
    public void singularAndIndefiniteMatricesGiveTypedExceptions() {
        try (Arena arena = Arena.ofConfined()) {
            double[] singular = {1, 2, 3, 2, 4, 6, 1, 0, 1}; // row 2 = 2 x row 1
            MemorySegment s = Matrices.toSegment(arena, singular, 3, 3, 0);
            MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, 3);
            SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> lapack().getrf(3, s, 0, 3, ipiv, 0));
            assertEquals(3, e.pivot());
            assertTrue(e.getMessage().endsWith("the 3x3 matrix is singular: U(3,3) is exactly zero"), e.getMessage());

            double[] indefinite = Matrices.withEigenvalues(new double[] {2, 1, -0.5, 3}, new Random(3));
            MemorySegment t = Matrices.toSegment(arena, indefinite, 4, 4, 0);
            NotPositiveDefiniteException p = assertThrows(NotPositiveDefiniteException.class, () -> lapack().potrf(4, t, 0, 4));
            assertTrue(p.order() >= 1 && p.order() <= 4, "order " + p.order());
            double[] negativeCorner = {-1, 0, 0, 1};
            MemorySegment u = Matrices.toSegment(arena, negativeCorner, 2, 2, 0);
            p = assertThrows(NotPositiveDefiniteException.class, () -> lapack().potrf(2, u, 0, 2));
            assertEquals(1, p.order());
            assertTrue(p.getMessage().endsWith("the 2x2 matrix is not positive definite: its leading minor of order 1 is not"),
                    p.getMessage());
        }
    }

    @Test
    public void badArgumentsAreRejectedBeforeAnyWork() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(8 * 8);
            MemorySegment w = arena.allocate(3 * 8);
            var e = assertThrows(IllegalArgumentException.class, () -> lapack().syevd(true, 3, s, 0, 2, w, 0));
            assertEquals("dsyevd: lda 2 is smaller than n = 3", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> lapack().syevd(true, 3, s, 0, 3, w, 0));
            assertEquals("dsyevd: A needs 72 bytes from offset 0, the segment has 64", e.getMessage());
            MemorySegment nan = Matrices.toSegment(arena, new double[] {1, 0, Double.NaN, 1}, 2, 2, 0);
            e = assertThrows(IllegalArgumentException.class, () -> lapack().potrf(2, nan, 0, 2));
            assertEquals("dpotrf: A(1,0) is NaN (the matrix must be finite)", e.getMessage());
            MemorySegment ok = Matrices.toSegment(arena, new double[] {1, 0, 0, 1}, 2, 2, 0);
            MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, 2);
            e = assertThrows(IllegalArgumentException.class, () -> lapack().getri(2, ok, 0, 2, ipiv, 0));
            assertEquals("dgetri: ipiv[0] = 0 is not a pivot from dgetrf (must be in 1..2)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> lapack().potrs(2, 2, ok, 0, 2, w, 0, 1));
            assertEquals("dpotrs: ldb 1 is smaller than nrhs 2", e.getMessage());
        }
    }

    @Test
    public void heapSegmentsWork() {
        double[] a = {4, 1, 1, 3};
        MemorySegment heap = MemorySegment.ofArray(a.clone());
        MemorySegment w = MemorySegment.ofArray(new double[2]);
        lapack().syevd(false, 2, heap, 0, 2, w, 0);
        double disc = Math.sqrt(1.25);
        assertEquals(3.5 - disc, w.getAtIndex(ValueLayout.JAVA_DOUBLE, 0), 1e-14);
        assertEquals(3.5 + disc, w.getAtIndex(ValueLayout.JAVA_DOUBLE, 1), 1e-14);
    }
}
