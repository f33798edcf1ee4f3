package io.curvature.jmh;

import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.SparseGlm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The sparse passes of {@link SparseGlm} (logistic) on the text-like shapes of the sparse whole-fit comparison
 * ({@code shape} = columns x Zipf draws a row, {@link Fixtures#textLike}): the fused value-gradient-weights pass and
 * the Hessian-vector product, against {@link #streamCsrBytes}, a vectorized sum over as many bytes as the CSR
 * arrays hold (8-byte row pointers, 4-byte columns, 8-byte values). The three read the same bytes, so a pass's
 * score over the stream's is the share of the streaming bandwidth it reaches.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class SparsePassBenchmark {

    @Param({"100000"})
    int n;

    /** Columns and Zipf draws a row: the shapes of text-1e5x2e4 and text-1e5x1e5. */
    @Param({"20000x20", "100000x50"})
    String shape;

    @Param({"1", "2"})
    int threads;

    private Dataset data;
    private SparseGlm glm;
    private Arena arena;
    private MemorySegment w;
    private MemorySegment v;
    private MemorySegment out;
    private BandwidthBenchmark stream;

    @Setup(Level.Trial)
    public void setup() {
        String[] s = shape.split("x");
        int d = Integer.parseInt(s[0]);
        data = Fixtures.textLike(n, d, Integer.parseInt(s[1]), 19);
        glm = new SparseGlm(data, GlmLoss.LOGISTIC, 1e-5, threads);
        arena = Arena.ofShared();
        w = Fixtures.uniform(arena, d, -0.1, 0.1, 1);
        v = Fixtures.uniform(arena, d, -1, 1, 2);
        out = arena.allocate((long) d * Double.BYTES, 64);
        glm.valueAndGradient(w, out); // the weights D of w, which the HVP reuses
        long csrBytes = 8 * (n + 1L) + 12 * data.sparseX().nonzeros();
        stream = BandwidthBenchmark.of(csrBytes / Double.BYTES, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stream.tearDown();
        glm.close();
        data.close();
        arena.close();
    }

    @Benchmark
    public double valueAndGradient() {
        return glm.valueAndGradient(w, out);
    }

    @Benchmark
    public double hessianVector() {
        glm.hessianVector(w, v, out);
        return out.getAtIndex(ValueLayout.JAVA_DOUBLE, 0);
    }

    @Benchmark
    public double streamCsrBytes() {
        return stream.sum();
    }
}
