package io.curvature.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.kernel.KernelProvider;
import io.curvature.kernel.Kernels;
import io.curvature.objective.Glm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;
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
        JsonNode m = new ObjectMapper().readTree(model.toFile());
        // a one-shot fit on data this small runs the scalar kernels; model.json says which
        assertTrue(r.out().contains("kernels     scalar (small data in a one-shot process; --kernels vector overrides)"), r.out());
        Kernels kernels = KernelProvider.byName("scalar");
        assertEquals(kernels.name(), m.get("options").get("kernels").asText());
        try (Dataset raw = io.curvature.data.CsvReader.read(DATA); Dataset ds = raw.withIntercept();
             Glm glm = new Glm(ds, GlmLoss.LOGISTIC, 1e-4, kernels, 1)) {
            Result lib = Minimizer.minimize(glm, new double[31], Method.NEWTON, Options.defaults().withGtol(1e-9)
                    .withKernels(kernels));
            assertEquals(lib.f(), m.get("f").asDouble(), 0.0, "f in model.json");
            double[] w = new double[31];
            for (int j = 0; j < 31; j++) {
                w[j] = m.get("weights").get(j).asDouble();
            }
            assertArrayEquals(lib.w(), w, 0.0);
        }
        assertEquals("CONVERGED_GRADIENT", m.get("status").asText());
        assertEquals("logistic", m.get("options").get("model").asText());
        assertTrue(Files.readString(trace).startsWith("iteration,f,grad_norm,step,seconds,kappa,shrunk\n0,"));
        assertPng(plot);

        Run p = run("predict", model.toString(), DATA.toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\n");
        assertEquals("prediction,p1", lines[0]);
        assertEquals(570, lines.length);
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
