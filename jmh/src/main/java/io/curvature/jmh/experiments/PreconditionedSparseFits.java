package io.curvature.jmh.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.curvature.data.Dataset;
import io.curvature.jmh.Fixtures;
import io.curvature.jmh.tools.SparseFits;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.SparseGlm;
import io.curvature.optim.Method;
import io.curvature.optim.MethodSettings;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Newton-CG (or the trust region, {@code METHOD = trust-region}, whose region is then scaled too: docs/math.md 3.3) on
 * sparse data with and without the {@code diag(H)} preconditioner (docs/math.md 2.7), logistic, to
 * {@code ||g||_inf <= 1e-8}, one thread: the HVPs and the best of three warm fits of each, on data as wide as twice
 * their rows to a twentieth of them, of both kinds the benchmarks use: {@link SparseFits}' rows (columns drawn from
 * a half-normal, values scaled by column) and {@link Fixtures#textLike} rows (Zipf columns, unit rows). The evidence
 * behind AUTO's sparse plan (docs/math.md 5).
 *
 * Prints a Markdown table and writes the figures to {@code OUT.json}.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar \
 *      io.curvature.jmh.experiments.PreconditionedSparseFits OUT.json [newton-cg|trust-region]
 * </pre>
 */
public final class PreconditionedSparseFits {

    /** Rows, columns, nonzeros a row (Zipf draws when text-like), text-like or not. */
    private record Case(int n, int d, int perRow, boolean text) {
        Dataset data() {
            return text ? Fixtures.textLike(n, d, perRow, 7) : SparseFits.dataset(n, d, perRow);
        }
    }

    private static final Case[] CASES = {
        new Case(20_000, 50_000, 30, false), new Case(10_000, 100_000, 80, false),
        new Case(40_000, 60_000, 30, false), new Case(40_000, 60_000, 50, true),
        new Case(60_000, 60_000, 30, false), new Case(100_000, 20_000, 20, true),
        new Case(50_000, 2_000, 20, false),
    };
    private static final double[] LAMBDAS = {1e-4, 1e-6};
    private static final ObjectMapper JSON = new ObjectMapper();

    private PreconditionedSparseFits() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PreconditionedSparseFits OUT.json [newton-cg|trust-region]");
            System.exit(2);
        }
        Method method = args.length == 2 ? Method.byName(args[1]) : Method.NEWTON_CG;
        if (method != Method.NEWTON_CG && method != Method.TRUST_REGION) {
            System.err.println("PreconditionedSparseFits: METHOD must be newton-cg or trust-region, not " + args[1]);
            System.exit(2);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method.cliName());
        root.put("loss", "logistic");
        root.put("threads", 1);
        root.put("gtol", 1e-8);
        ArrayNode fits = root.putArray("fits");
        System.out.println("| n x d, nonzeros a row | lambda | plain: HVPs, s | diag(H): HVPs, s |");
        System.out.println("|---|---|---|---|");
        for (Case c : CASES) {
            try (Dataset data = c.data()) {
                for (double lambda : LAMBDAS) {
                    try (SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, lambda, 1)) {
                        ObjectNode plain = fit(glm, method, false);
                        ObjectNode preconditioned = fit(glm, method, true);
                        System.out.printf(Locale.ROOT, "| %d x %d, %d%s | %.0e | %s | %s |%n", c.n, c.d, c.perRow,
                                c.text ? " (text-like)" : "", lambda, cell(plain), cell(preconditioned));
                        for (ObjectNode f : new ObjectNode[] {plain, preconditioned}) {
                            f.put("n", c.n).put("d", c.d).put("per_row", c.perRow).put("text_like", c.text)
                                    .put("lambda", lambda);
                            fits.add(f);
                        }
                    }
                }
            }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(Path.of(args[0]).toFile(), root);
    }

    private static String cell(ObjectNode f) {
        return String.format(Locale.ROOT, "%d, %.3f%s", f.get("hvps").asLong(), f.get("seconds").asDouble(),
                f.get("status").asText().equals("CONVERGED_GRADIENT") ? "" : " (" + f.get("status").asText() + ")");
    }

    /** The best of three warm fits, after one untimed. */
    private static ObjectNode fit(SparseGlm glm, Method method, boolean preconditioned) {
        Options options = Options.defaults().withGtol(1e-8).withMaxIterations(100_000)
                .withSettings(MethodSettings.defaults().withNewtonCgPreconditioner(preconditioned));
        double best = Double.POSITIVE_INFINITY;
        Result r = null;
        for (int round = 0; round < 4; round++) {
            long t0 = System.nanoTime();
            r = Minimizer.minimize(glm, new double[glm.dimension()], method, options);
            double seconds = (System.nanoTime() - t0) * 1e-9;
            if (round > 0) {
                best = Math.min(best, seconds);
            }
        }
        ObjectNode f = JSON.createObjectNode();
        f.put("preconditioned", preconditioned).put("status", r.status().name()).put("iterations", r.iterations())
                .put("hvps", r.hvpEvaluations()).put("seconds", best);
        return f;
    }
}
