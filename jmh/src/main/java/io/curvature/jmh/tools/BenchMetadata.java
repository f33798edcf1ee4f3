package io.curvature.jmh.tools;

import io.curvature.ffi.NativeLibrary;
import io.curvature.kernel.Platform;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts a benchmark result needs to be compared across machines: CPU model, vendor, cores, caches,
 * SIMD flags, the Java vector species and bits, JDK and its flags, OpenBLAS config and core type,
 * thread count, date, and the variant (extra JVM flags) of the run.
 */
public final class BenchMetadata {

    private BenchMetadata() {
    }

    /** The metadata of this JVM, with the run's suite and variant flags. */
    public static Map<String, Object> collect(String suite, String variantFlags) {
        Map<String, Object> m = new LinkedHashMap<>(Platform.describe());
        NativeLibrary.Loaded lib = NativeLibrary.load();
        m.put("openblas.library", lib.available() ? String.join(", ", lib.paths()) : "not loaded: " + lib.failure());
        String config = NativeLibrary.openBlasConfig().orElse("n/a");
        m.put("openblas.config", config);
        m.put("openblas.core", coreType(config));
        m.put("openblas.threads", NativeLibrary.openBlasThreads());
        m.put("threads", Runtime.getRuntime().availableProcessors());
        m.put("suite", suite);
        m.put("variant.flags", variantFlags == null ? "" : variantFlags.strip());
        m.put("date", ZonedDateTime.now().toString());
        return m;
    }

    /** OpenBLAS's core type: the word of its config after the build options (e.g. {@code Cooperlake}). */
    static String coreType(String config) {
        String[] words = config.split("\\s+");
        for (int i = words.length - 1; i >= 0; i--) {
            String w = words[i];
            if (!w.isEmpty() && Character.isUpperCase(w.charAt(0)) && !w.contains("=") && !w.equals(w.toUpperCase())
                    && !w.startsWith("OpenBLAS")) {
                return w;
            }
        }
        return "unknown";
    }
}
