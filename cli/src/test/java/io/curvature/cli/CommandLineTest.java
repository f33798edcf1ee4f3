package io.curvature.cli;

import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.compute.KernelChoice;
import io.curvature.kernel.KernelProvider;
import io.curvature.objective.Glm;
import io.curvature.model.ClassificationModel;
import io.curvature.model.LinearModel;
import io.curvature.model.ModelKind;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
import io.curvature.optim.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end through picocli on the bundled data: exit codes, summary, model.json, plots, predictions, errors. */
class CommandLineTest {

    static final Path DATA = ReadmeExampleTest.ROOT.resolve("examples/breast_cancer.csv");

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = CurvatureCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fitWritesTheLibraryResult() throws IOException {
        Path model = dir.resolve("model.json");
        Path trace = dir.resolve("trace.csv");
        Path plot = dir.resolve("convergence.png");
        Run r = run("fit", DATA.toString(), "--method", "newton", "--gtol", "1e-9", "--threads", "1",
                "--out", model.toString(), "--trace", trace.toString(), "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("status      CONVERGED_GRADIENT"), r.out());
        assertTrue(r.out().contains("accuracy    0.99"), r.out());
        assertTrue(r.err().contains("iter    0  f 0.69314718056"), "progress lines on stderr: " + r.err());
        assertTrue(r.out().contains("model       logistic, 30 features + intercept, classes 0, 1 (positive: 1)"), r.out());
        // a one-shot fit on data this small runs the scalar kernels; the summary says which
        assertTrue(r.out().contains("kernels     scalar (small data in a one-shot process; --kernels vector overrides)"), r.out());
        ClassificationModel m = (ClassificationModel) LinearModel.load(model);
        try (Dataset raw = io.curvature.data.CsvReader.read(DATA); Dataset ds = raw.withIntercept();
             Glm glm = new Glm(ds, GlmLoss.LOGISTIC, 1e-4, KernelChoice.SCALAR, 1)) {
            Result lib = Minimizer.minimize(glm, new double[31], Method.NEWTON, Options.defaults().withGtol(1e-9)
                    .withKernels(KernelChoice.SCALAR));
            assertEquals(lib.f(), m.report().f(), 0.0, "f in model.json");
            double[] w = new double[31];
            System.arraycopy(m.coefficients()[0], 0, w, 0, 30);
            w[30] = m.intercept()[0];
            assertArrayEquals(lib.w(), w, 0.0);
        }
        assertEquals(Status.CONVERGED_GRADIENT, m.report().status());
        assertEquals(ModelKind.LOGISTIC, m.kind());
        assertTrue(Files.readString(trace).startsWith("iteration,f,grad_norm,step,seconds,kappa,shrunk\n0,"));
        assertPng(plot);

        Run p = run("predict", model.toString(), DATA.toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals("prediction,p_0,p_1", lines[0]);
        assertEquals(570, lines.length);
        try (Dataset raw = io.curvature.data.CsvReader.read(DATA)) {
            double[] expected = m.predict(raw);
            for (int i = 0; i < expected.length; i++) {
                String[] f = lines[i + 1].split(",");
                assertEquals(ClassificationModel.formatLabel(expected[i]), f[0], "row " + i);
                assertEquals(m.predictProbabilities(raw)[i][1], Double.parseDouble(f[2]), 0.0, "row " + i);
            }
        }
    }

    @Test
    void kernelsChosenOnTheCommandLineWinOverTheOneShotPolicy() {
        Run r = run("fit", DATA.toString(), "--kernels", "vector", "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kernels     " + KernelProvider.byName("vector").name() + " (--kernels vector)"), r.out());
    }

    static void assertPng(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 1000, "non-empty PNG");
        assertEquals((byte) 0x89, b[0]);
        assertEquals('P', b[1]);
        assertEquals('N', b[2]);
        assertEquals('G', b[3]);
    }

    @Test
    void compareRunsEveryMethodAndPlots() throws IOException {
        Path plot = dir.resolve("compare.png");
        Run r = run("compare", DATA.toString(), "--quiet", "--no-warmup", "--plot", plot.toString());
        assertEquals(0, r.code(), r.err());
        for (Method m : Method.values()) {
            assertTrue(r.out().contains(m == Method.AUTO ? "auto->" : m.cliName() + " "), m.cliName() + " in\n" + r.out());
        }
        assertTrue(r.out().contains("f - f_best"), r.out());
        assertPng(plot);
    }

    @Test
    void errorsAreOneLineWithTheirExitCode() throws IOException {
        Run r = run("fit", dir.resolve("missing.csv").toString());
        assertEquals(2, r.code());
        assertEquals("curvature: cannot read " + dir.resolve("missing.csv") + ": no such file", r.err().strip());

        r = run("fit", DATA.toString(), "--label", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("curvature: " + DATA + ": no column named 'nope'; columns are x0, x1"), r.err());

        Path nan = Files.writeString(dir.resolve("nan.csv"), "a,b,y\n1,2,0\n3,NaN,1\n");
        r = run("fit", nan.toString());
        assertEquals(2, r.code());
        assertEquals("curvature: " + nan + ": non-finite value NaN at line 3, column 2 (b) (allow non-finite values explicitly to keep it)",
                r.err().strip());

        r = run("fit", DATA.toString(), "--method", "adam");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("curvature: unknown method 'adam'; methods are gd, newton"), r.err());

        r = run("fit", DATA.toString(), "--method", "gd", "--max-iter", "3", "--quiet");
        assertEquals(3, r.code());
        assertTrue(r.err().startsWith("curvature: did not converge: MAX_ITERATIONS"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line without --debug");

        r = run("fit", DATA.toString(), "--method", "gd", "--max-iter", "3", "--quiet", "--debug");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("at io.curvature.cli.FitCommand"), "--debug adds the stack trace");
    }

    /** A LIBSVM text of {@code n} rows, labels -1/+1 from a noisy linear rule (not separable). */
    static String plusMinusLibsvm(int n) {
        java.util.Random rnd = new java.util.Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double a = rnd.nextGaussian();
            double b = rnd.nextGaussian();
            int label = a - 0.5 * b + rnd.nextGaussian() > 0 ? 1 : -1;
            sb.append(label > 0 ? "+1" : "-1").append(" 1:").append(a).append(" 2:").append(b).append('\n');
        }
        return sb.toString();
    }

    @Test
    void standardInputFormatsAndOriginalLabels() throws IOException {
        Path model = dir.resolve("pm.json");
        java.io.InputStream stdin = System.in;
        Run r;
        try {
            System.setIn(new java.io.ByteArrayInputStream(plusMinusLibsvm(60).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            r = run("fit", "-", "--format", "libsvm", "--quiet", "--out", model.toString());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("model       logistic, 2 features + intercept, classes -1, 1 (positive: 1)"), r.out());
        Path svm = Files.writeString(dir.resolve("pm.svm"), plusMinusLibsvm(60));
        Run p = run("predict", model.toString(), svm.toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals("prediction,p_-1,p_1", lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String label = lines[i].split(",")[0];
            assertTrue(label.equals("-1") || label.equals("1"), "original labels, got " + lines[i]);
        }

        r = run("fit", svm.toString(), "--format", "parquet");
        assertEquals(2, r.code());
        assertEquals("curvature: --format: unknown format 'parquet' (csv, libsvm, npy or npz)", r.err().strip());

        Run wrong = run("predict", model.toString(), DATA.toString());
        assertEquals(2, wrong.code());
        assertEquals("curvature: " + DATA + ": 31 feature columns, but the model has 2", wrong.err().strip());

        Path broken = Files.writeString(dir.resolve("broken.json"), Files.readString(model).replace("\"classes\"", "\"klasses\""));
        Run bad = run("predict", broken.toString(), svm.toString());
        assertEquals(2, bad.code());
        assertEquals("curvature: " + broken + ": key 'classes': missing", bad.err().strip());
    }

    @Test
    void aFailedWriteKeepsThePreviousFile() throws IOException {
        Path model = Files.writeString(dir.resolve("keep.json"), "previous");
        Run r = run("fit", DATA.toString(), "--quiet", "--out", dir.resolve("no/such/dir/m.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().strip().startsWith("curvature: cannot write " + dir.resolve("no/such/dir/m.json")), r.err());
        r = run("fit", DATA.toString(), "--quiet", "--out", model.toString(), "--method", "gd", "--max-iter", "2");
        assertEquals(3, r.code(), "not converged, but the model is written: " + r.err());
        assertTrue(Files.readString(model).contains("\"status\" : \"MAX_ITERATIONS\""));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(), "no temporary files left");
        }
    }

    @Test
    void infoReportsTheEnvironment() {
        Run r = run("info");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("vector.species"), r.out());
        assertTrue(r.out().contains("kernels"), r.out());
        assertTrue(r.out().contains("native.lapack"), r.out());
        assertTrue(r.out().contains("lapack            native ("), r.out());
    }
}
