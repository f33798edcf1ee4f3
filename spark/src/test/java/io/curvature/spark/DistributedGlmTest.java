package io.curvature.spark;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The distributed value, gradient, HVP, Hessian and diagonal against the single-JVM objective on the same data. */
class DistributedGlmTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;
    private static final double REL = 1e-12;

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (GlmLoss loss : GlmLoss.values()) {
            for (int partitions : new int[] {1, 2, 7}) {
                for (boolean intercept : new boolean[] {false, true}) {
                    b.add(Arguments.of(loss, partitions, intercept));
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}, {1} partitions, intercept {2}")
    @MethodSource("cases")
    void everyEvaluationEqualsTheSingleJvmObjective(GlmLoss loss, int partitions, boolean intercept) {
        int n = 301;
        int d = 7;
        LocalSpark.Problem p = LocalSpark.synthetic(n, d, loss, 11 + partitions);
        try (Arena arena = Arena.ofConfined();
             Dataset raw = Dataset.of(DenseMatrix.of(p.x()), DenseVector.of(p.y()));
             Dataset data = intercept ? raw.withIntercept() : raw.withTargets(DenseVector.of(p.y()));
             Glm local = new Glm(data, loss, 1e-3, KernelChoice.DEFAULT, 1);
             DistributedGlm spark = DistributedGlm.on(LocalSpark.frame(p.x(), p.y(), partitions, true)).loss(loss)
                     .lambda(1e-3).fitIntercept(intercept).aggregationFanIn(2).build()) {
            int k = spark.dimension();
            assertEquals(local.dimension(), k);
            assertEquals(n, spark.samples());
            assertEquals(partitions, spark.partitions());
            MemorySegment w = random(arena, k, 1);
            MemorySegment v = random(arena, k, 2);

            MemorySegment g1 = arena.allocate(8L * k);
            MemorySegment g2 = arena.allocate(8L * k);
            double f1 = local.valueAndGradient(w, g1);
            double f2 = spark.valueAndGradient(w, g2);
            assertEquals(f1, f2, REL * Math.abs(f1));
            assertClose(g1, g2, k);
            assertEquals(f1, spark.value(w), REL * Math.abs(f1));

            local.hessianVector(w, v, g1);
            spark.hessianVector(w, v, g2);
            assertClose(g1, g2, k);

            MemorySegment h1 = arena.allocate(8L * k * k);
            MemorySegment h2 = arena.allocate(8L * k * k);
            local.hessian(w, h1);
            spark.hessian(w, h2);
            assertClose(h1, h2, k * k);

            assertTrue(local.hessianDiagonal(w, g1));
            assertTrue(spark.hessianDiagonal(w, g2));
            assertClose(g1, g2, k);
        }
    }

    @Test
    void theHessianComputedWithTheGradientIsTheHessianOfItsOwnJobAndSavesAPass() {
        LocalSpark.Problem p = LocalSpark.synthetic(200, 5, GlmLoss.LOGISTIC, 3);
        try (Arena arena = Arena.ofConfined();
             DistributedGlm spark = DistributedGlm.on(LocalSpark.frame(p.x(), p.y(), 3, false)).build()) {
            MemorySegment w = random(arena, 5, 4);
            MemorySegment g = arena.allocate(40);
            MemorySegment alone = arena.allocate(8 * 25);
            MemorySegment fused = arena.allocate(8 * 25);
            spark.hessian(w, alone);
            spark.computeHessianWithGradient(true);
            spark.valueAndGradient(w, g);
            long before = spark.passes();
            spark.hessian(w, fused);
            assertEquals(before, spark.passes(), "the Hessian at the gradient's point needs no job");
            assertEquals(-1, MemorySegment.mismatch(alone, 0, 200, fused, 0, 200));
        }
    }

    @Test
    void theSamePartitioningGivesTheSameBitsOnEveryRun() {
        LocalSpark.Problem p = LocalSpark.synthetic(500, 6, GlmLoss.POISSON, 5);
        var frame = LocalSpark.frame(p.x(), p.y(), 7, false);
        double[][] grads = new double[2][];
        for (int run = 0; run < 2; run++) {
            try (Arena arena = Arena.ofConfined();
                 DistributedGlm spark = DistributedGlm.on(frame).loss(GlmLoss.POISSON).aggregationFanIn(2).build()) {
                MemorySegment g = arena.allocate(48);
                double f = spark.valueAndGradient(random(arena, 6, 9), g);
                grads[run] = new double[7];
                MemorySegment.copy(g, D, 0, grads[run], 0, 6);
                grads[run][6] = f;
            }
        }
        assertArrayEquals(grads[0], grads[1], 0.0);
    }

    @Test
    void aCachedBlockLostAfterTheBuildIsRebuiltFromTheSourceToTheSameBits() {
        LocalSpark.Problem p = LocalSpark.synthetic(400, 5, GlmLoss.LOGISTIC, 13);
        try (Arena arena = Arena.ofConfined();
             DistributedGlm spark = DistributedGlm.on(LocalSpark.frame(p.x(), p.y(), 3, true)).build()) {
            MemorySegment w = random(arena, 5, 6);
            MemorySegment g = arena.allocate(40);
            MemorySegment again = arena.allocate(40);
            double f = spark.valueAndGradient(w, g);
            // what a lost executor does to the cache: every cached partition of every RDD is gone
            var master = org.apache.spark.SparkEnv.get().blockManager().master();
            var context = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
            for (int id : context.getPersistentRDDs().keySet()) {
                master.removeRdd(id, true);
            }
            assertEquals(f, spark.valueAndGradient(w, again), 0.0);
            assertEquals(-1, MemorySegment.mismatch(g, 0, 40, again, 0, 40));
        }
    }

    @Test
    void closeFreesTheBlocksAndDropsThemFromTheCache() {
        var context = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(LocalSpark.session().sparkContext());
        int before = context.getPersistentRDDs().size();
        LocalSpark.Problem p = LocalSpark.synthetic(100, 3, GlmLoss.LOGISTIC, 17);
        DistributedGlm f = DistributedGlm.on(LocalSpark.frame(p.x(), p.y(), 2, false)).build();
        assertEquals(before + 1, context.getPersistentRDDs().size());
        f.close();
        assertEquals(before, context.getPersistentRDDs().size());
    }

    @Test
    void aFreedBlockRefusesWorkInsteadOfReadingFreedMemory() {
        RowReader reader = new RowReader(new String[] {"features"}, new int[] {0}, true, RowReader.FROM_FIRST_ROW,
                "label", 1, GlmLoss.LOGISTIC, true);
        RowBlock b = reader.read(0, java.util.List.of(org.apache.spark.sql.RowFactory.create(
                org.apache.spark.ml.linalg.Vectors.dense(1, 2), 1.0)).iterator());
        assertEquals(3, b.cols());
        assertEquals(1, b.rows());
        double[] sums = b.valueAndGradient(GlmLoss.LOGISTIC, new double[3]);
        assertArrayEquals(new double[] {Math.log(2), -0.5, -1.0, -0.5}, sums, 1e-15);
        b.free();
        assertEquals("the rows of this block were freed: its objective was closed", org.junit.jupiter.api.Assertions
                .assertThrows(IllegalStateException.class, () -> b.valueAndGradient(
                        GlmLoss.LOGISTIC, new double[3])).getMessage());
    }

    static MemorySegment random(Arena arena, int k, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment s = arena.allocate(8L * k);
        for (int j = 0; j < k; j++) {
            s.setAtIndex(D, j, 0.3 * r.nextGaussian());
        }
        return s;
    }

    private static void assertClose(MemorySegment expected, MemorySegment actual, int k) {
        double scale = 0;
        for (int j = 0; j < k; j++) {
            scale = Math.max(scale, Math.abs(expected.getAtIndex(D, j)));
        }
        for (int j = 0; j < k; j++) {
            assertEquals(expected.getAtIndex(D, j), actual.getAtIndex(D, j), REL * scale, "entry " + j);
        }
    }
}
