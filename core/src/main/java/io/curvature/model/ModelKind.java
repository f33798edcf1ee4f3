package io.curvature.model;

import java.util.Locale;

/** The models Curvature fits (docs/math.md 1.1, 1.2), with the names the model file and the command line use. */
public enum ModelKind {
    /** Least squares (ridge with {@code lambda > 0}): predicts the linear predictor. */
    LEAST_SQUARES("least-squares", false),
    /** Binary logistic regression: two classes. */
    LOGISTIC("logistic", true),
    /** Poisson regression with the log link: predicts {@code exp} of the linear predictor. */
    POISSON("poisson", false),
    /** Multinomial (softmax) regression: {@code K >= 2} classes. */
    SOFTMAX("softmax", true);

    private final String fileName;
    private final boolean classifier;

    ModelKind(String fileName, boolean classifier) {
        this.fileName = fileName;
        this.classifier = classifier;
    }

    /** {@return the name in model files and on the command line: {@code least-squares}, {@code logistic}, ..} */
    public String fileName() {
        return fileName;
    }

    /** {@return whether the model predicts classes (and their probabilities)} */
    public boolean isClassifier() {
        return classifier;
    }

    /**
     * The mean of the target given the linear predictor {@code z} of a single-output model (the inverse link,
     * docs/math.md 1.1): {@code z} for least squares, {@code e^z} for Poisson, the probability of the positive class
     * {@code 1 / (1 + e^-z)} for logistic regression.
     *
     * @throws UnsupportedOperationException for softmax, which has one linear predictor per class
     * @param z the linear predictor {@code x . w + b}
     * @return the expected target
     */
    public double mean(double z) {
        return switch (this) {
            case LEAST_SQUARES -> z;
            case POISSON -> Math.exp(z);
            case LOGISTIC -> {
                double e = Math.exp(-Math.abs(z)); // never overflows
                yield z >= 0 ? 1 / (1 + e) : e / (1 + e);
            }
            case SOFTMAX -> throw new UnsupportedOperationException("softmax has one linear predictor per class");
        };
    }

    /**
     * The kind named {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     * @param name {@code least-squares}, {@code logistic}, {@code poisson} or {@code softmax}
     * @return the kind
     */
    public static ModelKind byName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (ModelKind k : values()) {
            if (k.fileName.equals(key)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "' (least-squares, logistic, poisson or softmax)");
    }
}
