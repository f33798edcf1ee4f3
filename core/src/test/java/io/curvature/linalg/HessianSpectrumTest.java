package io.curvature.linalg;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.testing.HessianSpectra;
import io.curvature.testing.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;



/**
 * The Hessian {@code X^T D X / n + lambda I_penalized} at {@code w*}, built by the Gram kernel, has the
 * eigenvalues of the reference files; {@code kappa} to 1e-8 relative.
 */
public class HessianSpectrumTest {

    @ParameterizedTest
    @ValueSource(strings = {"breast_cancer.logistic.lambda0.0001.intercept.ref.json",
        "breast_cancer.logistic.lambda0.001.ref.json",
        "diabetes.least_squares.lambda0.001.intercept.ref.json",
        "diabetes.poisson.lambda0.001.intercept.ref.json"})
    void eigenvaluesAtTheOptimumMatchTheReference(String file) {
        JsonNode ref = SharedData.reference(file);
        HessianSpectra.check(ref, new JavaLapack());
    }
}
