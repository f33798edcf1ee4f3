package io.curvature.kernel;

import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Facts about the running machine and JVM that decide kernel speed: CPU model and vendor, cores, cache
 * sizes, SIMD flags, the Java vector species, the JDK and its flags. Read from {@code /proc} and
 * {@code /sys} on Linux; fields that cannot be read say {@code "unknown"}.
 */
public final class Platform {

    /** The SIMD flags we report, x86 and ARM, in the order printed. */
    private static final List<String> SIMD_FLAGS = List.of("sse2", "sse4_2", "avx", "avx2", "fma", "avx512f",
            "avx512dq", "avx512vl", "avx512_fp16", "asimd", "neon", "sve", "sve2");

    private Platform() {
    }

    /** {@return an ordered map of the facts, for reports and benchmark metadata} */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        Map<String, String> cpu = cpuInfo();
        m.put("cpu.model", cpu.getOrDefault("model name", cpu.getOrDefault("Model", "unknown")));
        m.put("cpu.vendor", cpu.getOrDefault("vendor_id", cpu.getOrDefault("CPU implementer", "unknown")));
        m.put("cpu.arch", System.getProperty("os.arch"));
        m.put("cpu.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("cpu.simd", String.join(" ", simdFlags(cpu)));
        m.put("cpu.caches", caches());
        m.put("java.version", Runtime.version().toString());
        m.put("java.vendor", System.getProperty("java.vendor"));
        m.put("java.vm", System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.info") + ")");
        m.put("java.flags", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        m.put("vector.species", vectorSpecies());
        Kernels k = KernelProvider.get();
        m.put("kernels", k.name());
        m.put("kernels.reason", KernelProvider.reason());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    /** {@return the preferred double species and its bits, or why there is none} */
    public static String vectorSpecies() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "none (jdk.incubator.vector not loaded)";
        }
        return SpeciesInfo.describe();
    }

    private static Map<String, String> cpuInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                } else if (line.isBlank() && !m.isEmpty()) {
                    break; // the first processor is enough
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return m;
    }

    private static List<String> simdFlags(Map<String, String> cpu) {
        String flags = cpu.getOrDefault("flags", cpu.getOrDefault("Features", ""));
        Set<String> have = Set.of(flags.toLowerCase(Locale.ROOT).split("\\s+"));
        List<String> out = new ArrayList<>();
        for (String f : SIMD_FLAGS) {
            if (have.contains(f)) {
                out.add(f);
            }
        }
        return out.isEmpty() ? List.of("unknown") : out;
    }

    private static String caches() {
        List<String> out = new ArrayList<>();
        Path base = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int i = 0; i < 8; i++) {
            Path idx = base.resolve("index" + i);
            try {
                String level = Files.readString(idx.resolve("level")).strip();
                String type = Files.readString(idx.resolve("type")).strip();
                String size = Files.readString(idx.resolve("size")).strip();
                out.add("L" + level + (type.equals("Data") ? "d" : type.equals("Instruction") ? "i" : "") + " " + size);
            } catch (IOException | RuntimeException e) {
                break;
            }
        }
        return out.isEmpty() ? "unknown" : String.join(", ", out);
    }
}
