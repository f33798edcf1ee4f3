package io.curvature.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line's contract on hostile settings and destinations: one line on stderr, exit 2, no stack trace,
 * no file touched, and nothing fitted before a destination is known to be usable.
 */
class CliContractTest {

    static final Path DATA = CommandLineTest.DATA;

    @TempDir
    Path dir;

    /** The command line in a fresh JVM with {@code props}, for settings read once per JVM. */
    private static CommandLineTest.Run child(List<String> props, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CurvatureCommand.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n");
        return new CommandLineTest.Run(p.exitValue(), out, err);
    }

    @Test
    void kernelsForcedForTheJvmWinOverTheOneShotPolicy() throws Exception {
        CommandLineTest.Run r = child(List.of("-Dcurvature.kernels=vector"), "fit", DATA.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kernels     vector (") && r.out().contains(" (-Dcurvature.kernels=vector)"), r.out());
    }

    @Test
    void badSystemPropertiesAreOneLineErrorsNotInitializerErrors() throws Exception {
        CommandLineTest.Run r = child(List.of("-Dcurvature.kernels=bogus"), "fit", DATA.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: -Dcurvature.kernels=bogus: unknown kernels 'bogus' (default, vector, scalar)", r.err().strip());
        r = child(List.of("-Dcurvature.lapack=bogus"), "fit", DATA.toString(), "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: -Dcurvature.lapack=bogus: unknown LAPACK provider 'bogus' (default, native, java)", r.err().strip());
        r = child(List.of("-Dcurvature.lapack=native", "-Dcurvature.lapack.library=/nonexistent/liblapacke.so"), "info");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().strip().startsWith("curvature: -Dcurvature.lapack=native: native LAPACK requested but unavailable: "
                + "cannot load /nonexistent/liblapacke.so: no such file"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void anInputIsNeverADestination() throws IOException {
        Path csv = Files.copy(DATA, dir.resolve("data.csv"));
        byte[] before = Files.readAllBytes(csv);
        for (String option : new String[] {"--out", "--trace", "--plot"}) {
            CommandLineTest.Run r = CommandLineTest.run("fit", csv.toString(), "--quiet", option,
                    dir.resolve(".").resolve("data.csv").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("curvature: " + option + " "), r.err());
            assertTrue(r.err().contains("is an input of this run"), r.err());
            assertFalse(r.out().contains("status"), "refused before the fit: " + r.out());
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(csv)), "the data are untouched");
        CommandLineTest.Run c = CommandLineTest.run("compare", csv.toString(), "--quiet", "--no-warmup", "--plot", csv.toString());
        assertEquals(2, c.code(), c.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(csv)), "the data are untouched");
    }

    @Test
    void unusableDestinationsAreRefusedBeforeTheFit() throws IOException {
        Path aDir = Files.createDirectories(dir.resolve("adir"));
        CommandLineTest.Run r = CommandLineTest.run("fit", DATA.toString(), "--quiet", "--trace", aDir.toString());
        assertEquals(2, r.code());
        assertEquals("curvature: cannot write " + aDir + " (--trace): it is a directory", r.err().strip());
        assertFalse(r.out().contains("status"), r.out());
        r = CommandLineTest.run("fit", DATA.toString(), "--quiet", "--plot", dir.resolve("none/p.png").toString());
        assertEquals(2, r.code());
        assertEquals("curvature: cannot write " + dir.resolve("none/p.png") + " (--plot): no such directory", r.err().strip());
        Path plot = dir.resolve("conv");
        r = CommandLineTest.run("fit", DATA.toString(), "--quiet", "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(plot) > 1000, "--plot conv writes the file named conv");
    }

    @Test
    void flagsThatDoNotApplyAreErrors() throws IOException {
        CommandLineTest.Run r = CommandLineTest.run("fit", DATA.toString(), "--labels", "y.npy");
        assertEquals(2, r.code());
        assertEquals("curvature: --labels applies to .npy and sparse .npz DATA only; " + DATA + " is csv", r.err().strip());
        Path svm = Files.writeString(dir.resolve("d.svm"), CommandLineTest.plusMinusLibsvm(20));
        r = CommandLineTest.run("fit", svm.toString(), "--label", "y");
        assertEquals(2, r.code());
        assertEquals("curvature: --label applies to CSV DATA only; " + svm + " is libsvm", r.err().strip());
    }

    @Test
    void aFailedWriteToStandardOutputIsAnError() {
        Path model = dir.resolve("m.json");
        assertEquals(0, CommandLineTest.run("fit", DATA.toString(), "--quiet", "--out", model.toString()).code());
        StringWriter err = new StringWriter();
        var cl = CurvatureCommand.commandLine();
        cl.setOut(new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        }));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("predict", model.toString(), DATA.toString());
        assertEquals(2, code);
        List<String> lines = err.toString().strip().lines().toList();
        assertEquals("curvature: cannot write the predictions to standard output", lines.get(lines.size() - 1));
    }

    @Test
    void separableDataWithoutAPenaltyEndWithTheirOwnStatus() throws IOException {
        Path csv = Files.writeString(dir.resolve("sep.csv"), "a,b,y\n-2,1,0\n-1,0,0\n-1.5,-1,0\n1,0.5,1\n2,-1,1\n1.2,0,1\n");
        CommandLineTest.Run r = CommandLineTest.run("fit", csv.toString(), "--lambda", "0", "--quiet");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().startsWith("curvature: did not converge: NO_FINITE_MINIMUM (the classes are separable"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aDenseMethodThatCannotFitIsRefusedBeforeTheFit() throws IOException {
        Path svm = Files.writeString(dir.resolve("wide.svm"), "1 1:0.5 200000:1\n0 2:1.5 3:-1\n1 199999:2\n");
        CommandLineTest.Run r = CommandLineTest.run("fit", svm.toString(), "--method", "newton", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("curvature: newton needs about 3.20e+03 GB for its 200001 x 200001 matrices"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void predictMatchesColumnsByNameAndNeedsNoLabel() throws IOException {
        Path train = Files.writeString(dir.resolve("train.csv"),
                "a,b,y\n1,2,0\n3,1,1\n0,0,0\n4,4,1\n2,1,0\n5,2,1\n1,3,1\n0.5,0.2,0\n");
        Path model = dir.resolve("m.json");
        assertEquals(0, CommandLineTest.run("fit", train.toString(), "--quiet", "--out", model.toString()).code());
        CommandLineTest.Run same = CommandLineTest.run("predict", model.toString(), train.toString());
        assertEquals(0, same.code(), same.err());
        assertEquals("curvature: predict: matched the model's 2 columns by name; ignoring y", same.err().strip());
        Path swapped = Files.writeString(dir.resolve("swapped.csv"), "b,a\n2,1\n1,3\n0,0\n4,4\n1,2\n2,5\n3,1\n0.2,0.5\n");
        CommandLineTest.Run byName = CommandLineTest.run("predict", model.toString(), swapped.toString());
        assertEquals(0, byName.code(), byName.err());
        assertEquals(same.out(), byName.out(), "columns in another order, no label: the same predictions");
        Path noHeader = Files.writeString(dir.resolve("plain.csv"), "1,2,0\n3,1,1\n");
        CommandLineTest.Run last = CommandLineTest.run("predict", model.toString(), noHeader.toString());
        assertEquals(0, last.code(), last.err());
        assertEquals("curvature: predict: taking the last column as the label and ignoring it", last.err().strip());
        Path missing = Files.writeString(dir.resolve("missing.csv"), "a,c\n1,2\n");
        CommandLineTest.Run bad = CommandLineTest.run("predict", model.toString(), missing.toString());
        assertEquals(2, bad.code());
        assertEquals("curvature: " + missing + ": no column named b, which the model was fitted with", bad.err().strip());
        Path wide = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4\n");
        bad = CommandLineTest.run("predict", model.toString(), wide.toString());
        assertEquals(2, bad.code());
        assertEquals("curvature: " + wide + ": 4 feature columns, but the model has 2", bad.err().strip());
    }

    @Test
    void anOverflowSaysSoAndWhatToDo() throws IOException {
        Path csv = Files.writeString(dir.resolve("huge.csv"), "a,b,y\n1e300,2e300,0\n-3e300,1e300,1\n2e300,-1e300,1\n");
        for (String method : new String[] {"newton", "lbfgs"}) {
            CommandLineTest.Run r = CommandLineTest.run("fit", csv.toString(), "--quiet", "--method", method);
            assertEquals(3, r.code(), r.err());
            assertTrue(r.err().contains("an overflow: the data or the weights are too large for double precision; scale "
                    + "the features"), r.err());
            assertFalse(r.out().contains("NaN"), "no NaN printed as a result: " + r.out());
        }
    }

    @Test
    void aLabelTheModelCannotUseIsNamedByFileLineAndColumn() throws IOException {
        Path csv = Files.writeString(dir.resolve("counts.csv"), "a,y\n1,0\n\n2,3\n3,-3\n");
        CommandLineTest.Run r = CommandLineTest.run("fit", csv.toString(), "--model", "poisson", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: " + csv + ": line 5, column 2 (y): label -3 is not a count >= 0 as the poisson loss needs", r.err().strip());
        Path svm = Files.writeString(dir.resolve("counts.svm"), "# counts\n1 1:1\n-2 1:2\n");
        r = CommandLineTest.run("fit", svm.toString(), "--model", "poisson", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: " + svm + ": line 3, column 1: label -2 is not a count >= 0 as the poisson loss needs", r.err().strip());
        Path first = Files.writeString(dir.resolve("first.csv"), "y,a\n1,0\n-1,2\n");
        r = CommandLineTest.run("fit", first.toString(), "--model", "poisson", "--label", "y", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: " + first + ": line 3, column 1 (y): label -1 is not a count >= 0 as the poisson loss needs", r.err().strip());
        Path indented = Files.writeString(dir.resolve("indented.svm"), "1 1:1\n  -2 1:2\n");
        r = CommandLineTest.run("fit", indented.toString(), "--model", "poisson", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertEquals("curvature: " + indented + ": line 2, column 3: label -2 is not a count >= 0 as the poisson loss needs", r.err().strip());
    }

    @Test
    void predictReadsLibsvmSparse() throws IOException {
        // 5000 rows over 10^6 columns: 40 GB if densified
        StringBuilder text = new StringBuilder();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 5000; i++) {
            int j = 1 + rnd.nextInt(999_999);
            text.append(i % 2).append(' ').append(1 + i % 2).append(":1 ").append(j).append(":0.5");
            text.append(j < 1_000_000 ? " 1000000:0.25\n" : "\n");
        }
        Path svm = Files.writeString(dir.resolve("huge.svm"), text);
        Path model = dir.resolve("huge.json");
        CommandLineTest.Run fit = CommandLineTest.run("fit", svm.toString(), "--quiet", "--out", model.toString());
        assertEquals(0, fit.code(), fit.err());
        CommandLineTest.Run p = CommandLineTest.run("predict", model.toString(), svm.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals("prediction,p_0,p_1", lines.get(0));
        assertEquals(5001, lines.size());
        assertTrue(lines.get(1).startsWith("0,") && lines.get(2).startsWith("1,"), lines.subList(0, 3).toString());
    }

    @Test
    void libsvmLoadsSparseUnlessAskedOtherwise() throws IOException {
        Path svm = Files.writeString(dir.resolve("wide.svm"), "1 1:0.5 200000:1\n0 2:1.5 3:-1\n1 199999:2\n0 4:1\n");
        CommandLineTest.Run r = CommandLineTest.run("fit", svm.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data        4 rows, 200001 columns, 10 nonzeros (density 1.25e-05), sparse"), r.out());
        Path small = Files.writeString(dir.resolve("small.svm"), CommandLineTest.plusMinusLibsvm(40));
        CommandLineTest.Run sparse = CommandLineTest.run("fit", small.toString(), "--quiet", "--method", "newton");
        CommandLineTest.Run dense = CommandLineTest.run("fit", small.toString(), "--quiet", "--method", "newton", "--no-sparse");
        assertEquals(0, sparse.code(), sparse.err());
        assertEquals(0, dense.code(), dense.err());
        assertFalse(dense.out().contains("sparse"), dense.out());
        double fSparse = Double.parseDouble(line(sparse.out(), "f  ").substring(2).strip());
        double fDense = Double.parseDouble(line(dense.out(), "f  ").substring(2).strip());
        assertEquals(fDense, fSparse, 1e-13 * fDense, "the same optimum, sparse or dense");
        Path classes = Files.writeString(dir.resolve("k.svm"), "0 1:1\n1 1:-1\n2 2:1\n0 1:0.8 2:0.1\n1 1:-0.7\n2 2:0.9\n");
        CommandLineTest.Run softmax = CommandLineTest.run("fit", classes.toString(), "--quiet", "--model", "softmax");
        assertEquals(0, softmax.code(), softmax.err());
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("none");
    }
}
