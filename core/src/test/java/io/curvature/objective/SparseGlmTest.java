package io.curvature.objective;

import io.curvature.compute.KernelChoice;
import io.curvature.data.CsvReader;
import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.LibsvmReader;
import io.curvature.model.ClassificationModel;
import io.curvature.model.LogisticRegression;
import io.curvature.model.SoftmaxRegression;
import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sparse GLM against the dense one on the same data, 1 against N threads, and fits from sparse LIBSVM files. */
class SparseGlmTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @TempDir
    Path dir;

    /** {@code n x d} with about {@code density} nonzeros, row 3 and column 5 empty, labels 0/1 or counts. */
    static double[][] sparseRows(int n, int d, double density, long seed, double[] y, boolean counts) {
        Random rnd = new Random(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                if (i != 3 && j != 5 && rnd.nextDouble() < density) {
                    x[i][j] = rnd.nextGaussian();
                    z += x[i][j] * ((j % 3) - 1);
                }
            }
            y[i] = counts ? rnd.nextInt(4) : (z + rnd.nextGaussian() > 0 ? 1 : 0);
        }
        return x;
    }

    /** A random point {@code w} (entries of size about 0.3) and direction {@code v} of {@code p} entries. */
    private static MemorySegment[] pointAndDirection(Arena arena, int p, long seed) {
        Random rnd = new Random(seed);
        MemorySegment w = arena.allocate(D, p);
        MemorySegment v = arena.allocate(D, p);
        for (int j = 0; j < p; j++) {
            w.setAtIndex(D, j, 0.3 * rnd.nextGaussian());
            v.setAtIndex(D, j, rnd.nextGaussian());
        }
        return new MemorySegment[] {w, v};
    }

    private static double[] segment(MemorySegment s, int d) {
        return s.asSlice(0, d * 8L).toArray(D);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-12 * Math.max(1, Math.abs(expected[j])), what + " entry " + j);
        }
    }

    /**
     * The implicit intercept column of sparse data ({@link Dataset#withIntercept()}: the CSR matrix shared) gives the
     * bits of a stored one, an entry 1 in the last column of every row, on 1 and 3 threads (rows of 2048 and more
     * make several blocks).
     */
    @Test
    void anImplicitInterceptColumnGivesTheBitsOfAStoredOne() {
        for (GlmLoss loss : GlmLoss.values()) {
            int n = 5003;
            int d = 40;
            double[] y = new double[n];
            double[][] rows = sparseRows(n, d, 0.1, 17, y, loss == GlmLoss.POISSON);
            double[][] withOnes = new double[n][];
            for (int i = 0; i < n; i++) {
                withOnes[i] = java.util.Arrays.copyOf(rows[i], d + 1);
                withOnes[i][d] = 1.0;
            }
            for (int threads : new int[] {1, 3}) {
                try (Dataset raw = Dataset.ofSparse(CsrMatrix.of(DenseMatrix.of(rows)), DenseVector.of(y));
                     Dataset implicit = raw.withIntercept();
                     Dataset stored = Dataset.ofSparse(CsrMatrix.of(DenseMatrix.of(withOnes)), DenseVector.of(y));
                     // lambda = 0: the stored column, not flagged as an intercept, would be penalized
                     SparseGlm a = new SparseGlm(implicit, loss, 0, threads);
                     SparseGlm b = new SparseGlm(stored, loss, 0, threads);
                     Arena arena = Arena.ofShared()) { // the passes' worker threads read w and v
                    assertTrue(implicit.hasImplicitIntercept());
                    assertEquals(raw.sparseX().nonzeros() + n, a.nonzeros());
                    assertEquals(b.nonzeros(), a.nonzeros());
                    assertEquals(b.rowNonzerosSquared(), a.rowNonzerosSquared());
                    int p = d + 1;
                    MemorySegment[] wv = pointAndDirection(arena, p, 3);
                    MemorySegment w = wv[0];
                    MemorySegment v = wv[1];
                    MemorySegment ga = arena.allocate(D, (long) p * p);
                    MemorySegment gb = arena.allocate(D, (long) p * p);
                    String what = loss + ", " + threads + " threads";
                    assertEquals(b.valueAndGradient(w, gb), a.valueAndGradient(w, ga), 0.0, what + " value");
                    assertArrayEquals(segment(gb, p), segment(ga, p), 0.0, what + " gradient");
                    a.hessianVector(w, v, ga);
                    b.hessianVector(w, v, gb);
                    assertArrayEquals(segment(gb, p), segment(ga, p), 0.0, what + " HVP");
                    a.hessianDiagonal(w, ga);
                    b.hessianDiagonal(w, gb);
                    assertArrayEquals(segment(gb, p), segment(ga, p), 0.0, what + " diagonal");
                    a.hessian(w, ga);
                    b.hessian(w, gb);
                    assertArrayEquals(segment(gb, p * p), segment(ga, p * p), 0.0, what + " Hessian");
                }
            }
        }
    }

    @Test
    void everyPassAgreesWithTheDenseGlm() {
        for (GlmLoss loss : GlmLoss.values()) {
            for (boolean intercept : new boolean[] {false, true}) {
                int n = 301;
                int d = 23;
                double[] y = new double[n];
                double[][] rows = sparseRows(n, d, 0.15, 11, y, loss == GlmLoss.POISSON);
                try (Dataset denseRaw = Dataset.of(DenseMatrix.of(rows), DenseVector.of(y));
                     Dataset sparseRaw = Dataset.ofSparse(CsrMatrix.of(denseRaw.x()), DenseVector.of(y));
                     Dataset dense = intercept ? denseRaw.withIntercept() : denseRaw.withTargets(DenseVector.of(y));
                     Dataset sparse = intercept ? sparseRaw.withIntercept() : sparseRaw.withTargets(DenseVector.of(y));
                     Glm a = new Glm(dense, loss, 1e-3, KernelChoice.SCALAR, 1);
                     SparseGlm b = new SparseGlm(sparse, loss, 1e-3, 1);
                     Arena arena = Arena.ofConfined()) {
                    int p = a.dimension();
                    assertEquals(p, b.dimension());
                    MemorySegment[] wv = pointAndDirection(arena, p, 5);
                    MemorySegment w = wv[0];
                    MemorySegment v = wv[1];
                    MemorySegment ga = arena.allocate(D, p);
                    MemorySegment gb = arena.allocate(D, p);
                    String what = loss + (intercept ? " with intercept" : "");
                    double fa = a.valueAndGradient(w, ga);
                    double fb = b.valueAndGradient(w, gb);
                    assertEquals(fa, fb, 1e-12 * Math.abs(fa), what + " value");
                    assertClose(segment(ga, p), segment(gb, p), what + " gradient");
                    a.hessianVector(w, v, ga);
                    b.hessianVector(w, v, gb);
                    assertClose(segment(ga, p), segment(gb, p), what + " HVP");
                    assertTrue(a.hessianDiagonal(w, ga) && b.hessianDiagonal(w, gb));
                    assertClose(segment(ga, p), segment(gb, p), what + " diagonal");
                    MemorySegment ha = arena.allocate(D, (long) p * p);
                    MemorySegment hb = arena.allocate(D, (long) p * p);
                    a.hessian(w, ha);
                    b.hessian(w, hb);
                    assertClose(segment(ha, p * p), segment(hb, p * p), what + " Hessian");
                    a.hessianDiagonal(w, ga);
                    double[] hessianDiagonal = new double[p];
                    for (int j = 0; j < p; j++) {
                        hessianDiagonal[j] = ha.getAtIndex(D, (long) j * p + j);
                    }
                    assertClose(hessianDiagonal, segment(ga, p), what + " the dense diagonal against the Hessian's");
                }
            }
        }
    }

    @Test
    void oneAndManyThreadsGiveTheSameBits() {
        int n = 12_000;
        int d = 40;
        double[] y = new double[n];
        double[][] rows = sparseRows(n, d, 0.05, 3, y, false);
        try (Dataset dense = Dataset.of(DenseMatrix.of(rows), DenseVector.of(y));
             Dataset sparse = Dataset.ofSparse(CsrMatrix.of(dense.x()), DenseVector.of(y));
             SparseGlm one = new SparseGlm(sparse, GlmLoss.LOGISTIC, 1e-4, 1);
             SparseGlm three = new SparseGlm(sparse, GlmLoss.LOGISTIC, 1e-4, 3);
             Arena arena = Arena.ofShared()) { // worker threads read w
            MemorySegment w = arena.allocate(D, d);
            for (int j = 0; j < d; j++) {
                w.setAtIndex(D, j, Math.sin(j));
            }
            MemorySegment g1 = arena.allocate(D, d);
            MemorySegment g3 = arena.allocate(D, d);
            assertEquals(one.valueAndGradient(w, g1), three.valueAndGradient(w, g3), 0.0);
            assertArrayEquals(segment(g1, d), segment(g3, d), 0.0);
            one.hessianVector(w, w, g1);
            three.hessianVector(w, w, g3);
            assertArrayEquals(segment(g1, d), segment(g3, d), 0.0);
        }
    }

    /** The breast-cancer CSV as LIBSVM text (nonzeros only, 1-based indices). */
    private Path libsvmCopy() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Dataset csv = CsvReader.read(SharedData.path("breast_cancer.csv"))) {
            for (long i = 0; i < csv.samples(); i++) {
                sb.append(csv.y().get(i) == 1 ? "+1" : "-1");
                for (int j = 0; j < csv.features(); j++) {
                    double v = csv.x().get(i, j);
                    if (v != 0) {
                        sb.append(' ').append(j + 1).append(':').append(v);
                    }
                }
                sb.append('\n');
            }
        }
        return Files.writeString(dir.resolve("breast_cancer.svm"), sb.toString());
    }

    @Test
    void aSparseLibsvmFileReadsAsTheDenseOneAndReachesTheReferenceOptimum() throws IOException {
        Path svm = libsvmCopy();
        try (Dataset dense = LibsvmReader.read(svm); Dataset sparse = LibsvmReader.readSparse(svm)) {
            assertTrue(sparse.isSparse());
            double[] row = new double[sparse.features()];
            for (long i = 0; i < dense.samples(); i++) {
                sparse.rowInto(i, row);
                assertArrayEquals(dense.x().toArray()[(int) i], row, 0.0);
            }
            // the reference's w to 1e-6 on this ill-conditioned problem needs a gradient tighter than the default
            ClassificationModel m = new LogisticRegression().lambda(1e-4).gtol(1e-10).fit(sparse);
            assertArrayEquals(new double[] {-1, 1}, m.classes());
            var ref = SharedData.reference("breast_cancer.logistic.lambda0.0001.intercept.ref.json");
            assertEquals(ref.get("f_star").asDouble(), m.report().f(), 1e-12, m.report().toString());
            double[] wStar = SharedData.doubles(ref.get("w_star"));
            for (int j = 0; j < 30; j++) {
                assertEquals(wStar[j], m.coefficients()[0][j], 1e-6 * Math.max(1, Math.abs(wStar[j])), "coefficient " + j);
            }
            assertEquals(new LogisticRegression().lambda(1e-4).fit(dense).predict(dense)[7], m.predict(sparse)[7]);
            // softmax, without a sparse objective, fits a dense copy: the same model as from the dense data
            ClassificationModel softSparse = new SoftmaxRegression().lambda(1e-3).fit(sparse);
            ClassificationModel softDense = new SoftmaxRegression().lambda(1e-3).fit(dense);
            for (int c = 0; c < softDense.coefficients().length; c++) {
                assertArrayEquals(softDense.coefficients()[c], softSparse.coefficients()[c], 0.0, "class " + c);
            }
        }
    }

    @Test
    void autoPlansLbfgsOnWideSparseData() {
        int n = 2000;
        int d = 5000;
        Random rnd = new Random(9);
        long[] start = new long[n + 1];
        int[] cols = new int[n * 20];
        double[] vals = new double[n * 20];
        double[] y = new double[n];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            java.util.TreeSet<Integer> picked = new java.util.TreeSet<>();
            while (picked.size() < 20) {
                picked.add((int) Math.min(d - 1, Math.abs(rnd.nextGaussian()) * d / 4)); // Zipf-like: low columns common
            }
            double z = 0;
            for (int j : picked) {
                cols[nnz] = j;
                vals[nnz] = (1 + j % 7) * rnd.nextDouble();
                z += vals[nnz] * (j % 2 == 0 ? 0.3 : -0.3);
                nnz++;
            }
            start[i + 1] = nnz;
            y[i] = z + rnd.nextGaussian() > 0 ? 1 : 0;
        }
        try (Dataset data = Dataset.ofSparse(CsrMatrix.of(d, start, cols, vals, nnz), DenseVector.of(y));
             SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, 1e-3, 2)) {
            io.curvature.optim.Result auto = io.curvature.optim.Minimizer.minimize(glm, new double[d],
                    io.curvature.optim.Method.AUTO, io.curvature.optim.Options.defaults());
            assertTrue(auto.status().converged(), auto.message());
            assertEquals(io.curvature.optim.Method.LBFGS, auto.method());
            assertTrue(auto.path().contains("sparse, n = 2000, d = 5000"), auto.path());
            io.curvature.optim.Result newtonCg = io.curvature.optim.Minimizer.minimize(glm, new double[d],
                    io.curvature.optim.Method.NEWTON_CG, io.curvature.optim.Options.defaults());
            assertEquals(newtonCg.f(), auto.f(), 1e-12 * Math.abs(newtonCg.f()), "the same optimum");
        }
    }
}
