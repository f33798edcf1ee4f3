package io.curvature.jmh;

import io.curvature.ffi.NativeBlas;
import io.curvature.ffi.NativeGram;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The two Gram paths, with weights {@code D >= 0}: the Vector API kernel and OpenBLAS {@code dsyrk} on
 * rows scaled by {@code sqrt(D)} ({@link NativeGram}). A score converts to a flop rate with the count of
 * docs/math.md section 5 ({@code n d^2}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class GramPathBenchmark {

    @Param({"vector", "native"})
    String path;

    @Param({"100000"})
    long n;

    @Param({"16", "64", "256", "1024"})
    int d;

    @Param({"1", "2"})
    int threads;

    private Arena arena;
    private Kernels k;
    private MatrixView x;
    private MemorySegment weights;
    private MemorySegment out;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        k = KernelProvider.byName("vector");
        x = Fixtures.matrix(arena, n, d, 1);
        weights = Fixtures.uniform(arena, n, 0, 0.25, 2);
        out = arena.allocate((long) d * d * 8, 64);
        NativeBlas.setThreads(threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment gram() {
        if (path.equals("native")) {
            NativeGram.gram(x, weights, 0, out, 0);
        } else {
            k.gram(x, weights, 0, out, 0, threads);
        }
        return out;
    }
}
