package io.curvature.jmh;

import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;
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
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * Factorizations, Java against native: {@code dsyevd} (with vectors), {@code dgetrf + dgetri},
 * {@code dpotrf}, on a random SPD matrix of order {@code d}. Each operation first copies the input
 * ({@code d^2} doubles, negligible next to the {@code d^3} work), since the routines work in place.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class LapackBenchmark {

    @Param({"java", "native"})
    String provider;

    @Param({"50", "200", "1000"})
    int d;

    private Arena arena;
    private Lapack lapack;
    private MemorySegment input;
    private MemorySegment work;
    private MemorySegment w;
    private MemorySegment ipiv;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        lapack = LinearAlgebra.byName(provider);
        input = Fixtures.spd(arena, d, 1);
        work = arena.allocate(input.byteSize(), 64);
        w = arena.allocate(d * 8L, 64);
        ipiv = arena.allocate(ValueLayout.JAVA_INT, d);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment syevd() {
        work.copyFrom(input);
        lapack.syevd(true, d, work, 0, d, w, 0);
        return w;
    }

    @Benchmark
    public MemorySegment getrfGetri() {
        work.copyFrom(input);
        lapack.getrf(d, work, 0, d, ipiv, 0);
        lapack.getri(d, work, 0, d, ipiv, 0);
        return work;
    }

    @Benchmark
    public MemorySegment potrf() {
        work.copyFrom(input);
        lapack.potrf(d, work, 0, d);
        return work;
    }
}
