package io.curvature.jmh.experiments;

import io.curvature.jmh.Fixtures;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
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
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * What a short in-cache dot costs by loop shape, without the library's call overhead: the same
 * four-accumulator vector loop on heap arrays ({@code int} index), on segments with an {@code int} counter
 * and {@code long} byte offsets, and on segments with a {@code long} byte counter; and the plain scalar
 * loop. It explains why {@code VectorKernels} counts bytes in a {@code long}, and why 4x the scalar dot at
 * {@code d = 100} is out of reach on segments (issue 2): the heap loop is the floor.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class DotLoopBenchmark {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final long LB = (long) L * Double.BYTES;
    private static final ByteOrder O = ByteOrder.nativeOrder();
    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    @Param({"100", "1000"})
    int d;

    private Arena arena;
    private MemorySegment x;
    private MemorySegment y;
    private double[] xa;
    private double[] ya;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        x = Fixtures.uniform(arena, d, -1, 1, 1);
        y = Fixtures.uniform(arena, d, -1, 1, 2);
        xa = x.toArray(D);
        ya = y.toArray(D);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    private static double sum(DoubleVector v) {
        double s = 0;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }

    @Benchmark
    public double heapArrays() {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        for (int bound = d & -(4 * L); k < bound; k += 4 * L) {
            a0 = DoubleVector.fromArray(S, xa, k).fma(DoubleVector.fromArray(S, ya, k), a0);
            a1 = DoubleVector.fromArray(S, xa, k + L).fma(DoubleVector.fromArray(S, ya, k + L), a1);
            a2 = DoubleVector.fromArray(S, xa, k + 2 * L).fma(DoubleVector.fromArray(S, ya, k + 2 * L), a2);
            a3 = DoubleVector.fromArray(S, xa, k + 3 * L).fma(DoubleVector.fromArray(S, ya, k + 3 * L), a3);
        }
        for (int bound = S.loopBound(d); k < bound; k += L) {
            a0 = DoubleVector.fromArray(S, xa, k).fma(DoubleVector.fromArray(S, ya, k), a0);
        }
        double s = sum(a0.add(a1).add(a2.add(a3)));
        for (; k < d; k++) {
            s = Math.fma(xa[k], ya[k], s);
        }
        return s;
    }

    @Benchmark
    public double segmentsIntCounter() {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        int k = 0;
        for (int bound = d & -(4 * L); k < bound; k += 4 * L) {
            long o = (long) k * Double.BYTES;
            a0 = DoubleVector.fromMemorySegment(S, x, o, O).fma(DoubleVector.fromMemorySegment(S, y, o, O), a0);
            a1 = DoubleVector.fromMemorySegment(S, x, o + LB, O).fma(DoubleVector.fromMemorySegment(S, y, o + LB, O), a1);
            a2 = DoubleVector.fromMemorySegment(S, x, o + 2 * LB, O)
                    .fma(DoubleVector.fromMemorySegment(S, y, o + 2 * LB, O), a2);
            a3 = DoubleVector.fromMemorySegment(S, x, o + 3 * LB, O)
                    .fma(DoubleVector.fromMemorySegment(S, y, o + 3 * LB, O), a3);
        }
        for (int bound = S.loopBound(d); k < bound; k += L) {
            long o = (long) k * Double.BYTES;
            a0 = DoubleVector.fromMemorySegment(S, x, o, O).fma(DoubleVector.fromMemorySegment(S, y, o, O), a0);
        }
        double s = sum(a0.add(a1).add(a2.add(a3)));
        for (; k < d; k++) {
            s = Math.fma(x.getAtIndex(D, k), y.getAtIndex(D, k), s);
        }
        return s;
    }

    @Benchmark
    public double segmentsLongCounter() {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        long o = 0;
        for (long bound = (long) (d & -(4 * L)) * Double.BYTES; o < bound; o += 4 * LB) {
            a0 = DoubleVector.fromMemorySegment(S, x, o, O).fma(DoubleVector.fromMemorySegment(S, y, o, O), a0);
            a1 = DoubleVector.fromMemorySegment(S, x, o + LB, O).fma(DoubleVector.fromMemorySegment(S, y, o + LB, O), a1);
            a2 = DoubleVector.fromMemorySegment(S, x, o + 2 * LB, O)
                    .fma(DoubleVector.fromMemorySegment(S, y, o + 2 * LB, O), a2);
            a3 = DoubleVector.fromMemorySegment(S, x, o + 3 * LB, O)
                    .fma(DoubleVector.fromMemorySegment(S, y, o + 3 * LB, O), a3);
        }
        for (long bound = (long) S.loopBound(d) * Double.BYTES; o < bound; o += LB) {
            a0 = DoubleVector.fromMemorySegment(S, x, o, O).fma(DoubleVector.fromMemorySegment(S, y, o, O), a0);
        }
        double s = sum(a0.add(a1).add(a2.add(a3)));
        for (long end = (long) d * Double.BYTES; o < end; o += Double.BYTES) {
            s = Math.fma(x.get(D, o), y.get(D, o), s);
        }
        return s;
    }

    @Benchmark
    public double scalar() {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += x.getAtIndex(D, k) * y.getAtIndex(D, k);
        }
        return s;
    }
}
