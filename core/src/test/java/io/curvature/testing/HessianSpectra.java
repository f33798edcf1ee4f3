package io.curvature.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.data.Dataset;
import io.curvature.data.NpyReader;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.kernel.MatrixView;
import io.curvature.kernel.SampleLoss;
import io.curvature.linalg.Lapack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Hessian spectrum check shared by the Java and the native LAPACK tests. */
public final class HessianSpectra {

    private HessianSpectra() {
    }

    /** Builds the Hessian at {@code w*} and compares its spectrum with {@code ref}, using {@code lapack}. */
    public static void check(JsonNode ref, Lapack lapack) {
        String data = ref.get("data").asText();
        SampleLoss loss = SampleLoss.valueOf(ref.get("model").asText().toUpperCase(Locale.ROOT));
        double lambda = ref.get("lambda").asDouble();
        Kernels k = KernelProvider.get();
        Dataset raw = Dataset.of(NpyReader.readMatrix(SharedData.path(data + ".X.npy")),
                NpyReader.readVector(SharedData.path(data + ".y.npy")));
        try (Dataset ds = ref.get("intercept").asBoolean() ? raw.withInterceptTakingOver() : raw; Arena arena = Arena.ofConfined()) {
            int d = ds.features();
            long n = ds.samples();
            MatrixView x = MatrixView.of(ds);
            MemorySegment w = Segments.of(arena, 0, SharedData.doubles(ref.get("w_star")));
            MemorySegment grad = arena.allocate(d * 8L);
            MemorySegment weights = arena.allocate(n * 8);
            k.glm(loss, x, ds.y().segment(), 0, w, 0, grad, 0, weights, 0, 1);
            MemorySegment h = arena.allocate((long) d * d * 8);
            k.gram(x, weights, 0, h, 0, 1);
            k.scal(d * d, 1.0 / n, h, 0);
            for (int j = 0; j < d; j++) {
                if (ds.isPenalized(j)) {
                    long jj = (long) j * d + j;
                    h.setAtIndex(ValueLayout.JAVA_DOUBLE, jj, h.getAtIndex(ValueLayout.JAVA_DOUBLE, jj) + lambda);
                }
            }
            MemorySegment ev = arena.allocate(d * 8L);
            lapack.syevd(false, d, h, 0, d, ev, 0);
            JsonNode spectrum = ref.get("hessian_eigenvalues_at_w_star");
            double min = ev.getAtIndex(ValueLayout.JAVA_DOUBLE, 0);
            double max = ev.getAtIndex(ValueLayout.JAVA_DOUBLE, d - 1);
            assertEquals(spectrum.get("min").asDouble(), min, 1e-8 * Math.abs(spectrum.get("min").asDouble()), "min");
            assertEquals(spectrum.get("max").asDouble(), max, 1e-8 * spectrum.get("max").asDouble(), "max");
            double kappa = Math.abs(max) / Math.abs(min);
            assertEquals(spectrum.get("kappa").asDouble(), kappa, 1e-8 * spectrum.get("kappa").asDouble(), "kappa");
            if (spectrum.has("all")) {
                double[] all = SharedData.doubles(spectrum.get("all"));
                for (int i = 0; i < d; i++) {
                    assertEquals(all[i], ev.getAtIndex(ValueLayout.JAVA_DOUBLE, i), 1e-10 * max, "eigenvalue " + i);
                }
            }
        }
    }
}
