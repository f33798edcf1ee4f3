package io.curvature.cli;

import io.curvature.data.CsvReader;
import io.curvature.data.Dataset;
import io.curvature.objective.GlmLoss;
import io.curvature.kernel.KernelProvider;
import io.curvature.objective.Glm;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.nio.file.Path;

/** The library example of the README, verbatim between the markers; ReadmeExampleTest runs it. */
final class ReadmeExample {

    static Result run(Path csv) {
        // README-EXAMPLE-START
        try (Dataset raw = CsvReader.read(csv);                  // label: the last column
             Dataset data = raw.withIntercept();                 // + an unpenalized column of ones
             Glm logistic = new Glm(data, GlmLoss.LOGISTIC, 1e-4, KernelProvider.get(), 2)) {
            Options options = Options.defaults().withGtol(1e-9);
            Result r = Minimizer.minimize(logistic, new double[logistic.dimension()], Method.AUTO, options);
            System.out.printf("%s after %d iterations: f = %.10f (%s)%n", r.status(), r.iterations(), r.f(), r.path());
            return r;
        }
        // README-EXAMPLE-END
    }
}
