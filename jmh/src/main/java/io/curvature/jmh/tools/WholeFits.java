package io.curvature.jmh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.curvature.data.Dataset;
import io.curvature.data.NpyReader;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whole fits as a user runs them, for the comparison with other tools ({@code scripts/whole-fit.sh}): one JVM,
 * one GLM with an unpenalized intercept, each method fitted from zero to {@code ||g||_inf <= gtol}. The first
 * fit of each method is timed on its own ("cold": what a short-lived process sees; {@code auto} runs first, so
 * its cold fit is a fresh JVM's). Then every method is fitted untimed, in rounds, for {@link #WARM_UP_SECONDS}
 * per method (C2 must compile what a small fit calls only a few times per fit), and then timed rounds give each
 * method's median ("warm": a long-running service): {@code repeats} fits of each, more of a method while its fits
 * have taken less than {@link #MIN_TIMED_SECONDS} (up to {@link #MAX_TIMED_FITS}), in bursts of
 * {@link #BURST_SECONDS} of one method's fits. A fit is stopped after {@link #TIME_LIMIT_SECONDS} (its status says so), and a method
 * whose first fit took over {@link #SLOW_SECONDS} is timed once more, without the untimed fits. The solutions go into the JSON too, so that another program can judge their
 * gradient norms independently.
 *
 * <pre>WholeFits X.npy y.npy least-squares|logistic|poisson LAMBDA GTOL REPEATS OUT.json [METHOD,METHOD...]</pre>
 */
public final class WholeFits {

    /** Longest fit allowed, so that a method that crawls (gradient descent on ill-conditioned data) ends. */
    static final double TIME_LIMIT_SECONDS = 10;
    /** Untimed fitting before the timed fits. */
    static final double WARM_UP_SECONDS = 2;
    /** A first fit slower than this is repeated once only. */
    static final double SLOW_SECONDS = 2;
    /** Timed fitting per method beyond its {@code REPEATS} fits when those take less. */
    static final double MIN_TIMED_SECONDS = 1;
    /** Timed fits of a method at most when {@link #MIN_TIMED_SECONDS} asks for more than {@code REPEATS}. */
    static final int MAX_TIMED_FITS = 301;
    /** A method's fits in a row, in each round of the timed fits: as many as its warm fits take this long. */
    static final double BURST_SECONDS = 0.05;

    private WholeFits() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("whole-fits: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(String[] args) {
        if (args.length < 7 || args.length > 8) {
            throw new IllegalArgumentException("usage: X.npy y.npy least-squares|logistic|poisson LAMBDA GTOL REPEATS OUT.json "
                    + "[METHOD,METHOD...]");
        }
        GlmLoss loss = GlmLoss.valueOf(args[2].toUpperCase(Locale.ROOT).replace('-', '_'));
        double lambda = Double.parseDouble(args[3]);
        double gtol = Double.parseDouble(args[4]);
        int repeats = Integer.parseInt(args[5]);
        if (repeats < 1) {
            throw new IllegalArgumentException("REPEATS must be >= 1, got " + repeats);
        }
        List<Method> methods = args.length == 8
                ? Arrays.stream(args[7].split(",")).map(Method::byName).toList()
                : autoFirst();
        ObjectNode out = JmhResults.JSON.createObjectNode();
        out.put("tool", "curvature");
        out.put("model", args[2]);
        out.put("lambda", lambda);
        out.put("gtol", gtol);
        out.put("threads", Runtime.getRuntime().availableProcessors());
        ArrayNode fits = out.putArray("fits");
        try (Dataset raw = Dataset.of(NpyReader.readMatrix(Path.of(args[0])), NpyReader.readVector(Path.of(args[1])));
             Dataset data = raw.withIntercept();
             Glm glm = new Glm(data, loss, lambda)) {
            out.put("n", data.samples());
            out.put("d", data.features() - 1);
            Options options = Options.defaults().withGtol(gtol).withMaxIterations(100_000).withTimeLimit(TIME_LIMIT_SECONDS);
            int k = methods.size();
            Result[] first = new Result[k];
            double[] cold = new double[k];
            boolean[] slow = new boolean[k];
            for (int i = 0; i < k; i++) {
                long t0 = System.nanoTime();
                first[i] = fit(glm, methods.get(i), options);
                cold[i] = (System.nanoTime() - t0) * 1e-9;
                // the first fit of the JVM includes its warm-up: only a run cut off by the time limit counts as slow
                slow[i] = i == 0 ? first[i].status() == io.curvature.optim.Status.TIME_LIMIT : cold[i] > SLOW_SECONDS;
            }
            // warm-up in rounds over every method, so that no method is timed while the JIT compiles another's code
            long warmUpEnd = System.nanoTime() + (long) (WARM_UP_SECONDS * 1e9 * k);
            double[] warm = new double[k];
            for (int round = 0; round < 3 || System.nanoTime() < warmUpEnd; round++) {
                for (int i = 0; i < k; i++) {
                    if (!slow[i]) {
                        long t0 = System.nanoTime();
                        fit(glm, methods.get(i), options);
                        warm[i] = (System.nanoTime() - t0) * 1e-9;
                    }
                }
            }
            // timed rounds, interleaved: the host's drift spreads over every method alike; each method is fitted
            // REPEATS times, and more while its fits have taken less than MIN_TIMED_SECONDS, so that a millisecond
            // fit's median is not five samples of noise; in bursts of BURST_SECONDS, as a service fits the same way
            // again and again, so that a millisecond fit is not timed right after another method's
            double[][] seconds = new double[k][MAX_TIMED_FITS];
            int[] timed = new int[k];
            double[] timedSeconds = new double[k];
            Result[] last = first.clone();
            for (boolean more = true; more; ) {
                more = false;
                for (int i = 0; i < k; i++) {
                    int burst = slow[i] ? 1 : (int) Math.max(1, Math.min(MAX_TIMED_FITS, BURST_SECONDS / warm[i]));
                    for (int b = 0; b < burst && wanted(slow[i], timed[i], timedSeconds[i], repeats); b++) {
                        long t0 = System.nanoTime();
                        last[i] = fit(glm, methods.get(i), options);
                        double t = (System.nanoTime() - t0) * 1e-9;
                        seconds[i] = timed[i] < seconds[i].length ? seconds[i] : Arrays.copyOf(seconds[i], 2 * timed[i]);
                        seconds[i][timed[i]++] = t;
                        timedSeconds[i] += t;
                        more = true;
                    }
                }
            }
            for (int i = 0; i < k; i++) {
                seconds[i] = Arrays.copyOf(seconds[i], timed[i]);
                Arrays.sort(seconds[i]);
                double median = seconds[i][seconds[i].length / 2];
                ObjectNode fit = fits.addObject();
                fit.put("method", methods.get(i).cliName());
                fit.put("chosen", last[i].method().cliName());
                fit.put("status", last[i].status().name());
                fit.put("iterations", last[i].iterations());
                // passes over X: value/gradient evaluations, HVPs and Gram matrices, one each
                fit.put("passes", last[i].valueEvaluations() + last[i].hvpEvaluations() + last[i].hessianEvaluations());
                fit.put("f", last[i].f());
                fit.put("grad_inf", last[i].gradNorm());
                fit.put("cold_seconds", cold[i]);
                fit.put("chosen_cold", first[i].method().cliName());
                fit.put("median_seconds", median);
                ArrayNode all = fit.putArray("seconds");
                for (double t : seconds[i]) {
                    all.add(t);
                }
                ArrayNode w = fit.putArray("w");
                for (double v : last[i].w()) {
                    w.add(v);
                }
                System.err.printf(Locale.ROOT, "whole-fits: %-18s %-14s cold %.4f s, warm median %.4f s, %s%n",
                        methods.get(i).cliName(), last[i].method().cliName(), cold[i], median, last[i].status());
            }
        }
        write(Path.of(args[6]), out);
    }

    /** Whether a method with {@code timed} fits taking {@code timedSeconds} in all is fitted once more. */
    private static boolean wanted(boolean slow, int timed, double timedSeconds, int repeats) {
        return slow ? timed == 0 : timed < repeats || (timed < MAX_TIMED_FITS && timedSeconds < MIN_TIMED_SECONDS);
    }

    private static Result fit(Glm glm, Method m, Options options) {
        return Minimizer.minimize(glm, new double[glm.dimension()], m, options);
    }

    /** Every method, {@code auto} first. */
    private static List<Method> autoFirst() {
        List<Method> out = new java.util.ArrayList<>(List.of(Method.AUTO));
        for (Method m : Method.values()) {
            if (m != Method.AUTO) {
                out.add(m);
            }
        }
        return out;
    }

    /** Writes {@code value} as pretty JSON through a temporary file renamed over {@code file}. */
    static void write(Path file, ObjectNode value) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            JmhResults.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
