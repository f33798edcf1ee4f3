package io.curvature.jmh.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.curvature.jmh.testing.CaseFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WholeFitsTest {

    @TempDir
    Path dir;

    /** Millisecond fits are timed beyond REPEATS, for a second per method (or the most fits), so their medians hold. */
    @Test
    void fastFitsAreTimedForASecondPerMethod() throws Exception {
        String[] d = CaseFiles.logistic(dir, 200, 3);
        Path out = dir.resolve("fits.json");
        WholeFits.run(new String[] {d[0], d[1], "logistic", "1e-3", "1e-8", "3", out.toString(), "newton,lbfgs"});
        JsonNode fits = JmhResults.JSON.readTree(out.toFile()).get("fits");
        assertEquals(2, fits.size());
        for (JsonNode fit : fits) {
            assertEquals("CONVERGED_GRADIENT", fit.get("status").asText());
            JsonNode seconds = fit.get("seconds");
            assertTrue(seconds.size() > 3 && seconds.size() <= WholeFits.MAX_TIMED_FITS, seconds.size() + " timed fits");
            assertEquals(seconds.get(seconds.size() / 2).asDouble(), fit.get("median_seconds").asDouble(), 0.0);
            double total = 0;
            for (JsonNode t : seconds) {
                total += t.asDouble();
            }
            assertTrue(total >= WholeFits.MIN_TIMED_SECONDS || seconds.size() == WholeFits.MAX_TIMED_FITS,
                    fit.get("method").asText() + " timed " + total + " s in " + seconds.size() + " fits");
        }
    }

    @Test
    void badArgumentsAreNamed() {
        String[] d = CaseFiles.logistic(dir, 20, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WholeFits.run(
                new String[] {d[0], d[1], "logistic", "1e-3", "1e-8", "0", dir.resolve("o.json").toString()}));
        assertEquals("REPEATS must be >= 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> WholeFits.run(new String[] {d[0], d[1]}));
        assertTrue(e.getMessage().startsWith("usage: X.npy y.npy"), e.getMessage());
    }
}
