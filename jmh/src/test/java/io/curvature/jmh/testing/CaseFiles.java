package io.curvature.jmh.testing;

import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyWriter;

import java.nio.file.Path;
import java.util.SplittableRandom;

/** A small seeded logistic case as {@code scripts/bench/peers.py case} writes one: {@code X.npy} and {@code y.npy}. */
public final class CaseFiles {

    private CaseFiles() {
    }

    /** Writes {@code n x 3} uniform features and 0/1 labels into {@code dir}; returns the two paths. */
    public static String[] logistic(Path dir, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextDouble(-1, 1);
            }
            y[i] = rnd.nextDouble() < 0.5 ? 0 : 1;
        }
        Path xs = dir.resolve("X.npy");
        Path ys = dir.resolve("y.npy");
        try (DenseMatrix m = DenseMatrix.of(x); DenseVector v = DenseVector.of(y)) {
            NpyWriter.write(xs, m);
            NpyWriter.write(ys, v);
        }
        return new String[] {xs.toString(), ys.toString()};
    }
}
