package io.curvature.ffi;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads OpenBLAS and LAPACKE for the FFM bindings, once per JVM.
 *
 * <p>Order: the library named by {@code -Dcurvature.lapack.library=PATH} or the environment variable
 * {@code CURVATURE_LAPACK_LIBRARY} (a single library that exports both LAPACKE and CBLAS, e.g. a full
 * OpenBLAS build), checked to be an intact shared library of this machine before the dynamic loader sees it; else the system's
 * {@code liblapacke.so.3} with {@code libopenblas.so.0}. Nothing loaded
 * is not an error here: {@link #load()} returns a result that says why, and callers fall back to Java.
 */
public final class NativeLibrary {

    /** System property naming the library path. */
    public static final String PROPERTY = "curvature.lapack.library";
    /** Environment variable naming the library path. */
    public static final String ENVIRONMENT = "CURVATURE_LAPACK_LIBRARY";

    /**
     * The outcome of loading.
     *
     * @param lookup  the symbols, if something loaded
     * @param paths   the libraries loaded, as the dynamic linker resolved them
     * @param failure why nothing loaded, if so
     */
    public record Loaded(Optional<SymbolLookup> lookup, List<String> paths, String failure) {

        /** {@return whether the native libraries are usable} */
        public boolean available() {
            return lookup.isPresent();
        }

        /**
         * The symbol {@code name}, or an exception naming it and the libraries searched.
         *
         * @param name the C symbol
         * @return its address
         */
        public MemorySegment symbol(String name) {
            return lookup.orElseThrow(() -> new IllegalStateException("native LAPACK not loaded: " + failure))
                    .find(name)
                    .orElseThrow(() -> new UnsatisfiedLinkError("symbol " + name + " not found in " + paths));
        }
    }

    private static final class Holder {
        static final Loaded LOADED = load(configuredPath());
    }

    private NativeLibrary() {
    }

    /** {@return the libraries, loaded on first call} */
    public static Loaded load() {
        return Holder.LOADED;
    }

    /** The configured library path, or {@code null} for the system libraries. */
    static String configuredPath() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENVIRONMENT);
        }
        return p == null || p.isBlank() ? null : p.strip();
    }

    /** Loads {@code path} (or the system libraries when null) into the global arena. */
    static Loaded load(String path) {
        Arena arena = Arena.global();
        if (path != null) {
            String problem = ElfCheck.problem(Path.of(path));
            if (problem != null) {
                return new Loaded(Optional.empty(), List.of(), "cannot load " + path + ": " + problem);
            }
        }
        List<String> names = path != null ? List.of(path) : List.of("liblapacke.so.3", "libopenblas.so.0");
        SymbolLookup lookup = null;
        List<String> loaded = new ArrayList<>();
        for (String name : names) {
            try {
                SymbolLookup one = path != null ? SymbolLookup.libraryLookup(Path.of(name), arena)
                        : SymbolLookup.libraryLookup(name, arena);
                lookup = lookup == null ? one : lookup.or(one);
                loaded.add(resolvedPath(name));
            } catch (IllegalArgumentException | IllegalCallerException e) {
                String why = (path != null ? "cannot load " + path : "cannot load " + name + " (set -D" + PROPERTY
                        + " or " + ENVIRONMENT + " to a LAPACKE/OpenBLAS library)") + ": " + e.getMessage();
                return new Loaded(Optional.empty(), List.of(), why);
            }
        }
        return new Loaded(Optional.of(lookup), List.copyOf(loaded), null);
    }

    /** The file the dynamic linker mapped for {@code name}, from {@code /proc/self/maps} where there is one. */
    private static String resolvedPath(String name) {
        String base = Path.of(name).getFileName().toString();
        String stem = base.contains(".so") ? base.substring(0, base.indexOf(".so")) : base;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.substring(slash).contains("/" + stem)) {
                    return line.substring(slash).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: the name is the best we have
        }
        return name;
    }

    /** {@return openBLAS's build configuration ({@code openblas_get_config}), if the library has it} */
    public static Optional<String> openBlasConfig() {
        Loaded l = load();
        if (!l.available()) {
            return Optional.empty();
        }
        return l.lookup().orElseThrow().find("openblas_get_config").map(sym -> {
            MethodHandle h = Linker.nativeLinker().downcallHandle(sym, FunctionDescriptor.of(ValueLayout.ADDRESS));
            try {
                MemorySegment s = (MemorySegment) h.invokeExact();
                return s.reinterpret(4096).getString(0);
            } catch (Throwable t) {
                return "openblas_get_config failed: " + t;
            }
        });
    }

    /** {@return openBLAS's thread count ({@code openblas_get_num_threads}), or -1 if the library lacks it} */
    public static int openBlasThreads() {
        Loaded l = load();
        if (!l.available()) {
            return -1;
        }
        return l.lookup().orElseThrow().find("openblas_get_num_threads").map(sym -> {
            MethodHandle h = Linker.nativeLinker().downcallHandle(sym, FunctionDescriptor.of(ValueLayout.JAVA_INT));
            try {
                return (int) h.invokeExact();
            } catch (Throwable t) {
                return -1;
            }
        }).orElse(-1);
    }
}
