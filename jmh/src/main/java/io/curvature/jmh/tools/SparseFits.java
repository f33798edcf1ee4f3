package io.curvature.jmh.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.curvature.data.CsrMatrix;
import io.curvature.data.Dataset;
import io.curvature.data.DenseVector;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.SparseGlm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * Whole fits on synthetic sparse data, for AUTO's sparse plan (docs/math.md 5): text-like rows (a fixed number of
 * nonzeros per row, columns drawn with a half-normal so that low columns are common, values scaled by column),
 * logistic labels from a noisy linear rule. Each case is fitted by AUTO, Newton-CG, L-BFGS and the trust region,
 * once untimed and then timed (warm, after a first round of every method), on 2 threads. Also the bytes a {@code SparseGlm} evaluation allocates
 * (value and gradient, then a Hessian-vector product, one thread, after warm-up).
 *
 * <pre>SparseFits OUT.json</pre>
 */
public final class SparseFits {

    /** Cases: rows, columns, nonzeros per row. */
    private static final int[][] CASES = {{20_000, 50_000, 30}, {10_000, 100_000, 80}, {50_000, 2_000, 20}};
    private static final double[] LAMBDAS = {1e-4, 1e-6};
    private static final Method[] METHODS = {Method.AUTO, Method.NEWTON_CG, Method.LBFGS, Method.TRUST_REGION};

    private SparseFits() {
    }

    /** The synthetic set of a case (seeded by its shape). */
    public static Dataset dataset(int n, int d, int perRow) {
        Random rnd = new Random(n + d);
        long[] start = new long[n + 1];
        int[] cols = new int[n * perRow];
        double[] vals = new double[n * perRow];
        double[] y = new double[n];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            TreeSet<Integer> picked = new TreeSet<>();
            while (picked.size() < perRow) {
                picked.add((int) Math.min(d - 1, Math.abs(rnd.nextGaussian()) * d / 4));
            }
            double z = 0;
            for (int j : picked) {
                cols[nnz] = j;
                vals[nnz] = (1 + j % 7) * rnd.nextDouble();
                z += vals[nnz] * (j % 2 == 0 ? 0.3 : -0.3);
                nnz++;
            }
            start[i + 1] = nnz;
            y[i] = z + rnd.nextGaussian() > 0 ? 1 : 0;
        }
        return Dataset.ofSparse(CsrMatrix.of(d, start, cols, vals, nnz), DenseVector.of(y));
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SparseFits OUT.json");
            System.exit(2);
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("threads", 2);
        root.put("loss", "logistic");
        ArrayNode fits = root.putArray("fits");
        // every method once before anything is timed: the first method of a fresh JVM would otherwise be timed while
        // C2 still compiles the passes
        try (Dataset data = dataset(CASES[0][0], CASES[0][1], CASES[0][2]);
             SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, LAMBDAS[0], 2)) {
            for (Method m : METHODS) {
                Minimizer.minimize(glm, new double[CASES[0][1]], m, Options.defaults());
            }
        }
        for (int[] c : CASES) {
            for (double lambda : LAMBDAS) {
                try (Dataset data = dataset(c[0], c[1], c[2]);
                     SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, lambda, 2)) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "n %d, d %d, %d a row, lambda %g:", c[0], c[1], c[2], lambda));
                    for (Method m : METHODS) {
                        Minimizer.minimize(glm, new double[c[1]], m, Options.defaults()); // untimed: compile first
                        long t = System.nanoTime();
                        Result r = Minimizer.minimize(glm, new double[c[1]], m, Options.defaults());
                        double seconds = (System.nanoTime() - t) * 1e-9;
                        ObjectNode f = fits.addObject();
                        f.put("n", c[0]).put("d", c[1]).put("per_row", c[2]).put("lambda", lambda);
                        f.put("method", m.cliName()).put("ran", r.method().cliName()).put("status", r.status().name());
                        f.put("seconds", seconds).put("iterations", r.iterations()).put("hvps", r.hvpEvaluations());
                        f.put("gradient_evaluations", r.gradientEvaluations()).put("f", r.f());
                        line.append(String.format(Locale.ROOT, "  %s%s %.2f s%s", m.cliName(),
                                m == Method.AUTO ? "->" + r.method().cliName() : "", seconds,
                                r.status().converged() ? "" : " (" + r.status() + ")"));
                    }
                    System.out.println(line);
                }
            }
        }
        double bytes = allocationPerEvaluation();
        root.put("bytes_per_value_gradient_and_hvp", bytes);
        System.out.printf(Locale.ROOT, "SparseGlm allocation: %.1f bytes per value-and-gradient plus HVP%n", bytes);
        json.writeValue(Path.of(args[0]).toFile(), root);
    }

    /** Bytes allocated by one value-and-gradient and one HVP, one thread, averaged over 1000 after 2000 untimed. */
    static double allocationPerEvaluation() {
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int d = 300;
        try (Dataset data = dataset(5000, d, 10); SparseGlm g = new SparseGlm(data, GlmLoss.LOGISTIC, 1e-3, 1);
             Arena arena = Arena.ofShared()) {
            MemorySegment w = arena.allocate(8L * d);
            MemorySegment grad = arena.allocate(8L * d);
            MemorySegment out = arena.allocate(8L * d);
            long before = 0;
            for (int r = 0; r < 3000; r++) {
                if (r == 2000) {
                    before = mx.getThreadAllocatedBytes(Thread.currentThread().threadId());
                }
                w.setAtIndex(ValueLayout.JAVA_DOUBLE, r % d, r * 1e-4);
                g.valueAndGradient(w, grad);
                g.hessianVector(w, grad, out);
            }
            return (mx.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before) / 1000.0;
        }
    }
}
