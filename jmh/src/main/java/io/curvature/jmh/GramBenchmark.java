package io.curvature.jmh;

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
 * The Gram-matrix Hessian {@code X^T D X}. A score converts to a flop rate with the count of docs/math.md
 * section 5 ({@code n d^2} for the upper triangle).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class GramBenchmark {

    @Param({"scalar", "vector"})
    String kernels;

    @Param({"100000"})
    long n;

    @Param({"16", "100", "256"})
    int d;

    @Param({"1"})
    int threads;

    private Arena arena;
    private Kernels k;
    private MatrixView x;
    private MemorySegment weights;
    private MemorySegment out;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        k = KernelProvider.byName(kernels);
        x = Fixtures.matrix(arena, n, d, 1);
        weights = Fixtures.uniform(arena, n, 0, 0.25, 2);
        out = arena.allocate((long) d * d * 8, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment gram() {
        k.gram(x, weights, 0, out, 0, threads);
        return out;
    }
}
