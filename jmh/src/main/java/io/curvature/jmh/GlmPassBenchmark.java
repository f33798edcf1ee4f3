package io.curvature.jmh;

import io.curvature.kernel.SampleLoss;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
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

/**
 * The fused GLM pass (value + gradient + weights in one pass over {@code X}) and the fused HVP. With
 * {@code n = 100000}, {@code X} is 80 MB at {@code d = 100} and 800 MB at {@code d = 1000}, far beyond the
 * last-level cache: compare bytes per second ({@code 8 n d} x ops/s) with {@link BandwidthBenchmark}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class GlmPassBenchmark {

    @Param({"scalar", "vector"})
    String kernels;

    @Param({"100000"})
    long n;

    @Param({"16", "100", "1000"})
    int d;

    @Param({"LOGISTIC", "LEAST_SQUARES"})
    SampleLoss loss;

    /** The last of the {@code d} columns an implicit intercept column: {@code X} stores {@code d - 1}. */
    @Param({"false"})
    boolean onesColumn;

    private Arena arena;
    private Kernels k;
    private MatrixView x;
    private MemorySegment y;
    private MemorySegment w;
    private MemorySegment grad;
    private MemorySegment weights;
    private MemorySegment hv;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        k = KernelProvider.byName(kernels);
        x = onesColumn ? new MatrixView(Fixtures.uniform(arena, n * (d - 1), -1, 1, 1), 0, n, d, d - 1, true)
                : Fixtures.matrix(arena, n, d, 1);
        y = Fixtures.labels(arena, n, 2);
        w = Fixtures.uniform(arena, d, -0.1, 0.1, 3);
        grad = arena.allocate(d * 8L, 64);
        weights = arena.allocate(n * 8L, 64);
        hv = arena.allocate(d * 8L, 64);
        k.glm(loss, x, y, 0, w, 0, grad, 0, weights, 0, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double glm() {
        return k.glm(loss, x, y, 0, w, 0, grad, 0, weights, 0, 1);
    }

    @Benchmark
    public MemorySegment hvp() {
        k.hvp(x, weights, 0, w, 0, hv, 0, 1);
        return hv;
    }
}
