package io.curvature.compute;

/** The kernels a fit's passes over the data run on. */
public enum KernelChoice {

    /**
     * The Vector API kernels where {@code jdk.incubator.vector} is loaded and the machine has SIMD lanes for
     * doubles, else the scalar ones (with one warning line naming the missing JVM flag);
     * {@code -Dcurvature.kernels=vector|scalar} overrides for the whole JVM.
     */
    DEFAULT,
    /** The Vector API kernels; asking for them where they cannot run is an error that says why. */
    VECTOR,
    /** The scalar reference kernels: slower, but compiled at once, so faster for a fit too small to warm the JIT. */
    SCALAR;

    /** The system property ({@code -Dcurvature.kernels=vector|scalar}) that decides {@code DEFAULT} for the JVM. */
    public static final String PROPERTY = "curvature.kernels";

    /**
     * The choice named {@code default}, {@code vector} or {@code scalar}, in any case.
     *
     * @param name the name
     * @return the choice
     * @throws IllegalArgumentException naming the choices, for any other name
     */
    public static KernelChoice byName(String name) {
        return ChoiceNames.byName(KernelChoice.class, "kernels", name);
    }
}
