package consumer;

import io.curvature.compute.KernelChoice;
import io.curvature.compute.LapackChoice;
import io.curvature.model.ClassificationModel;
import io.curvature.model.LinearModel;
import io.curvature.model.LogisticRegression;
import io.curvature.optim.Implementations;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a new user writes first: fit from arrays, predict, save, load, predict again. */
public final class Consumer {

    private Consumer() {
    }

    public static void main(String[] args) throws Exception {
        double[][] x = {{0, 1}, {1, 0}, {2, 1}, {3, 0}, {0.5, 0.5}, {2.5, 1.5}, {1.5, 0.2}, {1.4, 1.1}};
        double[] y = {-1, -1, 1, 1, -1, 1, 1, -1};
        ClassificationModel model = new LogisticRegression().lambda(1e-2).fit(x, y);
        Path file = Files.createTempFile("consumer", ".json");
        model.save(file);
        ClassificationModel loaded = (ClassificationModel) LinearModel.load(file);
        Files.delete(file);
        System.out.println("status " + model.report().status());
        System.out.println("predict " + loaded.predict(new double[] {3, 1}) + " " + loaded.predict(new double[] {0, 0}));
        System.out.println("lapack " + Implementations.lapack(LapackChoice.DEFAULT));
        System.out.println("kernels " + Implementations.kernels(KernelChoice.DEFAULT));
    }
}
