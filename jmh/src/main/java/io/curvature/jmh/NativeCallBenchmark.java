package io.curvature.jmh;

import io.curvature.linalg.Lapack;
import io.curvature.linalg.LinearAlgebra;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/** The cost of a tiny call: the eigenvalues of a 2x2 matrix, native (checks + downcall) and Java. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class NativeCallBenchmark {

    @Param({"java", "native"})
    String provider;

    private Arena arena;
    private Lapack lapack;
    private MemorySegment a;
    private MemorySegment w;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        lapack = LinearAlgebra.byName(provider);
        a = arena.allocate(4 * 8L, 64);
        w = arena.allocate(2 * 8L, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment eigen2() {
        a.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, 2.0);
        a.setAtIndex(ValueLayout.JAVA_DOUBLE, 2, 0.5);
        a.setAtIndex(ValueLayout.JAVA_DOUBLE, 3, 1.0);
        lapack.syevd(false, 2, a, 0, 2, w, 0);
        return w;
    }
}
