package io.curvature.jmh;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
import java.nio.ByteOrder;

/**
 * The memory-bandwidth reference: a plain vectorized sum over a segment of {@code n x d} doubles, the
 * same bytes the fused passes read. Bytes per second = {@code 8 n d} times the score in ops/s. {@link #sum}
 * uses the preferred species, {@link #sum256} 256-bit vectors: on the development machine (AMD EPYC,
 * AVX-512 executed as two 256-bit halves) the 256-bit loop streams faster, so the larger of the two is the
 * machine's read bandwidth. (The loop is written out twice on purpose: a species passed as an argument is
 * not a constant to C2, and the loop would run without intrinsics, far slower.)
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class BandwidthBenchmark {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> S256 = DoubleVector.SPECIES_256;

    @Param({"100000"})
    long n;

    @Param({"16", "100", "1000"})
    int d;

    private Arena arena;
    private MemorySegment x;

    /** Set up outside JMH, for harnesses that put the reference in their own rotation; close with {@link #tearDown}. */
    public static BandwidthBenchmark of(long n, int d) {
        BandwidthBenchmark b = new BandwidthBenchmark();
        b.n = n;
        b.d = d;
        b.setup();
        return b;
    }

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        x = Fixtures.uniform(arena, n * d, -1, 1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double sum() {
        long bytes = x.byteSize();
        long step = (long) S.length() * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long o = 0;
        for (; o + 4 * step <= bytes; o += 4 * step) {
            a0 = a0.add(DoubleVector.fromMemorySegment(S, x, o, ByteOrder.nativeOrder()));
            a1 = a1.add(DoubleVector.fromMemorySegment(S, x, o + step, ByteOrder.nativeOrder()));
            a2 = a2.add(DoubleVector.fromMemorySegment(S, x, o + 2 * step, ByteOrder.nativeOrder()));
            a3 = a3.add(DoubleVector.fromMemorySegment(S, x, o + 3 * step, ByteOrder.nativeOrder()));
        }
        double sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; o < bytes; o += Double.BYTES) {
            sum += x.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, o);
        }
        return sum;
    }

    @Benchmark
    public double sum256() {
        long bytes = x.byteSize();
        long step = (long) S256.length() * Double.BYTES;
        DoubleVector a0 = DoubleVector.zero(S256);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long o = 0;
        for (; o + 4 * step <= bytes; o += 4 * step) {
            a0 = a0.add(DoubleVector.fromMemorySegment(S256, x, o, ByteOrder.nativeOrder()));
            a1 = a1.add(DoubleVector.fromMemorySegment(S256, x, o + step, ByteOrder.nativeOrder()));
            a2 = a2.add(DoubleVector.fromMemorySegment(S256, x, o + 2 * step, ByteOrder.nativeOrder()));
            a3 = a3.add(DoubleVector.fromMemorySegment(S256, x, o + 3 * step, ByteOrder.nativeOrder()));
        }
        double sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
        for (; o < bytes; o += Double.BYTES) {
            sum += x.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, o);
        }
        return sum;
    }
}
