package io.curvature.ffi;

import io.curvature.testing.HessianSpectra;
import io.curvature.linalg.JavaLapack;
import io.curvature.linalg.Lapack;
import io.curvature.testing.LapackContract;
import io.curvature.linalg.LinearAlgebra;
import io.curvature.testing.Matrices;
import io.curvature.linalg.NotPositiveDefiniteException;
import io.curvature.linalg.SingularMatrixException;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native provider passes the same contract as the Java one, and agrees with it: eigenvalues to
 * {@code 1e-10 ||A||}, inverses and factors to tolerance, the same typed exceptions. CI installs
 * OpenBLAS/LAPACKE (scripts/setup.sh), so these run on every build.
 */
class NativeLapackTest extends LapackContract {

    static Lapack nativeLapack;

    @BeforeAll
    static void load() {
        nativeLapack = LinearAlgebra.byName("native");
    }

    @Override
    protected Lapack lapack() {
        return nativeLapack;
    }

    @Test
    void providerIsNativeWhenTheLibraryLoads() {
        assertInstanceOf(NativeLapack.class, LinearAlgebra.provider(), LinearAlgebra.reason());
        assertTrue(nativeLapack.name().startsWith("native ("), nativeLapack.name());
    }

    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 2, 3, 5, 10, 17, 50, 128, 200, 300})
    void nativeAgreesWithJava(int n) {
        Random rnd = new Random(n);
        Lapack java = new JavaLapack();
        double[][] spectra = {
            positive(n, rnd, 1.0),                     // SPD
            indefinite(n, rnd),                        // indefinite
            positive(n, rnd, 1e-12),                   // near-singular SPD
        };
        try (Arena arena = Arena.ofConfined()) {
            for (double[] lambda : spectra) {
                double[] a = Matrices.withEigenvalues(lambda, rnd);
                double norm = Matrices.maxAbs(lambda);
                double[] wj = eigenvalues(java, a, n, arena);
                double[] wn = eigenvalues(nativeLapack, a, n, arena);
                for (int i = 0; i < n; i++) {
                    assertEquals(wj[i], wn[i], 1e-10 * norm, "eigenvalue " + i);
                }
            }
            double[] g = Matrices.gaussian(n, rnd);
            double[] invJ = inverse(java, g, n, arena);
            double[] invN = inverse(nativeLapack, g, n, arena);
            double scale = Matrices.maxAbs(invJ);
            for (int i = 0; i < n * n; i++) {
                assertEquals(invJ[i], invN[i], 1e-9 * scale, "inverse entry " + i);
            }
        }
    }

    private static double[] positive(int n, Random rnd, double smallest) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = 1 + rnd.nextDouble() * 9;
        }
        l[0] = smallest;
        return l;
    }

    private static double[] indefinite(int n, Random rnd) {
        double[] l = new double[n];
        for (int i = 0; i < n; i++) {
            l[i] = rnd.nextGaussian() * 5;
        }
        return l;
    }

    private static double[] eigenvalues(Lapack l, double[] a, int n, Arena arena) {
        MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
        MemorySegment w = arena.allocate(n * 8L);
        l.syevd(false, n, s, 0, n, w, 0);
        return w.toArray(ValueLayout.JAVA_DOUBLE);
    }

    private static double[] inverse(Lapack l, double[] a, int n, Arena arena) {
        MemorySegment s = Matrices.toSegment(arena, a, n, n, 0);
        MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, n);
        l.getrf(n, s, 0, n, ipiv, 0);
        l.getri(n, s, 0, n, ipiv, 0);
        return Matrices.fromSegment(s, n, n, 0);
    }

    @Test
    void exactlySingularAndIndefiniteAgreeOnTheTypedExceptions() {
        try (Arena arena = Arena.ofConfined()) {
            double[] singular = new double[25];
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    singular[i * 5 + j] = j == 4 ? 0 : (i + 1) * (j + 2); // last column zero
                }
            }
            for (Lapack l : new Lapack[] {new JavaLapack(), nativeLapack}) {
                MemorySegment s = Matrices.toSegment(arena, singular, 5, 5, 0);
                MemorySegment ipiv = arena.allocate(ValueLayout.JAVA_INT, 5);
                SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> l.getrf(5, s, 0, 5, ipiv, 0));
                assertTrue(e.pivot() >= 2, l.name() + " pivot " + e.pivot());
                double[] m = {4, 2, 2, 1}; // PSD, singular: the second minor is zero
                MemorySegment t = Matrices.toSegment(arena, m, 2, 2, 0);
                NotPositiveDefiniteException p = assertThrows(NotPositiveDefiniteException.class, () -> l.potrf(2, t, 0, 2));
                assertEquals(2, p.order(), l.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer.logistic.lambda0.0001.intercept.ref.json",
        "breast_cancer.logistic.lambda0.001.ref.json",
        "diabetes.least_squares.lambda0.001.intercept.ref.json",
        "diabetes.poisson.lambda0.001.intercept.ref.json"})
    void hessianSpectraOfTheReferenceData(String file) {
        HessianSpectra.check(SharedData.reference(file), nativeLapack);
    }
}
