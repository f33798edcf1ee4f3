package io.curvature.spark;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.MachineRates;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;
import io.curvature.testing.ReferenceProblem;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Iterator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fits on Spark reach the single-JVM fits' optima, with every method the issue names, and AUTO's plan. */
class DistributedFitTest {

    private static final Options TIGHT = Options.defaults().withGtol(1e-10).withMaxIterations(5000);
    /**
     * Two runs stopped by {@code ||g||_inf <= gtol} differ in {@code w} by up to about {@code gtol / lambda_min(H*)}
     * ({@code w - w* ~ H*^-1 g}): 1e-6 on breast cancer at {@code gtol = 1e-10}, where {@code lambda_min} is 1e-4. The
     * Hessian-free and quasi-Newton paths of the two fits part at rounding level, so to compare their {@code w} to
     * 1e-8 both run to a gradient of 1e-12.
     */
    private static final Options TIGHTER = TIGHT.withGtol(1e-12);

    static Stream<Arguments> referenceFits() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String file : ReferenceProblem.FILES) {
            for (Method m : new Method[] {Method.NEWTON, Method.NEWTON_CG, Method.LBFGS}) {
                b.add(Arguments.of(file, m));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("referenceFits")
    void reachesTheReferenceOptimumAndTheSingleJvmFit(String file, Method method) {
        try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
            Result local = Minimizer.minimize(p.glm, new double[p.glm.dimension()], method, TIGHTER);
            boolean intercept = p.data.hasIntercept();
            double[][] x = rowsWithoutIntercept(p.data);
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = p.data.y().get(i);
            }
            try (DistributedGlm f = DistributedGlm.on(LocalSpark.frame(x, y, 3, false)).loss(p.glm.loss())
                    .lambda(p.glm.lambda()).fitIntercept(intercept).build()) {
                Result r = DistributedFit.minimize(f, new double[f.dimension()], method, TIGHTER);
                assertEquals(Status.CONVERGED_GRADIENT, local.status(), local.message());
                assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
                assertEquals(p.fStar, r.f(), 1e-9 * Math.abs(p.fStar), "f against the reference");
                assertSameOptimum(local, r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Method.class, names = {"NEWTON", "NEWTON_CG", "LBFGS"})
    void aHundredThousandRowsReachTheSingleJvmOptimum(Method method) {
        LocalSpark.Problem p = Big.PROBLEM;
        try (Dataset data = Dataset.of(DenseMatrix.of(p.x()), DenseVector.of(p.y())).withIntercept();
             Glm glm = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelChoice.DEFAULT, 2);
             DistributedGlm f = DistributedGlm.on(Big.frame()).lambda(1e-4).fitIntercept(true).build()) {
            Result local = Minimizer.minimize(glm, new double[glm.dimension()], method, TIGHT);
            Result r = DistributedFit.minimize(f, new double[f.dimension()], method, TIGHT);
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message());
            assertSameOptimum(local, r);
            if (method == Method.NEWTON) {
                assertEquals(1 + r.valueEvaluations(), f.passes(), "the job that read the rows, then one per "
                        + "evaluation, its Hessian included (" + r.iterations() + " iterations)");
            }
        }
    }

    @Test
    void autoPlansNewtonForAModerateDimensionAndSaysWhyInThePath() {
        try (DistributedGlm f = DistributedGlm.on(Big.frame()).lambda(1e-4).fitIntercept(true).build()) {
            Result r = DistributedFit.minimize(f, new double[f.dimension()], Method.AUTO, TIGHT);
            assertEquals(Method.NEWTON, r.method());
            assertTrue(r.path().startsWith("auto on Spark: n = 100000, d = 51, 4 partitions"), r.path());
            assertEquals(Status.CONVERGED_GRADIENT, r.status());
        }
    }

    @Test
    void thePlanCountsPasses() {
        MachineRates rates = MachineRates.builtIn();
        assertEquals(Method.NEWTON, DistributedFit.plan(1_000_000, 100, 8, 2, rates).method());
        assertEquals(Method.LBFGS, DistributedFit.plan(1_000_000, DistributedFit.NEWTON_MAX_D + 1, 8, 2, rates)
                .method(), "past the largest d, no d x d partial sums");
        // 1e5 rows of 3000 columns on two cores: a Hessian costs n d^2 flops, more than the 95 passes it saves
        DistributedFit.Plan wide = DistributedFit.plan(100_000, 3000, 8, 2, rates);
        assertEquals(Method.LBFGS, wide.method(), wide.reason());
    }

    @Test
    void aTaskThatFailsOnItsFirstAttemptIsRetriedToTheSameResult() {
        LocalSpark.Problem p = LocalSpark.synthetic(2000, 8, GlmLoss.LOGISTIC, 21);
        var frame = LocalSpark.frame(p.x(), p.y(), 4, false);
        var failingOnce = frame.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> failFirstAttemptOf(1, rows),
                Encoders.row(frame.schema()));
        Result[] results = new Result[2];
        int k = 0;
        for (var data : java.util.List.of(frame, failingOnce)) {
            try (DistributedGlm f = DistributedGlm.on(data).build()) {
                results[k++] = DistributedFit.minimize(f, new double[f.dimension()], Method.NEWTON, TIGHT);
            }
        }
        assertArrayEquals(results[0].w(), results[1].w(), 0.0);
        assertEquals(results[0].f(), results[1].f(), 0.0);
    }

    private static Iterator<Row> failFirstAttemptOf(int partition, Iterator<Row> rows) {
        TaskContext t = TaskContext.get();
        if (t.partitionId() == partition && t.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt");
        }
        return rows;
    }

    /** {@code f} to 1e-10 relative and {@code w} to 1e-8 of the single-JVM fit. */
    static void assertSameOptimum(Result local, Result spark) {
        assertEquals(local.f(), spark.f(), 1e-10 * Math.abs(local.f()), "f against the single-JVM fit");
        for (int j = 0; j < local.w().length; j++) {
            assertEquals(local.w()[j], spark.w()[j], 1e-8 * Math.max(1, Math.abs(local.w()[j])), "w[" + j + "]");
        }
    }

    private static double[][] rowsWithoutIntercept(Dataset data) {
        int d = data.features() - (data.hasIntercept() ? 1 : 0);
        double[][] x = new double[(int) data.samples()][d];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = data.x().get(i, j);
            }
        }
        return x;
    }

    /** The synthetic 1e5 x 50 logistic problem, generated once for the class. */
    private static final class Big {
        static final LocalSpark.Problem PROBLEM = LocalSpark.synthetic(100_000, 50, GlmLoss.LOGISTIC, 7);
        private static org.apache.spark.sql.Dataset<Row> frame;

        static synchronized org.apache.spark.sql.Dataset<Row> frame() {
            if (frame == null) {
                frame = LocalSpark.frame(PROBLEM.x(), PROBLEM.y(), 4, false).cache();
            }
            return frame;
        }
    }
}
