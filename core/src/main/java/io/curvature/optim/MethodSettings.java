package io.curvature.optim;

/**
 * The settings that belong to one method each; every other method ignores them.
 *
 * @param lbfgsMemory            {@link Method#LBFGS}: pairs {@code (s, y)} kept, {@code >= 1} ({@code docs/math.md} 2.6)
 * @param correctedInverseAlpha  {@link Method#CORRECTED_INVERSE}: the blend {@code M = H^-1 + alpha I}, {@code >= 0} (2.3)
 * @param spectralEps            {@link Method#SPECTRAL}, {@link Method#SADDLE_FREE}: floor of the modified eigenvalues, {@code > 0} (2.4)
 * @param newtonCgPreconditioner {@link Method#NEWTON_CG} and {@link Method#TRUST_REGION}: whether CG is preconditioned
 *                               with {@code diag(H)} where the objective provides it (2.7; the trust region then in
 *                               the {@code diag(H)}-norm, 3.3): {@link CgPreconditioner#BY_DATA} (the default) on
 *                               sparse data no more than twice as wide as tall, as AUTO plans it
 * @param newtonSinglePrecision  {@link Method#NEWTON} on a dense logistic or Poisson GLM: the Hessian's products in
 *                               single precision where the native BLAS has them, back to double precision when they
 *                               stop paying (2.2); AUTO does this by itself from 400 columns
 */
public record MethodSettings(int lbfgsMemory, double correctedInverseAlpha, double spectralEps,
                             CgPreconditioner newtonCgPreconditioner, boolean newtonSinglePrecision) {

    /** The preconditioning of Newton-CG's and the trust region's CG (docs/math.md 2.7, 3.3). */
    public enum CgPreconditioner {
        /** {@code diag(H)} on sparse data no more than twice as wide as tall, where it cut the HVPs; none elsewhere. */
        BY_DATA,
        /** {@code diag(H)} wherever the objective provides it. */
        DIAGONAL,
        /** Plain CG. */
        NONE
    }

    /** Checks the values. */
    public MethodSettings {
        if (newtonCgPreconditioner == null) {
            throw new IllegalArgumentException("the Newton-CG preconditioner must not be null");
        }
        if (lbfgsMemory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + lbfgsMemory);
        }
        if (!(correctedInverseAlpha >= 0)) {
            throw new IllegalArgumentException("the corrected-inverse alpha must be >= 0, got " + correctedInverseAlpha);
        }
        if (!(spectralEps > 0)) {
            throw new IllegalArgumentException("the spectral eps must be > 0, got " + spectralEps);
        }
    }

    /**
     * {@return memory 10, {@code alpha = 0}, {@code eps = 1e-8}, Newton-CG preconditioned by the data, double-precision
     * Hessians}
     */
    public static MethodSettings defaults() {
        return new MethodSettings(10, 0, 1e-8, CgPreconditioner.BY_DATA, false);
    }

    /**
     * {@return these settings with another L-BFGS memory}
     *
     * @param pairs the {@code (s, y)} pairs L-BFGS keeps, {@code >= 1}
     */
    public MethodSettings withLbfgsMemory(int pairs) {
        return new MethodSettings(pairs, correctedInverseAlpha, spectralEps, newtonCgPreconditioner, newtonSinglePrecision);
    }

    /**
     * {@return these settings with another shift of the corrected inverse}
     *
     * @param alpha {@code alpha} of {@code M = H^-1 + alpha I} (docs/math.md 2.3)
     */
    public MethodSettings withCorrectedInverseAlpha(double alpha) {
        return new MethodSettings(lbfgsMemory, alpha, spectralEps, newtonCgPreconditioner, newtonSinglePrecision);
    }

    /**
     * {@return these settings with another eigenvalue floor}
     *
     * @param eps the floor of the clamped eigenvalues (docs/math.md 2.4)
     */
    public MethodSettings withSpectralEps(double eps) {
        return new MethodSettings(lbfgsMemory, correctedInverseAlpha, eps, newtonCgPreconditioner, newtonSinglePrecision);
    }

    /**
     * {@return these settings with Newton-CG's diagonal preconditioner on or off, whatever the data}
     *
     * @param on whether Newton-CG preconditions with the Hessian's diagonal (docs/math.md 2.7)
     */
    public MethodSettings withNewtonCgPreconditioner(boolean on) {
        return withNewtonCgPreconditioner(on ? CgPreconditioner.DIAGONAL : CgPreconditioner.NONE);
    }

    /**
     * {@return these settings with another Newton-CG preconditioning}
     *
     * @param preconditioner by the data, the Hessian's diagonal, or none (docs/math.md 2.7)
     */
    public MethodSettings withNewtonCgPreconditioner(CgPreconditioner preconditioner) {
        return new MethodSettings(lbfgsMemory, correctedInverseAlpha, spectralEps, preconditioner,
                newtonSinglePrecision);
    }

    /**
     * {@return these settings with Newton's single-precision Hessian products on or off}
     *
     * @param on whether {@link Method#NEWTON} takes a dense GLM's Hessians with single-precision products where the
     *           native BLAS has them (docs/math.md 2.2)
     */
    public MethodSettings withNewtonSinglePrecision(boolean on) {
        return new MethodSettings(lbfgsMemory, correctedInverseAlpha, spectralEps, newtonCgPreconditioner, on);
    }
}
