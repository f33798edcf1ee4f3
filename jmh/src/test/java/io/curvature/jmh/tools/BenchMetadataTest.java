package io.curvature.jmh.tools;

import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMetadataTest {

    @Test
    void describesThisMachine() {
        Map<String, Object> m = BenchMetadata.collect("quick", "-XX:UseAVX=2");
        for (String key : new String[] {"cpu.model", "cpu.vendor", "cpu.cores", "cpu.caches", "cpu.simd", "vector.species",
            "java.version", "java.flags", "openblas.config", "openblas.core", "threads", "date", "suite", "variant.flags"}) {
            assertTrue(m.containsKey(key), key);
            assertFalse(String.valueOf(m.get(key)).isEmpty() && !key.equals("java.flags"), key + " is empty");
        }
        var s = DoubleVector.SPECIES_PREFERRED;
        assertTrue(m.get("vector.species").toString().startsWith(s.vectorBitSize() + "-bit, " + s.length() + " doubles"),
                m.get("vector.species").toString());
        assertEquals("-XX:UseAVX=2", m.get("variant.flags"));
        assertEquals(Runtime.getRuntime().availableProcessors(), m.get("threads"));
    }

    @Test
    void coreTypeOfOpenBlasConfig() {
        assertEquals("Cooperlake", BenchMetadata.coreType("OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"));
        assertEquals("Haswell", BenchMetadata.coreType("OpenBLAS 0.3.20 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64"));
        assertEquals("unknown", BenchMetadata.coreType("n/a"));
    }
}
