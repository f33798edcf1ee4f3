package io.curvature.cli;

import io.curvature.optim.IterationListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One progress line per iteration on stderr: iteration, f, gradient norm, step, kappa when monitored,
 * elapsed time. On a terminal the line is rewritten in place; otherwise each is a plain line.
 */
final class Progress implements IterationListener {

    private final PrintWriter err;
    private final boolean inPlace;
    private final String prefix;

    Progress(PrintWriter err, boolean inPlace, String prefix) {
        this.err = err;
        this.inPlace = inPlace;
        this.prefix = prefix;
    }

    @Override
    public boolean onIteration(int iteration, double f, double gradNorm, double step, double kappa, double seconds) {
        String line = String.format(Locale.ROOT, "%siter %4d  f %.12g  |g| %.3e  step %.3e%s  %.3fs", prefix, iteration, f,
                gradNorm, step, Double.isNaN(kappa) ? "" : String.format(Locale.ROOT, "  kappa %.3e", kappa), seconds);
        if (inPlace) {
            err.print("\r" + line + "\u001b[K");
        } else {
            err.println(line);
        }
        err.flush();
        return true;
    }

    /** Ends an in-place line. */
    void finish() {
        if (inPlace) {
            err.println();
            err.flush();
        }
    }
}
