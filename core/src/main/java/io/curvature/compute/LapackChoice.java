package io.curvature.compute;

/** The dense linear algebra (Cholesky, LU, symmetric eigenvalues, the wide Gram matrix) a fit uses. */
public enum LapackChoice {

    /**
     * OpenBLAS and LAPACKE through the {@code curvature-ffi-lapack} module when it is present and the library loads,
     * else the pure-Java implementation (with one warning line saying why); {@code -Dcurvature.lapack=native|java}
     * overrides for the whole JVM.
     */
    DEFAULT,
    /** The native library; asking for it where it cannot load is an error that says why. */
    NATIVE,
    /** The pure-Java implementation. */
    JAVA;

    /** The system property ({@code -Dcurvature.lapack=native|java}) that decides {@code DEFAULT} for the JVM. */
    public static final String PROPERTY = "curvature.lapack";

    /**
     * The choice named {@code default}, {@code native} or {@code java}, in any case.
     *
     * @param name the name
     * @return the choice
     * @throws IllegalArgumentException naming the choices, for any other name
     */
    public static LapackChoice byName(String name) {
        return ChoiceNames.byName(LapackChoice.class, "LAPACK provider", name);
    }
}
