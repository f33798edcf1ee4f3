package io.curvature.jmh;

import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.data.DenseVector;
import io.curvature.kernel.MatrixView;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Seeded random benchmark inputs, off-heap, 64-byte aligned. */
public final class Fixtures {

    /** JVM flags every benchmark fork needs. */
    public static final String ADD_VECTOR = "--add-modules=jdk.incubator.vector";
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private Fixtures() {
    }

    /** {@code count} uniform values in {@code [lo, hi)}. */
    public static MemorySegment uniform(Arena arena, long count, double lo, double hi, long seed) {
        MemorySegment s = arena.allocate(Math.max(1, count) * Double.BYTES, 64);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, lo + (hi - lo) * rnd.nextDouble());
        }
        return s;
    }

    /** A random {@code n x d} matrix with entries in {@code [-1, 1)}. */
    public static MatrixView matrix(Arena arena, long n, int d, long seed) {
        return new MatrixView(uniform(arena, n * d, -1, 1, seed), 0, n, d, d);
    }

    /** A random symmetric positive definite {@code d x d} matrix: {@code B^T B / d + I}. */
    public static MemorySegment spd(Arena arena, int d, long seed) {
        MemorySegment b = uniform(arena, (long) d * d, -1, 1, seed);
        MemorySegment a = arena.allocate((long) d * d * Double.BYTES, 64);
        double[] row = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += b.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) k * d + i) * b.getAtIndex(ValueLayout.JAVA_DOUBLE, (long) k * d + j);
                }
                row[j] = s / d + (i == j ? 1 : 0);
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, (long) i * d + j, row[j]);
                a.setAtIndex(ValueLayout.JAVA_DOUBLE, (long) j * d + i, row[j]);
            }
        }
        return a;
    }

    /** {@code n} labels in {0, 1}. */
    public static MemorySegment labels(Arena arena, long n, long seed) {
        MemorySegment s = arena.allocate(n * Double.BYTES, 64);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_DOUBLE, i, rnd.nextInt(2));
        }
        return s;
    }

    /**
     * A text-like sparse data set, as {@code scripts/bench/sparse_peers.py} makes them: {@code draws} columns a row
     * from a Zipf law (frequency {@code 1 / rank^1.1}), a repeated column counted once, rows of unit length, labels
     * 0 or 1 at random.
     */
    public static Dataset textLike(int n, int d, int draws, long seed) {
        double[] cdf = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            total += Math.pow(j + 1, -1.1);
            cdf[j] = total;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] row = new int[draws];
        double[] y = new double[n];
        CsrMatrix.Builder b = CsrMatrix.builder();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < draws; k++) {
                int at = Arrays.binarySearch(cdf, rnd.nextDouble() * total);
                row[k] = Math.min(at < 0 ? -at - 1 : at, d - 1);
            }
            Arrays.sort(row);
            int distinct = 0;
            for (int k = 0; k < draws; k++) {
                if (k == 0 || row[k] != row[k - 1]) {
                    row[distinct++] = row[k];
                }
            }
            for (int k = 0; k < distinct; k++) {
                b.add(row[k], 1 / Math.sqrt(distinct));
            }
            b.endRow();
            y[i] = rnd.nextInt(2);
        }
        return Dataset.ofSparse(b.build(d), DenseVector.of(y));
    }
}
