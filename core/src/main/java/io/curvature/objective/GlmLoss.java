package io.curvature.objective;

import io.curvature.kernel.SampleLoss;

/**
 * The loss of a generalized linear model (docs/math.md 1.1), with the labels it accepts. Each is computed
 * by the kernels' {@link SampleLoss} of the same name.
 */
public enum GlmLoss {

    /** {@code (z - y)^2 / 2}, any finite label. */
    LEAST_SQUARES("finite"),
    /** {@code log(1 + e^z) - y z}, labels 0 or 1. */
    LOGISTIC("0 or 1"),
    /** {@code e^z - y z} (log link), labels finite counts {@code >= 0}. */
    POISSON("a count >= 0");

    private final SampleLoss kernelLoss;
    private final String labelDomain;

    GlmLoss(String labelDomain) {
        this.kernelLoss = SampleLoss.valueOf(name());
        this.labelDomain = labelDomain;
    }

    /** {@return the kernels' evaluation of this loss} */
    SampleLoss kernelLoss() {
        return kernelLoss;
    }

    /**
     * Whether {@code y} is a label this loss accepts.
     *
     * @param y a label
     * @return whether the loss is defined for it
     */
    public boolean accepts(double y) {
        return switch (this) {
            case LEAST_SQUARES -> Double.isFinite(y);
            case LOGISTIC -> y == 0 || y == 1;
            case POISSON -> y >= 0 && Double.isFinite(y);
        };
    }

    /** {@return the accepted labels in words, for messages: {@code "0 or 1"}} */
    public String labelDomain() {
        return labelDomain;
    }
}
