package io.curvature.jmh.experiments;

import io.curvature.data.DenseMatrix;
import io.curvature.data.DenseVector;
import io.curvature.data.NpyWriter;
import io.curvature.kernel.KernelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterleavedFitsTest {

    @TempDir
    Path dir;

    private String[] data() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[][] x = new double[80][3];
        double[] y = new double[80];
        for (int i = 0; i < 80; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = rnd.nextDouble(-1, 1);
            }
            y[i] = rnd.nextDouble() < 0.5 ? 0 : 1;
        }
        Path xs = dir.resolve("X.npy");
        Path ys = dir.resolve("y.npy");
        try (DenseMatrix m = DenseMatrix.of(x); DenseVector v = DenseVector.of(y)) {
            NpyWriter.write(xs, m);
            NpyWriter.write(ys, v);
        }
        return new String[] {xs.toString(), ys.toString()};
    }

    private static String coreBuild() throws Exception {
        return Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InterleavedFits.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void twoCopiesOfOneBuildGiveAMedianPerBuildAndARatioLine() throws Exception {
        String[] d = data();
        String build = coreBuild();
        String out = run(d[0], d[1], "logistic", "1e-3", "newton", "3", "5", build, build);
        assertTrue(out.startsWith("newton fits, logistic, lambda = 1e-3: 3 rounds of 5 ms per build, interleaved"), out);
        assertEquals(2, Pattern.compile("(?m)^\\S+ +\\d+\\.\\d{3} +\\d+\\.\\d{3} +\\d+\\.\\d{3}$").matcher(out)
                .results().count(), out);
        assertTrue(Pattern.compile("time: median ratio \\d+\\.\\d{3} \\(quartiles").matcher(out).find(), out);
    }

    @Test
    void badArgumentsAreNamed() throws Exception {
        String[] d = data();
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> run(d[0], d[1], "logistic", "1e-3", "newton", "1", "1", "/no/such/build"));
        assertEquals("build not found: /no/such/build", missing.getMessage());
        IllegalArgumentException rounds = assertThrows(IllegalArgumentException.class,
                () -> run(d[0], d[1], "logistic", "1e-3", "newton", "0", "1", coreBuild()));
        assertEquals("ROUNDS and SLICE_MS must be positive", rounds.getMessage());
    }
}
