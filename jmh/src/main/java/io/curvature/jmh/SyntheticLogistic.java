package io.curvature.jmh;

import io.curvature.data.Dataset;
import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/**
 * Seeded synthetic logistic-regression data with a chosen condition number: Gaussian features, column
 * {@code j} scaled by {@code kappa^(-j / (2 (d - 1)))} so the Gram matrix's spectrum spans about
 * {@code kappa}; labels drawn from the logistic model of a fixed random {@code w}.
 */
final class SyntheticLogistic {

    private SyntheticLogistic() {
    }

    static Dataset generate(long n, int d, double kappa, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] scale = new double[d];
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = Math.pow(kappa, -j / (2.0 * Math.max(1, d - 1)));
            w[j] = rnd.nextDouble() * 2 - 1;
        }
        DenseMatrix x = DenseMatrix.zeros(n, d);
        DenseVector y = DenseVector.zeros(n);
        MemorySegment xs = x.segment();
        for (long i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                double v = gaussian(rnd) * scale[j];
                xs.setAtIndex(ValueLayout.JAVA_DOUBLE, i * d + j, v);
                z += v * w[j] / scale[j] / Math.sqrt(d);
            }
            y.set(i, rnd.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
        }
        return Dataset.of(x, y);
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
