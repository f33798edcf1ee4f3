package io.curvature.jmh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.curvature.data.Dataset;
import io.curvature.data.LibsvmReader;
import io.curvature.objective.GlmLoss;
import io.curvature.objective.SparseGlm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sparse whole fits of a LIBSVM file as a user runs them, for the comparison with LIBLINEAR and scikit-learn
 * ({@code scripts/sparse-fit.sh}): logistic regression without an intercept, read into CSR storage once, each method
 * fitted from zero to {@code ||g||_inf <= gtol} on 1 thread and on every processor. Per method and thread count: the
 * first fit ("cold"), one untimed fit, then the median of {@code repeats}. The solutions go into the JSON, so that
 * another program can judge their gradient norms.
 *
 * <pre>SparseFileFits DATA.svm LAMBDA GTOL REPEATS OUT.json [METHOD,...]</pre>
 * (default: auto, newton-cg, trust-region, lbfgs).
 */
public final class SparseFileFits {

    private static final List<Method> DEFAULT_METHODS = List.of(Method.AUTO, Method.NEWTON_CG, Method.TRUST_REGION, Method.LBFGS);
    /** Longest fit allowed, so that a method that crawls ends. */
    private static final double TIME_LIMIT_SECONDS = 60;

    private SparseFileFits() {
    }

    public static void main(String[] args) {
        if (args.length != 5 && args.length != 6) {
            System.err.println("usage: SparseFileFits DATA.svm LAMBDA GTOL REPEATS OUT.json [METHOD,...]");
            System.exit(2);
        }
        List<Method> methods = args.length == 6 ? Arrays.stream(args[5].split(",")).map(Method::byName).toList()
                : DEFAULT_METHODS;
        double lambda = Double.parseDouble(args[1]);
        double gtol = Double.parseDouble(args[2]);
        int repeats = Integer.parseInt(args[3]);
        ObjectNode out = JmhResults.JSON.createObjectNode();
        out.put("tool", "curvature");
        ArrayNode fits = out.putArray("fits");
        Options options = Options.defaults().withGtol(gtol).withMaxIterations(100_000).withTimeLimit(TIME_LIMIT_SECONDS);
        try (Dataset data = LibsvmReader.readSparse(Path.of(args[0]))) {
            int d = data.features();
            int all = Runtime.getRuntime().availableProcessors();
            for (int threads : all > 1 ? new int[] {1, all} : new int[] {1}) {
                try (SparseGlm glm = new SparseGlm(data, GlmLoss.LOGISTIC, lambda, threads)) {
                    for (Method m : methods) {
                        long t0 = System.nanoTime();
                        Result first = Minimizer.minimize(glm, new double[d], m, options);
                        double cold = (System.nanoTime() - t0) * 1e-9;
                        Minimizer.minimize(glm, new double[d], m, options);
                        double[] seconds = new double[repeats];
                        Result last = first;
                        for (int k = 0; k < repeats; k++) {
                            t0 = System.nanoTime();
                            last = Minimizer.minimize(glm, new double[d], m, options);
                            seconds[k] = (System.nanoTime() - t0) * 1e-9;
                        }
                        Arrays.sort(seconds);
                        ObjectNode f = fits.addObject();
                        f.put("method", m.cliName()).put("chosen", last.method().cliName()).put("threads", threads);
                        f.put("status", last.status().name()).put("iterations", last.iterations());
                        f.put("passes", last.valueEvaluations() + last.hvpEvaluations() + last.hessianEvaluations());
                        f.put("grad_inf", last.gradNorm()).put("cold_seconds", cold);
                        f.put("median_seconds", seconds[repeats / 2]);
                        ArrayNode times = f.putArray("seconds");
                        Arrays.stream(seconds).forEach(times::add);
                        ArrayNode w = f.putArray("w");
                        Arrays.stream(last.w()).forEach(w::add);
                        System.err.printf(Locale.ROOT, "sparse-fits: %-12s %-12s %d thread(s): cold %.3f s, warm %.3f s, %s%n",
                                m.cliName(), last.method().cliName(), threads, cold, seconds[repeats / 2], last.status());
                    }
                }
            }
        }
        WholeFits.write(Path.of(args[4]), out);
    }
}
