package io.curvature.optim;

import io.curvature.compute.KernelChoice;
import io.curvature.compute.LapackChoice;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Platform;
import io.curvature.linalg.LinearAlgebra;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the implementation choices of {@link io.curvature.compute} resolve to in this JVM, for logs, reports and
 * support questions; the implementations themselves are internal.
 */
public final class Implementations {

    private Implementations() {
    }

    /**
     * The kernels a choice runs on.
     *
     * @param choice the choice
     * @return {@code scalar}, or {@code vector} with the vector width
     * @throws IllegalStateException for {@code VECTOR} where the vector kernels cannot run, saying why
     */
    public static String kernels(KernelChoice choice) {
        return KernelProvider.of(choice).name();
    }

    /**
     * The dense linear algebra a choice uses.
     *
     * @param choice the choice
     * @return {@code native} or {@code java}, with details of the native library
     * @throws IllegalStateException for {@code NATIVE} where the native library cannot load, saying why
     */
    public static String lapack(LapackChoice choice) {
        return LinearAlgebra.of(choice).name();
    }

    /**
     * {@return the machine and JVM facts that decide speed (CPU, SIMD flags, vector species, JDK and flags), the
     * default kernels and LAPACK provider, and why each was chosen, in the order printed by {@code curvature info}}
     */
    public static Map<String, String> describe() {
        Map<String, String> facts = new LinkedHashMap<>(Platform.describe());
        facts.put("lapack", LinearAlgebra.provider().name() + " (" + LinearAlgebra.reason() + ")");
        return facts;
    }
}
