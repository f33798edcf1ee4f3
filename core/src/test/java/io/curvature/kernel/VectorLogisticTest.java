package io.curvature.kernel;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The four-sample logistic of the vector GLM pass against {@link SampleLoss#LOGISTIC}, the scalar definition. */
class VectorLogisticTest {

    private static final ValueLayout.OfDouble D = ValueLayout.JAVA_DOUBLE;

    /** z across the whole range: tiny, moderate, where p rounds to 1, where exp(-|z|) underflows. */
    private static final double[] Z = {0.0, -0.0, 1e-300, -1e-300, 1e-12, -1e-12, 0.3, -0.3, 0.5, -0.5, 1, -1,
        Math.log(2), -Math.log(2), 2.5, -2.5, 10, -10, 19.5, -19.5, 36.7, -36.7, 100, -100, 700, -700, 708, -708,
        709, -709, 745, -745, 800, -800, 1e10, -1e10};

    @Test
    void agreesWithTheScalarLossToAFewUlps() {
        Random rnd = new Random(7);
        double[] z = new double[Z.length + 4000];
        System.arraycopy(Z, 0, z, 0, Z.length);
        for (int i = Z.length; i < z.length; i++) {
            z[i] = rnd.nextGaussian() * (i % 3 == 0 ? 30 : 3);
        }
        try (Arena arena = Arena.ofConfined()) {
            int n = z.length;
            MemorySegment y = arena.allocate(n * 8L);
            MemorySegment zs = arena.allocate(n * 8L);
            MemorySegment rS = arena.allocate(n * 8L);
            MemorySegment dS = arena.allocate(n * 8L);
            MemorySegment dV = arena.allocate(n * 8L);
            for (int i = 0; i < n; i++) {
                y.setAtIndex(D, i, i % 2);
                zs.setAtIndex(D, i, z[i]);
            }
            for (int i = 0; i < n; i += 4) {
                int count = Math.min(4, n - i);
                double[] zr = new double[8];
                System.arraycopy(z, i, zr, 2, count);
                double lossV = VectorLogistic.evaluate(count, zr, 2, y, i, dV, i);
                double lossS = SampleLoss.LOGISTIC.evaluate(count, zs, i, y, i, rS, i, dS, i);
                // softplus(z) - y z cancels for y = 1, z >> 0 (in both): an error of a few ulps of |z| is the floor
                double scale = 0;
                for (int k = 0; k < count; k++) {
                    scale += Math.max(1, Math.abs(z[i + k]));
                }
                assertEquals(lossS, lossV, 4e-15 * scale, "loss at " + i);
                for (int k = 0; k < count; k++) {
                    String at = "sample " + (i + k) + " (z = " + z[i + k] + ")";
                    // r = p - y cancels for y = 1, p near 1: compare on the scale of p
                    assertEquals(rS.getAtIndex(D, i + k), zr[2 + k], 4e-15, "r of " + at);
                    double dScalar = dS.getAtIndex(D, i + k);
                    double dVector = dV.getAtIndex(D, i + k);
                    if (Math.abs(z[i + k]) > 708) {
                        // e = exp(-|z|) is held at exp(-708): D differs from the scalar one by < 1e-307
                        assertTrue(Math.abs(dScalar - dVector) < 1e-307, "D of " + at);
                    } else {
                        assertClose(dScalar, dVector, "D of " + at);
                    }
                }
                for (int k : new int[] {0, 1, 6, 7}) {
                    assertEquals(0.0, zr[k], "element " + k + " outside the four samples untouched");
                }
            }
        }
    }

    @Test
    void maskedLanesAreNeitherReadNorWritten() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment y = arena.allocate(2 * 8L); // only two samples: lanes 2 and 3 would be out of bounds
            MemorySegment d = arena.allocate(2 * 8L);
            y.setAtIndex(D, 1, 1.0);
            double[] zr = {0.5, -0.5, 99, 99};
            double loss = VectorLogistic.evaluate(2, zr, 0, y, 0, d, 0);
            assertEquals(99, zr[2]);
            assertEquals(99, zr[3]);
            double expected = Math.log1p(Math.exp(0.5)) + Math.log1p(Math.exp(-0.5)) + 0.5;
            assertEquals(expected, loss, 1e-15 * expected);
        }
    }

    /**
     * The polynomial {@code exp} over its whole domain {@code [-708, 0]} and {@code log1p} over {@code [0, 1]},
     * seen through what the pass writes: for {@code z <= 0}, {@code y = 0} the residual is {@code e / (1 + e)}
     * and the loss {@code log1p(e)}, {@code e = exp(z)}.
     */
    @Test
    void expAndLog1pAreAccurateOverTheirDomains() {
        double[] zs = new double[70801 + 100001];
        for (int i = 0; i <= 70800; i++) {
            zs[i] = -i / 100.0; // exp's domain, evenly
        }
        for (int i = 1; i <= 100001; i++) {
            zs[70800 + i] = Math.log(i / 100001.0); // e = exp(z) evenly over (0, 1]: log1p's domain
        }
        double worstSigmoid = 0;
        double worstSoftplus = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment y = arena.allocate(4 * 8L); // zeros
            MemorySegment d = arena.allocate(4 * 8L);
            double[] zr = new double[4];
            for (int i = 0; i < zs.length; i += 4) {
                int count = Math.min(4, zs.length - i);
                System.arraycopy(zs, i, zr, 0, count);
                double loss = VectorLogistic.evaluate(count, zr, 0, y, 0, d, 0);
                double lossRef = 0;
                for (int k = 0; k < count; k++) {
                    double e = Math.exp(zs[i + k]);
                    double sigmoid = e / (1 + e);
                    worstSigmoid = Math.max(worstSigmoid, Math.abs(zr[k] - sigmoid) / sigmoid);
                    lossRef += Math.log1p(e);
                }
                worstSoftplus = Math.max(worstSoftplus, Math.abs(loss - lossRef) / lossRef);
            }
        }
        assertTrue(worstSigmoid < 1e-15, "sigmoid (exp) relative error " + worstSigmoid);
        assertTrue(worstSoftplus < 1e-15, "softplus (log1p) relative error " + worstSoftplus);
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 4e-15 * Math.max(1e-300, Math.abs(expected)) + Double.MIN_NORMAL, what);
    }
}
