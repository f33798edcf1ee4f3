package io.curvature.kernel;

import io.curvature.compute.KernelChoice;

/**
 * Chooses the kernels once, at first use: the Vector API kernels when the {@code jdk.incubator.vector}
 * module is in the boot layer and the machine's preferred vectors hold at least two doubles, else the
 * scalar ones. {@code -Dcurvature.kernels=scalar|vector} ({@link KernelChoice}) forces a choice (forcing
 * {@code vector} without the module is an error). One log line says what was chosen and why: a {@code WARNING} when the module is
 * missing (the scalar kernels are several times slower, and the fix is one JVM flag), else {@code DEBUG}.
 */
public final class KernelProvider {

    private static final System.Logger LOG = System.getLogger(KernelProvider.class.getName());

    /** The choice, or the configuration error that prevented one (thrown at every use, never from an initializer). */
    private record Choice(Kernels kernels, String reason, String error) {
        Choice checked() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return this;
        }
    }

    private static final Kernels SCALAR = new ScalarKernels();

    /** Initialized only once the Vector API is known to be usable. */
    private static final class VectorHolder {
        static final Kernels VECTOR = new VectorKernels();
    }

    private static final class Holder {
        static final Choice CHOICE = chooseOrExplain(System.getProperty(KernelChoice.PROPERTY));
    }

    private KernelProvider() {
    }

    /**
     * {@return the chosen kernels (a shared, thread-safe, stateless instance)}
     *
     * @throws IllegalArgumentException at every call, if {@code -Dcurvature.kernels} names kernels that cannot run
     */
    public static Kernels get() {
        return Holder.CHOICE.checked().kernels();
    }

    /**
     * {@return whether {@link #get()} is the vector kernels, so that code outside them may use their formulas
     * ({@link SampleLoss#evaluateInPlace})}
     */
    public static boolean vectorByDefault() {
        return get() != SCALAR;
    }

    /** {@return why {@link #get()} returned what it did, e.g. for {@code curvature info}} */
    public static String reason() {
        return Holder.CHOICE.checked().reason();
    }

    /**
     * The kernels of a choice: shared, thread-safe, stateless instances.
     *
     * @param choice {@code DEFAULT} for {@link #get()}
     * @return the kernels
     * @throws IllegalStateException for {@code VECTOR} where the vector kernels cannot run, saying why
     */
    public static Kernels of(KernelChoice choice) {
        return switch (choice) {
            case DEFAULT -> get();
            case SCALAR -> SCALAR;
            case VECTOR -> {
                String missing = vectorUnavailable();
                if (missing != null) {
                    throw new IllegalStateException("vector kernels requested but " + missing);
                }
                yield VectorHolder.VECTOR;
            }
        };
    }

    /**
     * The kernels named {@code default}, {@code scalar} or {@code vector}, as {@link #of}.
     *
     * @param name the name of a {@link KernelChoice}
     * @return the kernels
     */
    public static Kernels byName(String name) {
        return of(KernelChoice.byName(name));
    }

    private static Choice chooseOrExplain(String forced) {
        try {
            return choose(forced);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Choice(null, null, "-D" + KernelChoice.PROPERTY + "=" + forced + ": " + e.getMessage());
        }
    }

    private static Choice choose(String property) {
        KernelChoice forced = property == null || property.isBlank() ? KernelChoice.DEFAULT
                : KernelChoice.byName(property);
        Choice choice;
        if (forced != KernelChoice.DEFAULT) {
            choice = new Choice(of(forced), "forced by -D" + KernelChoice.PROPERTY + "=" + property, null);
        } else {
            String missing = vectorUnavailable();
            if (missing == null) {
                choice = new Choice(VectorHolder.VECTOR, "jdk.incubator.vector present, preferred species "
                        + VectorKernels.species(), null);
            } else {
                choice = new Choice(SCALAR, missing, null);
            }
        }
        if (forced == KernelChoice.DEFAULT && !vectorModuleLoaded()) {
            LOG.log(System.Logger.Level.WARNING, "Curvature: using the scalar kernels because jdk.incubator.vector "
                    + "is not loaded; add --add-modules jdk.incubator.vector to the JVM flags for the vector kernels");
        } else {
            LOG.log(System.Logger.Level.DEBUG, "Curvature kernels: {0} ({1})", choice.kernels().name(), choice.reason());
        }
        return choice;
    }

    private static boolean vectorModuleLoaded() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Why the vector kernels cannot run here, or {@code null} when they can. */
    static String vectorUnavailable() {
        if (!vectorModuleLoaded()) {
            return "the jdk.incubator.vector module is not loaded (run with --add-modules jdk.incubator.vector)";
        }
        try {
            int lanes = VectorKernels.species().length();
            if (lanes < 2) {
                return "the preferred vector holds " + lanes + " double (no SIMD benefit)";
            }
            return null;
        } catch (LinkageError e) {
            return "the Vector API failed to initialize: " + e;
        }
    }
}
