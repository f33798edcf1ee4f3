package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.kernel.KernelProvider;
import io.curvature.linalg.JavaLapack;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.SparseGlm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AUTO's plan ({@code docs/math.md} section 5) given fixed machine rates, and its switch from L-BFGS to dense Newton. */
class AutoTest {

    /** 10 GB/s passes, Gram 20 GFLOP/s narrow and 40 wide, native 50, Cholesky 5. */
    static final MachineRates RATES = new MachineRates(10e9, 20e9, 40e9, 50e9, 5e9, "fixed");
    static final long LOTS = 1L << 40;

    /** The model's whole dense Newton fit, written out here from docs/math.md 5 for a logistic GLM. */
    private static double newtonFit(double pass, double hessian, int stride) {
        double iteration = hessian + 2 * pass;
        // sampled: 4 iterations on the sample, then 2 exact ones: a Hessian, or 4 preconditioned HVPs where the
        // Hessian costs more than 6 passes, and 2 passes each
        double exact = hessian > 6 * pass ? 6 * pass : iteration;
        return stride == 1 ? pass + 5 * iteration : pass + 2 * exact + 4 * (hessian / stride + 2 * pass);
    }

    @Test
    void fastGramMakesDenseNewtonCheaper() {
        // under RATES a pass over 1e5 x 100 takes 8e7 bytes / 10e9; the Gram, 1e9 flops at the rate interpolated for d = 100
        Auto.Choice c = Auto.forGlm(100_000, 100, RATES, false, false, 1, LOTS);
        assertEquals(Method.NEWTON, c.method());
        assertEquals(0.008, c.passSeconds(), 1e-12);
        double hessian = 1e9 / RATES.gramFlopsPerSecond(100) + 1e6 / 3 / 5e9;
        String expected = String.format(java.util.Locale.ROOT, "a dense Newton fit ~%.3g s (a Hessian ~%.3g s), an L-BFGS "
                + "fit ~%.3g s (101 passes of ~0.00800 s)", newtonFit(0.008, hessian, 1), hessian, 101 * 0.008);
        assertTrue(c.reason().contains(expected), c.reason() + " should contain " + expected);
        assertFalse(c.maySwitch());
    }

    @Test
    void slowGramMakesLbfgsThePlanWithASwitchToNewton() {
        MachineRates slowGram = new MachineRates(10e9, 1e8, 1e8, 0, 5e9, "fixed");
        Auto.Choice c = Auto.forGlm(100_000, 100, slowGram, false, false, 1, LOTS);
        assertEquals(Method.LBFGS, c.method());
        assertTrue(c.maySwitch(), "dense Newton fits in memory: the run may switch to it");
        assertTrue(c.reason().endsWith("-> L-BFGS (dense Newton if its progress says so)"), c.reason());
        // d = 5000, n = 2000: under RATES the Cholesky alone (d^3 / 3 flops) outweighs 101 passes
        assertEquals(Method.LBFGS, Auto.forGlm(2_000, 5000, RATES, true, false, 1, LOTS).method());
    }

    @Test
    void theCrossoverFollowsTheCostModel() {
        long n = 10_000;
        int d = 800; // fewer than 16 rows per column: no plan by a sample's factor
        double pass = 8.0 * n * d / RATES.passBytesPerSecond();
        // P + 5 (H + 2P) = 101 P when the Hessian costs 18 passes: the Gram rate at which both fits cost the same
        double rate = n * (double) d * d / (18 * pass - d * (double) d * d / 3 / RATES.factorFlopsPerSecond());
        MachineRates faster = new MachineRates(10e9, 20e9, 40e9, rate * 1.01, 5e9, "fixed");
        MachineRates slower = new MachineRates(10e9, 20e9, 40e9, rate * 0.99, 5e9, "fixed");
        assertEquals(Method.NEWTON, Auto.forGlm(n, d, faster, true, false, 1, LOTS).method());
        assertEquals(Method.LBFGS, Auto.forGlm(n, d, slower, true, false, 1, LOTS).method());
    }

    /** {@link #RATES} with a native Gram rate at which an exact Hessian of {@code n x d} data costs {@code passes} passes. */
    private static MachineRates nativeHessianOf(long n, int d, double passes) {
        double pass = 8.0 * n * d / RATES.passBytesPerSecond();
        double rate = n * (double) d * d / (passes * pass - d * (double) d * d / 3 / RATES.factorFlopsPerSecond());
        return new MachineRates(10e9, 20e9, 40e9, rate, 5e9, "fixed");
    }

    @Test
    void sampledHessiansAndLeastSquaresMakeNewtonCheaper() {
        long n = 10_000;
        int d = 800;
        double pass = 8.0 * n * d / RATES.passBytesPerSecond();
        // a Hessian of 30 passes: five exact ones lose to L-BFGS's 101 passes
        MachineRates rates = nativeHessianOf(n, d, 30);
        assertEquals(Method.LBFGS, Auto.forGlm(n, d, rates, true, false, 1, LOTS).method());
        // least squares: the normal equations, one Hessian (30 passes)
        Auto.Choice leastSquares = Auto.forGlm(n, d, rates, true, true, 1, LOTS);
        assertEquals(Method.NEWTON, leastSquares.method());
        assertTrue(leastSquares.reason().contains(String.format(java.util.Locale.ROOT, "a dense Newton fit ~%.3g s "
                + "(a Hessian ~%<.3g s, the normal equations)", 30 * pass)), leastSquares.reason());
        // the early Hessians on every 16th row: 4 sampled and 2 preconditioned CG iterations, P + 4 (1.875 P + 2 P)
        // + 2 (6 P)
        Auto.Choice sampled = Auto.forGlm(n, d, rates, true, false, 16, LOTS);
        assertEquals(Method.NEWTON, sampled.method());
        assertTrue(sampled.reason().contains(String.format(java.util.Locale.ROOT, "a dense Newton fit ~%.3g s",
                newtonFit(pass, 30 * pass, 16))), sampled.reason());
    }

    @Test
    void betweenSixteenAndSixtyFourRowsPerColumnASamplesFactorMayPreconditionNewtonCg() {
        long n = 20_000;
        int d = 1000;
        double pass = 8.0 * n * d / RATES.passBytesPerSecond();
        // a Hessian of 60 passes: the sample's (every 2nd row) 30, then 5 steps of 4 HVPs and 2 passes
        MachineRates rates = nativeHessianOf(n, d, 60);
        Auto.Choice c = Auto.forGlm(n, d, rates, true, false, 1, LOTS);
        assertEquals(Method.NEWTON_CG, c.method(), c.reason());
        assertTrue(c.bySampleFactor() && !c.preconditioned() && !c.maySwitch(), c.reason());
        assertTrue(c.reason().endsWith(String.format(java.util.Locale.ROOT, ", Newton-CG preconditioned by a sample's "
                + "factor ~%.3g s (the Hessian of every 2nd row) -> that", pass + 30 * pass + 30 * pass)), c.reason());
        // least squares: the normal equations are the whole fit
        Auto.Choice leastSquares = Auto.forGlm(n, d, rates, true, true, 1, LOTS);
        assertEquals(Method.NEWTON, leastSquares.method());
        assertFalse(leastSquares.bySampleFactor());
        // fewer than 16 rows per column: the sample would be every row, a dense Newton iteration's Hessian
        Auto.Choice wide = Auto.forGlm(15_000, d, rates, true, false, 1, LOTS);
        assertFalse(wide.bySampleFactor(), wide.reason());
        assertFalse(wide.reason().contains("sample's factor"), wide.reason());
        // 64 rows per column or more: sampled Newton steps, the plan of exactStepsOfASampledRun...
        assertFalse(Auto.forGlm(64_000, d, rates, true, false, 1, LOTS).bySampleFactor());
    }

    @Test
    void exactStepsOfASampledRunAreCgWhereAHessianCostsMoreThanSixPasses() {
        long n = 100_000;
        int d = 100;
        double pass = 8.0 * n * d / 10e9;
        for (double passes : new double[] {5, 7}) {
            double rate = n * (double) d * d / (passes * pass - d * (double) d * d / 3 / 5e9);
            MachineRates rates = new MachineRates(10e9, rate, rate, 0, 5e9, "fixed");
            Auto.Choice c = Auto.forGlm(n, d, rates, false, false, 16, LOTS);
            assertEquals(Method.NEWTON, c.method(), c.reason());
            assertEquals(passes > 6, c.exactStepsByCg(), c.reason());
        }
    }

    @Test
    void aSmallNewtonFitIsPlannedWhateverLbfgsCosts() {
        // a Gram slow enough that the modelled L-BFGS fit is the cheaper, on data small enough that the modelled
        // Newton fit stays under SMALL_FIT_SECONDS
        MachineRates slowGram = new MachineRates(10e9, 1e9, 1e9, 0, 5e9, "fixed");
        Auto.Choice small = Auto.forGlm(569, 31, slowGram, false, false, 1, LOTS);
        assertEquals(Method.NEWTON, small.method());
        assertTrue(small.reason().endsWith("; a Newton fit under 5 ms -> dense Newton (Gram + Cholesky)"), small.reason());
        // ten times the rows: over 5 ms, and L-BFGS is the plan again
        assertEquals(Method.LBFGS, Auto.forGlm(5690, 31, slowGram, false, false, 1, LOTS).method());
    }

    @Test
    void aDenseHessianThatDoesNotFitIsNeverPlanned() {
        // d = 60000 (a LIBSVM file with a large index): DENSE_MATRICES matrices of 28.8 GB each
        Auto.Choice wide = Auto.forGlm(3, 60_000, RATES, true, false, 1, 12L << 30);
        assertEquals(Method.LBFGS, wide.method(), "wide: L-BFGS");
        assertFalse(wide.maySwitch());
        String needs = String.format(java.util.Locale.ROOT, "a dense Hessian needs %.3g GB, more than the 12.9 GB budget",
                Auto.DENSE_MATRICES * 8.0 * 60_000 * 60_000 / 1e9);
        assertTrue(wide.reason().contains(needs), wide.reason());
        Auto.Choice tall = Auto.forGlm(1_000_000, 60_000, RATES, true, false, 1, 12L << 30);
        assertEquals(Method.NEWTON_CG, tall.method(), "tall: Newton-CG");
        assertFalse(tall.maySwitch());
    }

    @Test
    void withoutAGramFormTheDimensionDecides() {
        assertEquals(Method.NEWTON, Auto.withoutGram(Auto.DENSE_FROM_HVPS_MAX_D).method());
        assertEquals(Method.NEWTON_CG, Auto.withoutGram(Auto.DENSE_FROM_HVPS_MAX_D + 1).method());
    }

    @Test
    void gramRateIsInterpolatedBetweenTheMeasuredWidths() {
        assertEquals(20e9, RATES.gramFlopsPerSecond(8), 0);
        assertEquals(40e9, RATES.gramFlopsPerSecond(1000), 0);
        // 90.5 = sqrt(32 * 256): half-way in log d
        assertEquals(30e9, RATES.gramFlopsPerSecond(91), 0.1e9);
    }

    /** An ill-conditioned logistic problem: Newton-CG needs many CG steps per iteration. */
    private static Dataset illConditioned(int n, int d) {
        Random rnd = new Random(5);
        double[][] x = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = rnd.nextGaussian() * Math.pow(10, -2.0 * j / d);
                z += x[i][j] * (j % 2 == 0 ? 1 : -1) * 3;
            }
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        return Dataset.of(DenseMatrix.of(x), DenseVector.of(y));
    }

    /**
     * Rows of the ill-conditioned problem of the switching tests: fewer than 16 per column, so that a sample's factor
     * cannot precondition Newton-CG ({@link SampledHessians#preconditionerStride}) and the plan is L-BFGS or Newton.
     */
    private static final int SWITCH_ROWS = 600;

    /**
     * Rates under which a Hessian of the {@link #SWITCH_ROWS} x 40 problem costs {@code passes} passes, with passes
     * slow enough that no modelled fit falls under {@link Auto#SMALL_FIT_SECONDS}.
     */
    private static MachineRates hessianOf(double passes) {
        double pass = 8.0 * SWITCH_ROWS * 40 / 1e9;
        double gramRate = (double) SWITCH_ROWS * 40 * 40 / (passes * pass - 40.0 * 40 * 40 / 3 / 5e9);
        return new MachineRates(1e9, gramRate, gramRate, 0, 5e9, "fixed");
    }

    @Test
    void lbfgsSwitchesToDenseNewtonWhenItsProgressIsSlow() {
        try (Dataset data = illConditioned(SWITCH_ROWS, 40); Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-6, KernelChoice.DEFAULT, 1)) {
            // a Hessian of 30 passes: the plan is L-BFGS (P + 5 x 32 P > 101 P), and the run switches once L-BFGS
            // projects more than 2 x 3 x 32 = 192 further iterations, which this ill-conditioned problem needs
            Options o = Options.defaults().withGtol(1e-9);
            Result auto = Minimizer.minimize(glm, new double[40], Method.AUTO, o, hessianOf(30));
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertTrue(auto.path().contains("-> L-BFGS"), auto.path());
            assertTrue(auto.path().contains("switched to dense Newton"), auto.path());
            assertEquals(Method.NEWTON, auto.method());
            assertTrue(auto.hessianEvaluations() > 0 && auto.iterations() > LbfgsThenNewton.WINDOW,
                    "L-BFGS ran for its window, then Newton");
            Result newton = Minimizer.minimize(glm, new double[40], Method.NEWTON, o);
            assertEquals(newton.f(), auto.f(), 1e-12 * Math.abs(newton.f()));
            Result lbfgs = Minimizer.minimize(glm, new double[40], Method.LBFGS, o);
            assertTrue(auto.valueEvaluations() + auto.hessianEvaluations() * 30 < lbfgs.valueEvaluations(),
                    "the switch saved passes: " + auto + " against " + lbfgs);
        }
    }

    @Test
    void lbfgsWithGoodProgressDoesNotSwitch() {
        try (Dataset data = illConditioned(SWITCH_ROWS, 40); Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-6, KernelChoice.DEFAULT, 1)) {
            // a Hessian as dear as 100000 passes: L-BFGS's projection never comes near
            Result auto = Minimizer.minimize(glm, new double[40], Method.AUTO, Options.defaults().withGtol(1e-9),
                    hessianOf(100_000));
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(Method.LBFGS, auto.method(), auto.path());
            assertEquals(0, auto.hessianEvaluations());
            assertFalse(auto.path().contains("switched"), auto.path());
        }
    }

    @Test
    void ratesAreMeasuredWhenNoFileHasThem(@TempDir Path dir) {
        var kernels = KernelProvider.get();
        var lapack = new JavaLapack();
        MachineRates measured = MachineRates.loadOrMeasure(kernels, lapack, dir);
        assertTrue(measured.source().startsWith("measured"), measured.source());
        assertTrue(measured.passBytesPerSecond() > 1e8 && measured.wideGramFlopsPerSecond() > 1e8
                && measured.factorFlopsPerSecond() > 1e7, measured.toString());
        // kept for the next JVM when every timing was steady (a busy machine keeps nothing)
        assertEquals(measured.source().equals("measured"), Files.exists(dir.resolve(MachineRates.fileName(kernels, lapack))));
    }

    @Test
    void ratesAreReadFromTheirFileAndADamagedFileIsReplaced(@TempDir Path dir) throws Exception {
        var kernels = KernelProvider.get();
        var lapack = new JavaLapack();
        Path file = dir.resolve(MachineRates.fileName(kernels, lapack));
        MachineRates.write(file, RATES, kernels, lapack);
        MachineRates read = MachineRates.loadOrMeasure(kernels, lapack, dir);
        assertEquals("read from " + file, read.source());
        assertEquals(RATES.passBytesPerSecond(), read.passBytesPerSecond(), 0);
        assertEquals(RATES.nativeGramFlopsPerSecond(), read.nativeGramFlopsPerSecond(), 0);
        assertEquals(RATES.factorFlopsPerSecond(), read.factorFlopsPerSecond(), 0);
        Files.writeString(file, "pass_bytes_per_second = fast\n");
        assertTrue(MachineRates.loadOrMeasure(kernels, lapack, dir).source().startsWith("measured"));
    }

    @Test
    void anotherMachineOrImplementationHasItsOwnFile() {
        var vector = KernelProvider.get();
        var scalar = KernelProvider.byName("scalar");
        var lapack = new JavaLapack();
        assertFalse(MachineRates.fileName(vector, lapack).equals(MachineRates.fileName(scalar, lapack)));
        assertTrue(MachineRates.fileName(vector, lapack).matches("rates-[0-9a-f]{8}\\.properties"));
    }

    @Test
    void sparseDataArePlannedFromTheirNonzeros() {
        // text-like: 1e5 x 1e5 with 50 nonzeros a row: a dense Hessian (80 GB) never fits
        Auto.Choice square = Auto.forSparse(100_000, 100_000, 5_000_000, 100_000 * 2500.0, false, RATES, 12L << 30);
        assertEquals(Method.NEWTON_CG, square.method(), "as wide as tall: Newton-CG");
        assertTrue(square.preconditioned(), "preconditioned by diag(H)");
        assertTrue(square.reason().contains("sparse, n = 100000, d = 100000, 5000000 nonzeros"), square.reason());
        assertTrue(square.reason().endsWith("a dense Hessian needs 800 GB, more than the 12.9 GB budget "
                + "-> Newton-CG preconditioned by diag(H)"), square.reason());
        Auto.Choice wide = Auto.forSparse(50_000, 100_000, 2_500_000, 50_000 * 2500.0, false, RATES, 12L << 30);
        assertEquals(Method.LBFGS, wide.method(), "twice as wide as tall: L-BFGS");
        assertFalse(wide.preconditioned());
        assertTrue(wide.reason().endsWith("; wide (d >= 2 n) -> L-BFGS"), wide.reason());
        Auto.Choice tall = Auto.forSparse(1_000_000, 100_000, 50_000_000, 1e6 * 2500.0, false, RATES, 12L << 30);
        assertEquals(Method.NEWTON_CG, tall.method(), "taller than wide, no dense Hessian: Newton-CG");
        assertTrue(tall.preconditioned());
        // narrow and dense-ish: 1e5 x 20, 10 nonzeros a row: the sparse Gram (1e7 products) costs about 8 passes
        Auto.Choice narrow = Auto.forSparse(100_000, 20, 1_000_000, 100_000 * 100.0, false, RATES, LOTS);
        assertEquals(Method.NEWTON, narrow.method(), narrow.reason());
        assertTrue(narrow.reason().endsWith(" -> dense Newton (sparse Gram + Cholesky)"), narrow.reason());
        // the same rows over 5000 columns: the d^3 factorization costs more than Newton-CG's passes
        Auto.Choice factorBound = Auto.forSparse(100_000, 5000, 1_000_000, 100_000 * 100.0, false, RATES, LOTS);
        assertEquals(Method.NEWTON_CG, factorBound.method(), factorBound.reason());
        assertTrue(factorBound.preconditioned());
        assertFalse(factorBound.maySwitch());
        assertEquals(Method.NEWTON_CG, Auto.forSparse(4000, 5000, 80_000, 4000 * 400.0, false, RATES, LOTS).method(),
                "wider than tall but not twice: Newton-CG");
        assertEquals(Method.LBFGS, Auto.forSparse(4000, 8000, 80_000, 4000 * 400.0, false, RATES, LOTS).method(),
                "twice as wide, the d^3 factorization dear: L-BFGS");
        // a sparse Gram of 50 passes: five for logistic lose to Newton-CG's 100 passes, least squares' one wins
        double pass = 12.0 * 1_000_000 / RATES.passBytesPerSecond();
        double products = 50 * pass * Auto.SPARSE_GRAM_FLOPS_PER_SECOND;
        assertEquals(Method.NEWTON_CG, Auto.forSparse(100_000, 20, 1_000_000, products, false, RATES, LOTS).method());
        Auto.Choice leastSquares = Auto.forSparse(100_000, 20, 1_000_000, products, true, RATES, LOTS);
        assertEquals(Method.NEWTON, leastSquares.method(), leastSquares.reason());
        assertTrue(leastSquares.reason().contains("the normal equations"), leastSquares.reason());
    }

    @Test
    void tallSparseDataRunPreconditionedNewtonCg() {
        int n = 3000;
        int d = 1500;
        Random rnd = new Random(21);
        CsrMatrix.Builder b = CsrMatrix.builder();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            java.util.TreeSet<Integer> row = new java.util.TreeSet<>();
            while (row.size() < 20) {
                row.add((int) Math.min(d - 1, Math.pow(d, rnd.nextDouble()) - 1)); // low columns common, as words
            }
            double z = 0;
            for (int j : row) {
                b.add(j, 1 / Math.sqrt(20));
                z += j % 2 == 0 ? 0.4 : -0.4;
            }
            b.endRow();
            y[i] = rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
        }
        try (Dataset data = Dataset.ofSparse(b.build(d), DenseVector.of(y));
             SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, 1e-4, 2)) {
            Options options = Options.defaults().withGtol(1e-9);
            Result auto = Minimizer.minimize(glm, new double[d], Method.AUTO, options, RATES);
            assertEquals(Status.CONVERGED_GRADIENT, auto.status(), auto.message());
            assertEquals(Method.NEWTON_CG, auto.method(), auto.path());
            assertTrue(auto.path().endsWith("-> Newton-CG preconditioned by diag(H)"), auto.path());
            Result preconditioned = Minimizer.minimize(glm, new double[d], Method.NEWTON_CG,
                    options.withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(true)));
            assertArrayEquals(preconditioned.w(), auto.w(), 0.0, "the plan runs the preconditioned method");
            assertEquals(preconditioned.hvpEvaluations(), auto.hvpEvaluations());
            Result plain = Minimizer.minimize(glm, new double[d], Method.NEWTON_CG, options);
            assertEquals(plain.f(), auto.f(), 1e-12 * Math.abs(plain.f()), "the same optimum");
        }
    }
}
