package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.testing.ReferenceProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every method reaches the independently computed optimum of every reference problem: {@code f} within
 * 1e-9 relative of {@code f_star}, {@code w} within 1e-6 of {@code w_star}. The {@code w} error is about
 * {@code gtol / lambda_min(H*)}: on breast cancer with {@code lambda = 1e-4}, {@code gtol = 1e-9} leaves
 * the superlinear methods (SR1, BFGS, L-BFGS, trust region) at 1.0-1.2e-6, so the test asks for
 * {@code gtol = 1e-10}. Gradient descent gets {@code gtol = 1e-5} and 100000 iterations and is held to
 * {@code f} within 1e-4 relative only ({@code kappa} reaches 1e5 here).
 */
class ReferenceOptimaTest {

    static Stream<Arguments> cases() {
        return Arrays.stream(ReferenceProblem.FILES).flatMap(f -> Arrays.stream(Method.values()).map(m -> Arguments.of(f, m)));
    }

    static Stream<Arguments> casesWithoutGradientDescent() {
        return cases().filter(a -> a.get()[1] != Method.GD);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void reachesTheReferenceOptimum(String file, Method method) {
        try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
            boolean gd = method == Method.GD;
            Options o = Options.defaults().withGtol(gd ? 1e-5 : 1e-10).withMaxIterations(gd ? 100_000 : 5000)
                    .withMaxEvaluations(1_000_000);
            Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], method, o);
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message() + " after " + r.iterations() + " iterations");
            assertEquals(p.fStar, r.f(), (gd ? 1e-4 : 1e-9) * Math.abs(p.fStar), "f");
            if (!gd) {
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-6, "w[" + j + "]");
                }
            }
            assertTrue(r.iterations() > 0 && r.trace().size() == r.iterations() + 1, "trace rows");
            assertTrue(r.path().length() > 0, "path");
        }
    }

    /**
     * The setting, {@code gtol = 1e-9}: every method but gradient descent converges, {@code f} within
     * 1e-9 relative, and {@code w} as close as the stopping test allows. Near the optimum {@code w - w* ~
     * H*^-1 g}, so {@code ||w - w*||_2 <= ||g||_2 / lambda_min(H*) <= sqrt(d) gtol / lambda_min(H*)} (with
     * 50% slack for H varying along the way). That bound is below 1e-6 on diabetes (3.5e-7 and 2.5e-9) but
     * 5.5e-6 and 5.6e-5 on breast cancer, where {@code lambda_min(H*)} is 1e-3 and 1e-4: there 1e-6 needs
     * the tighter {@code gtol} of the test above (measured at 1e-9: SR1 8.2e-6, L-BFGS 3.4e-6, BFGS 1.8e-6).
     */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("casesWithoutGradientDescent")
    void atGtol1e9WIsAsCloseAsTheGradientAllows(String file, Method method) {
        try (ReferenceProblem p = new ReferenceProblem(file, KernelChoice.DEFAULT, 1)) {
            double gtol = 1e-9;
            Options o = Options.defaults().withGtol(gtol).withMaxIterations(5000)
                    .withMaxEvaluations(1_000_000);
            Result r = Minimizer.minimize(p.glm, new double[p.glm.dimension()], method, o);
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r.message() + " after " + r.iterations() + " iterations");
            assertEquals(p.fStar, r.f(), 1e-9 * Math.abs(p.fStar), "f");
            double lambdaMin = p.ref.get("hessian_eigenvalues_at_w_star").get("min").asDouble();
            double bound = 1.5 * Math.sqrt(p.wStar.length) * gtol / lambdaMin;
            double err = 0;
            for (int j = 0; j < p.wStar.length; j++) {
                err += (r.w()[j] - p.wStar[j]) * (r.w()[j] - p.wStar[j]);
            }
            err = Math.sqrt(err);
            assertTrue(err <= bound, "||w - w*|| = " + err + " > " + bound);
            if (bound <= 1e-6) {
                for (int j = 0; j < p.wStar.length; j++) {
                    assertEquals(p.wStar[j], r.w()[j], 1e-6, "w[" + j + "]");
                }
            }
        }
    }
}
