package io.curvature.linalg;

import io.curvature.compute.LapackChoice;

import java.util.ServiceLoader;

/**
 * Chooses the {@link Lapack} once: a native provider found with {@link ServiceLoader} (the
 * {@code curvature-ffi-lapack} module registers one) when it loads, else {@link JavaLapack}.
 * {@code -Dcurvature.lapack=java|native} ({@link LapackChoice}) forces a choice; forcing {@code native} where none
 * loads is an error that says why. When the native library is missing, one warning line says so and Java is used.
 */
public final class LinearAlgebra {

    private static final System.Logger LOG = System.getLogger(LinearAlgebra.class.getName());

    /**
     * A native provider's factory, registered as a service. Separate from {@link Lapack} so that a
     * provider can report why it cannot load instead of failing in a constructor.
     */
    public interface NativeProvider {
        /** {@return the native {@link Lapack}, or {@code null} when the library cannot be used here} */
        Lapack load();

        /** {@return why {@link #load()} returned null (for messages)} */
        String unavailableReason();

        /** {@return the native Gram route, or {@code null}; only asked after {@link #load()} succeeded} */
        default GramRoute gram() {
            return null;
        }

        /**
         * {@return the native Gram route with single-precision products (docs/math.md 2.2), or {@code null}; only
         * asked after {@link #load()} succeeded}
         */
        default GramRoute singlePrecisionGram() {
            return null;
        }
    }

    /**
     * Columns from which OpenBLAS {@code dsyrk} beats the Vector API Gram kernel on the development machine, on one
     * thread and on two ({@code GramPathBenchmark}; docs/performance.md, "Gram"): past about 400 columns the kernel's
     * rate falls while {@code dsyrk}'s holds. Below it the kernel is as fast or faster and needs no copy.
     */
    public static final int NATIVE_GRAM_FROM_COLUMNS = 400;

    /** The choice, or the configuration error that prevented one (thrown at every use, never from an initializer). */
    private record Choice(Lapack lapack, String reason, GramRoute nativeGram, GramRoute singleGram, String error) {
        Choice checked() {
            if (error != null) {
                throw new IllegalArgumentException(error);
            }
            return this;
        }
    }

    private static final Lapack JAVA = new JavaLapack();

    /** The native provider, loaded at the first request for it, or why it cannot load. */
    private static final class NativeHolder {
        static final StringBuilder WHY = new StringBuilder();
        static final Lapack NATIVE = loadNative(WHY);

        static Lapack checked() {
            if (NATIVE == null) {
                throw new IllegalStateException("native LAPACK requested but unavailable: " + WHY);
            }
            return NATIVE;
        }
    }

    private static final class Holder {
        static final Choice CHOICE = chooseOrExplain(System.getProperty(LapackChoice.PROPERTY));
    }

    private LinearAlgebra() {
    }

    /**
     * {@return the chosen provider (shared, thread-safe)}
     *
     * @throws IllegalArgumentException at every call, if {@code -Dcurvature.lapack} names no provider, or forces the
     *                                  native one and that cannot load
     */
    public static Lapack provider() {
        return Holder.CHOICE.checked().lapack();
    }

    /**
     * The native Gram route for a matrix of {@code cols} columns when the native library is in use and
     * {@code cols >= NATIVE_GRAM_FROM_COLUMNS}; otherwise {@code null} (use the kernels).
     *
     * @param cols the columns {@code d} of the Gram matrix
     * @return the native route, or {@code null} for the kernels
     */
    public static GramRoute gram(int cols) {
        return cols >= NATIVE_GRAM_FROM_COLUMNS ? Holder.CHOICE.checked().nativeGram() : null;
    }

    /**
     * The native Gram route with single-precision products (docs/math.md 2.2) when the native library is in use and
     * has it, at any width; {@code null} otherwise. Whoever uses it decides where its precision is enough.
     *
     * @return the route, or {@code null}
     */
    public static GramRoute singlePrecisionGram() {
        return Holder.CHOICE.checked().singleGram();
    }

    /** {@return why {@link #provider()} is what it is} */
    public static String reason() {
        return Holder.CHOICE.checked().reason();
    }

    /**
     * The provider of a choice (shared, thread-safe).
     *
     * @param choice {@code DEFAULT} for {@link #provider()}
     * @return the provider
     * @throws IllegalStateException for {@code NATIVE} where the native library cannot load, saying why
     */
    public static Lapack of(LapackChoice choice) {
        return switch (choice) {
            case DEFAULT -> provider();
            case JAVA -> JAVA;
            case NATIVE -> NativeHolder.checked();
        };
    }

    /**
     * The provider named {@code default}, {@code java} or {@code native}, as {@link #of}.
     *
     * @param name the name of a {@link LapackChoice}
     * @return the provider
     */
    public static Lapack byName(String name) {
        return of(LapackChoice.byName(name));
    }

    private static Choice chooseOrExplain(String forced) {
        try {
            return choose(forced);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new Choice(null, null, null, null,
                    "-D" + LapackChoice.PROPERTY + "=" + forced + ": " + e.getMessage());
        }
    }

    private static Choice choose(String property) {
        LapackChoice forced = property == null || property.isBlank() ? LapackChoice.DEFAULT
                : LapackChoice.byName(property);
        if (forced != LapackChoice.DEFAULT) {
            Lapack l = of(forced);
            boolean java = forced == LapackChoice.JAVA;
            return new Choice(l, "forced by -D" + LapackChoice.PROPERTY + "=" + property,
                    java ? null : nativeGram(false), java ? null : nativeGram(true), null);
        }
        if (NativeHolder.NATIVE != null) {
            return new Choice(NativeHolder.NATIVE, "native library loaded", nativeGram(false), nativeGram(true),
                    null);
        }
        LOG.log(System.Logger.Level.WARNING, "Curvature: native LAPACK unavailable ({0}); using the pure-Java "
                + "implementation", NativeHolder.WHY);
        return new Choice(JAVA, "native unavailable: " + NativeHolder.WHY, null, null, null);
    }

    private static GramRoute nativeGram(boolean single) {
        for (NativeProvider p : ServiceLoader.load(NativeProvider.class)) {
            GramRoute route = p.load() == null ? null : single ? p.singlePrecisionGram() : p.gram();
            if (route != null) {
                return route;
            }
        }
        return null;
    }

    private static Lapack loadNative(StringBuilder why) {
        for (NativeProvider p : ServiceLoader.load(NativeProvider.class)) {
            Lapack l = p.load();
            if (l != null) {
                return l;
            }
            why.append(p.unavailableReason());
        }
        if (why.isEmpty()) {
            why.append("no native provider on the class path (add curvature-ffi-lapack)");
        }
        return null;
    }
}
