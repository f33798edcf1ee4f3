package io.curvature.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.data.Dataset;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyReader;
import io.curvature.testing.Segments;
import io.curvature.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused passes on the bundled reference data ({@code src/test/resources/data}) against the independently computed
 * reference: the objective built from {@code glm} reproduces {@code f(0)}, {@code grad f(0)} and
 * {@code f(w*)}, its gradient vanishes at {@code w*}; the HVP equals the Gram matrix times the vector and
 * a direct per-row formula.
 */
class FusedPassReferenceTest {

    static Stream<Arguments> cases() {
        return Stream.of("breast_cancer.logistic.lambda0.0001.intercept.ref.json",
                        "breast_cancer.logistic.lambda0.001.ref.json",
                        "diabetes.least_squares.lambda0.001.intercept.ref.json",
                        "diabetes.poisson.lambda0.001.intercept.ref.json")
                .flatMap(f -> Stream.of("scalar", "vector").map(k -> Arguments.of(f, k)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void objectiveGradientAndHvpMatchReference(String file, String kernels) {
        JsonNode ref = SharedData.reference(file);
        Kernels k = KernelProvider.byName(kernels);
        String data = ref.get("data").asText();
        SampleLoss loss = SampleLoss.valueOf(ref.get("model").asText().toUpperCase(Locale.ROOT));
        double lambda = ref.get("lambda").asDouble();
        Dataset raw = Dataset.of(NpyReader.readMatrix(SharedData.path(data + ".X.npy")),
                NpyReader.readVector(SharedData.path(data + ".y.npy")));
        try (Dataset ds = ref.get("intercept").asBoolean() ? raw.withInterceptTakingOver() : raw;
             Arena arena = Arena.ofConfined()) {
            int d = ds.features();
            long n = ds.samples();
            MatrixView x = MatrixView.of(ds);
            double[] wStar = SharedData.doubles(ref.get("w_star"));
            assertEquals(d, wStar.length);

            double[] grad0 = new double[d];
            double f0 = objective(k, loss, lambda, ds, x, new double[d], grad0, arena, null);
            assertEquals(ref.get("f_at_zero").asDouble(), f0, 1e-13 * Math.abs(f0), "f(0)");
            double[] refGrad0 = SharedData.doubles(ref.get("grad_at_zero"));
            for (int j = 0; j < d; j++) {
                assertEquals(refGrad0[j], grad0[j], 1e-12 * (1 + Math.abs(refGrad0[j])), "grad f(0)[" + j + "]");
            }

            double[] gStar = new double[d];
            MemorySegment weights = arena.allocate(n * 8);
            double fStar = objective(k, loss, lambda, ds, x, wStar, gStar, arena, weights);
            assertEquals(ref.get("f_star").asDouble(), fStar, 1e-12 * Math.abs(fStar), "f(w*)");
            double scale = Math.max(1, Math.abs(fStar));
            for (int j = 0; j < d; j++) {
                assertEquals(0.0, gStar[j], 1e-9 * scale, "grad f(w*)[" + j + "]");
            }

            // HVP at w* along a fixed direction: fused pass vs Gram matrix vs direct formula.
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = Math.sin(j + 1.0);
            }
            MemorySegment vs = Segments.of(arena, 0, v);
            MemorySegment hv = arena.allocate(d * 8L);
            k.hvp(x, weights, 0, vs, 0, hv, 0, 1);
            MemorySegment gram = arena.allocate((long) d * d * 8);
            k.gram(x, weights, 0, gram, 0, 1);
            double[] g = Segments.read(gram, 0, d * d);
            double[] direct = new double[d];
            double[][] xa = new double[(int) n][d];
            for (int i = 0; i < n; i++) {
                ds.rowInto(i, xa[i]);
            }
            double[] w = Segments.read(weights, 0, (int) n);
            for (int i = 0; i < n; i++) {
                double t = 0;
                for (int j = 0; j < d; j++) {
                    t += xa[i][j] * v[j];
                }
                for (int j = 0; j < d; j++) {
                    direct[j] += w[i] * t * xa[i][j];
                }
            }
            double[] h = Segments.read(hv, 0, d);
            for (int j = 0; j < d; j++) {
                double gv = 0;
                for (int c = 0; c < d; c++) {
                    gv += g[j * d + c] * v[c];
                    assertEquals(g[j * d + c], g[c * d + j], 0.0, "Gram symmetric");
                }
                double tol = 1e-11 * (1 + Math.abs(direct[j])) * n;
                assertEquals(direct[j], h[j], tol, "hvp[" + j + "]");
                assertEquals(direct[j], gv, tol, "gram v[" + j + "]");
            }
        }
    }

    /** docs/math.md 1.1: f = sum l / n + lambda/2 ||w_penalized||^2, g = X^T r / n + lambda w_penalized. */
    static double objective(Kernels k, SampleLoss loss, double lambda, Dataset ds, MatrixView x, double[] w,
                            double[] gradOut, Arena arena, MemorySegment weights) {
        int d = ds.features();
        long n = ds.samples();
        MemorySegment ws = Segments.of(arena, 0, w);
        MemorySegment g = arena.allocate(d * 8L);
        MemorySegment dw = weights != null ? weights : arena.allocate(n * 8);
        DenseVector y = ds.y();
        double sum = k.glm(loss, x, y.segment(), 0, ws, 0, g, 0, dw, 0, 1);
        double penalty = 0;
        double[] gr = Segments.read(g, 0, d);
        for (int j = 0; j < d; j++) {
            double pen = ds.isPenalized(j) ? lambda * w[j] : 0;
            penalty += ds.isPenalized(j) ? w[j] * w[j] : 0;
            gradOut[j] = gr[j] / n + pen;
        }
        return sum / n + 0.5 * lambda * penalty;
    }

}
