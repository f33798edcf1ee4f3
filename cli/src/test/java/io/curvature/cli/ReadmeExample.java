package io.curvature.cli;

import io.curvature.model.ClassificationModel;
import io.curvature.model.LinearModel;
import io.curvature.model.LinearRegression;
import io.curvature.model.LogisticRegression;
import io.curvature.model.PoissonRegression;
import io.curvature.model.RegressionModel;
import io.curvature.model.SoftmaxRegression;
import io.curvature.objective.FunctionObjective;
import io.curvature.objective.GradientCheck;
import io.curvature.optim.Method;
import io.curvature.optim.Minimizer;
import io.curvature.optim.Options;
import io.curvature.optim.Result;

import java.nio.file.Path;

/** The library examples of the README, verbatim between the markers; ReadmeExampleTest runs them. */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static ClassificationModel logistic(Path csv, double[] row, Path modelFile) {
        // README-EXAMPLE-START
        ClassificationModel model = new LogisticRegression().lambda(1e-4).fit(csv);  // label: the last column
        double[] p = model.predictProbabilities(row);                           // in model.classes() order
        model.save(modelFile);
        ClassificationModel same = (ClassificationModel) LinearModel.load(modelFile);
        // README-EXAMPLE-END
        return p[1] == same.predictProbabilities(row)[1] ? same : null;
    }

    static double[] regressions(double[][] x, double[] y, double[] visits, double[] labels) {
        // README-EXAMPLE-START
        RegressionModel ridge = new LinearRegression().lambda(1e-3).fit(x, y);       // double[][] x, double[] y
        RegressionModel counts = new PoissonRegression().C(10).fit(x, visits);       // C as scikit-learn's: lambda = 1/(n C)
        ClassificationModel kinds = new SoftmaxRegression().method(Method.NEWTON).fit(x, labels);  // any K label values
        double yHat = ridge.predict(x[0]), mean = counts.predict(x[0]), kind = kinds.predict(x[0]);
        // README-EXAMPLE-END
        return new double[] {yHat, mean, kind};
    }

    static Result userObjective() {
        // README-EXAMPLE-START
        FunctionObjective rosenbrock = new FunctionObjective(2, (w, g) -> {
            g[0] = -2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] * w[0]);
            g[1] = 200 * (w[1] - w[0] * w[0]);
            return (1 - w[0]) * (1 - w[0]) + 100 * (w[1] - w[0] * w[0]) * (w[1] - w[0] * w[0]);
        });
        System.out.println(GradientCheck.at(rosenbrock, new double[] {-1.2, 1}));   // worst coordinate vs finite differences
        Result r = Minimizer.minimize(rosenbrock, new double[] {-1.2, 1}, Method.TRUST_REGION, Options.defaults());
        // README-EXAMPLE-END
        return r;
    }
}
