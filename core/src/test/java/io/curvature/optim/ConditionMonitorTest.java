package io.curvature.optim;

import io.curvature.objective.FunctionObjective;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Condition monitoring ({@code docs/math.md} 2.5) against Hessians whose spectrum is known. */
class ConditionMonitorTest {

    private static final double[] SPECTRUM = {0.5, 2, 3, 40, 500};
    private static final double KAPPA = 1000;

    private static double kappa(ConditionMonitoring monitoring, double[] eigenvalues) {
        double[][] a = Quadratics.withSpectrum(eigenvalues, new double[] {1, -2, 0.5, 3, 1});
        FunctionObjective q = Quadratics.quadratic(a, new double[eigenvalues.length]);
        try (Run r = new Run(q, new double[eigenvalues.length], Options.defaults().withMonitoring(monitoring))) {
            return new ConditionMonitor(r).kappa(r);
        }
    }

    @Test
    void exactKappaFromTheEigenvalues() {
        assertEquals(KAPPA, kappa(ConditionMonitoring.exact(1e10, 0.1), SPECTRUM), 1e-9 * KAPPA);
    }

    @Test
    void indefiniteSpectrumUsesAbsoluteValues() {
        assertEquals(500, kappa(ConditionMonitoring.exact(1e10, 0.1), new double[] {-2, 1, 3, -500, 7}), 1e-9 * 500);
    }

    @Test
    void lanczosWithAsManyStepsAsDimensionsIsExact() {
        assertEquals(KAPPA, kappa(ConditionMonitoring.lanczos(1e10, 0.1, 30), SPECTRUM), 1e-6 * KAPPA);
    }

    @Test
    void fewLanczosStepsUnderestimate() {
        // Ritz values lie inside the spectrum: two steps cannot overstate kappa
        double k = kappa(ConditionMonitoring.lanczos(1e10, 0.1, 2), SPECTRUM);
        assertTrue(k > 1 && k <= KAPPA * (1 + 1e-12), "kappa estimate " + k);
    }

    @Test
    void offCostsNothingAndReportsNaN() {
        assertTrue(Double.isNaN(kappa(ConditionMonitoring.off(), SPECTRUM)));
    }
}
