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
 * In-cache kernels: {@code dot}, {@code axpy}, {@code nrm2} on {@code d} elements, and {@code gemv},
 * {@code gemvT} on a {@code 256 x d} matrix (200 KB at {@code d = 100}: L2-resident), and the
 * symmetric updates on a {@code d x d} matrix.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {Fixtures.ADD_VECTOR, Fixtures.NATIVE_ACCESS})
public class Level1Benchmark {

    @Param({"scalar", "vector"})
    String kernels;

    @Param({"16", "100", "1000"})
    int d;

    private static final int ROWS = 256;

    private Arena arena;
    private Kernels k;
    private MemorySegment x;
    private MemorySegment y;
    private MemorySegment r;
    private MemorySegment out;
    private MemorySegment sym;
    private MatrixView a;

    @Setup(Level.Trial)
    public void setup() {
        arena = Arena.ofShared();
        k = KernelProvider.byName(kernels);
        x = Fixtures.uniform(arena, d, -1, 1, 1);
        y = Fixtures.uniform(arena, d, -1, 1, 2);
        r = Fixtures.uniform(arena, ROWS, -1, 1, 3);
        out = arena.allocate(Math.max(ROWS, d) * 8L, 64);
        a = Fixtures.matrix(arena, ROWS, d, 4);
        sym = arena.allocate((long) d * d * 8, 64);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double dot() {
        return k.dot(d, x, 0, y, 0);
    }

    @Benchmark
    public MemorySegment axpy() {
        k.axpy(d, 1e-9, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public double nrm2() {
        return k.nrm2(d, x, 0);
    }

    @Benchmark
    public MemorySegment gemv() {
        k.gemv(a, x, 0, out, 0, 1);
        return out;
    }

    @Benchmark
    public MemorySegment gemvT() {
        k.gemvT(a, r, 0, out, 0, 1);
        return out;
    }

    @Benchmark
    public MemorySegment syr2() {
        k.syr2(d, 1e-12, x, 0, y, 0, sym, 0, d);
        return sym;
    }

    @Benchmark
    public MemorySegment symv() {
        k.symv(d, 1.0, sym, 0, d, x, 0, 0.0, out, 0);
        return out;
    }
}
