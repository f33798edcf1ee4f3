package io.curvature.cli;

import io.curvature.data.CsvReader;
import io.curvature.data.Dataset;
import io.curvature.objective.FunctionObjective;
import io.curvature.objective.Glm;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.nio.file.Path;

/** The library examples of the README, verbatim between the markers; ReadmeExampleTest runs them. */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static Result run(Path csv) {
        // README-EXAMPLE-START
        try (Dataset raw = CsvReader.read(csv);                  // label: the last column
             Dataset data = raw.withIntercept();                 // + an unpenalized column of ones
             Glm logistic = new Glm(data, GlmLoss.LOGISTIC, 1e-4)) {     // lambda = 1e-4
            Options options = Options.defaults().withGtol(1e-9);
            Result r = Minimizer.minimize(logistic, new double[logistic.dimension()], Method.AUTO, options);
            System.out.printf("%s after %d iterations: f = %.10f (%s)%n", r.status(), r.iterations(), r.f(), r.path());
            return r;
        }
        // README-EXAMPLE-END
    }

    static Result userObjective() {
        // README-EXAMPLE-START
        FunctionObjective rosenbrock = new FunctionObjective(2, (w, g) -> {
            g[0] = -2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] * w[0]);
            g[1] = 200 * (w[1] - w[0] * w[0]);
            return (1 - w[0]) * (1 - w[0]) + 100 * (w[1] - w[0] * w[0]) * (w[1] - w[0] * w[0]);
        }, null);
        Result r = Minimizer.minimize(rosenbrock, new double[] {-1.2, 1}, Method.TRUST_REGION, Options.defaults());
        // README-EXAMPLE-END
        return r;
    }
}
