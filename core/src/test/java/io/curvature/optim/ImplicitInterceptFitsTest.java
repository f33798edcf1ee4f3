package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.data.Dataset;
import io.curvature.objective.Glm;
import io.curvature.testing.ReferenceProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every method fits the reference problems with an intercept to the same bits whether the column of ones is
 * implicit ({@link Dataset#withIntercept()}: {@code X} shared, the kernels supply the ones) or stored (the same
 * data set made dense, the column written out), with 1 and 3 threads.
 */
class ImplicitInterceptFitsTest {

    static Stream<Arguments> cases() {
        return Arrays.stream(ReferenceProblem.FILES).filter(f -> f.contains(".intercept."))
                .flatMap(f -> Arrays.stream(Method.values()).map(m -> Arguments.of(f, m)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void sameBitsAsAStoredColumnOfOnes(String file, Method method) {
        for (int threads : new int[] {1, 3}) {
            try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, threads);
                 Dataset stored = p.data.toDense();
                 Glm explicit = new Glm(stored, p.glm.loss(), p.glm.lambda(), KernelChoice.DEFAULT, threads)) {
                assertTrue(p.data.hasImplicitIntercept());
                assertFalse(stored.hasImplicitIntercept());
                assertEquals(p.data.features(), stored.x().cols());
                Options o = Options.defaults().withGtol(method == Method.GD ? 1e-4 : 1e-9).withMaxIterations(20_000);
                Result a = Minimizer.minimize(p.glm, new double[p.glm.dimension()], method, o);
                Result b = Minimizer.minimize(explicit, new double[explicit.dimension()], method, o);
                assertEquals(b.status(), a.status(), a.message());
                assertEquals(b.iterations(), a.iterations(), "iterations");
                assertArrayEquals(b.w(), a.w(), 0.0, "w, bit for bit");
                assertEquals(b.f(), a.f(), 0.0, "f");
            }
        }
    }
}
