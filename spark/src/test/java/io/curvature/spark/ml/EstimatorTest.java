package io.curvature.spark.ml;

import io.curvature.model.ClassificationModel;
import io.curvature.model.LinearModel;
import io.curvature.model.LogisticRegression;
import io.curvature.model.ModelKind;
import io.curvature.model.PoissonRegression;
import io.curvature.objective.GlmLoss;
import io.curvature.optim.Method;
import io.curvature.spark.LocalSpark;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark ML stages: the same model as the library's estimator, a Pipeline, transform, save and load. */
class EstimatorTest {

    private static final LocalSpark.Problem LOGISTIC = LocalSpark.synthetic(3000, 6, GlmLoss.LOGISTIC, 31);

    @Test
    void logisticRegressionFitsTheLibrarysModelAndTransformsInAPipeline() {
        Dataset<Row> data = LocalSpark.frame(LOGISTIC.x(), LOGISTIC.y(), 3, true);
        CurvatureLogisticRegression lr = new CurvatureLogisticRegression().setRegParam(1e-3).setTol(1e-10);
        PipelineModel pm = new Pipeline().setStages(new PipelineStage[] {lr}).fit(data);
        GlmModel m = (GlmModel) pm.stages()[0];
        ClassificationModel local = new LogisticRegression().lambda(1e-3).gtol(1e-10).fit(LOGISTIC.x(), LOGISTIC.y());
        assertArrayEquals(local.coefficients()[0], m.coefficients().toArray(), 1e-8);
        assertEquals(local.intercept()[0], m.intercept(), 1e-8);
        assertTrue(m.report().converged(), m.report().message());
        assertTrue(m.report().path().startsWith("auto on Spark"), m.report().path());
        assertTrue(m.passes() > 1);

        List<Row> out = pm.transform(data).select("features", "prediction", "probability").collectAsList();
        assertEquals(3000, out.size());
        for (int i = 0; i < out.size(); i += 97) {
            double[] row = ((Vector) out.get(i).get(0)).toArray();
            assertEquals(local.predict(row), out.get(i).getDouble(1), 0.0, "row " + i);
            assertArrayEquals(local.predictProbabilities(row), ((Vector) out.get(i).get(2)).toArray(), 1e-8);
        }
    }

    @Test
    void theParametersHaveSparkMllibsNames() {
        CurvatureLogisticRegression lr = new CurvatureLogisticRegression();
        for (String name : new String[] {"featuresCol", "labelCol", "predictionCol", "probabilityCol", "regParam",
            "fitIntercept", "maxIter", "tol", "method"}) {
            assertTrue(lr.hasParam(name), name);
        }
        assertEquals(true, lr.getOrDefault(lr.fitIntercept()));
        CurvatureLogisticRegression copy = lr.setMaxIter(7).copy(new org.apache.spark.ml.param.ParamMap());
        assertEquals(lr.uid(), copy.uid());
        assertEquals(7, copy.getOrDefault(copy.maxIter()));
        assertThrows(IllegalArgumentException.class, () -> lr.setMethod("fastest"));
    }

    @Test
    void poissonAndLeastSquaresWithoutIntercept(@TempDir Path dir) {
        LocalSpark.Problem p = LocalSpark.synthetic(2000, 4, GlmLoss.POISSON, 41);
        Dataset<Row> data = LocalSpark.frame(p.x(), p.y(), 2, false);
        GlmModel m = new CurvaturePoissonRegression().setFitIntercept(false).setMethod("newton").setRegParam(1e-2)
                .fit(data);
        var local = new PoissonRegression().lambda(1e-2).fitIntercept(false).method(Method.NEWTON).fit(p.x(), p.y());
        assertArrayEquals(local.coefficients(), m.coefficients().toArray(), 1e-8);
        assertEquals(0.0, m.intercept());
        Row first = m.transform(data).select("prediction").first();
        assertEquals(local.predict(p.x()[0]), first.getDouble(0), 1e-9);
        assertEquals(List.of("features", "label", "prediction"), List.of(m.transform(data).columns()),
                "no probabilities for a regression");

        GlmModel ls = new CurvatureLinearRegression().setPredictionCol("yhat").fit(data);
        assertEquals(ModelKind.LEAST_SQUARES, ls.curvatureModel().kind());
        assertEquals(List.of("features", "label", "yhat"), List.of(ls.transform(data).columns()));
    }

    @Test
    void saveAndLoadThroughCurvaturesModelFile(@TempDir Path dir) {
        Dataset<Row> data = LocalSpark.frame(LOGISTIC.x(), LOGISTIC.y(), 2, false);
        GlmModel m = new CurvatureLogisticRegression().fit(data);
        Path file = dir.resolve("model.json");
        m.save(file.toString());
        GlmModel back = GlmModel.load(file.toString());
        assertArrayEquals(m.coefficients().toArray(), back.coefficients().toArray(), 0.0);
        assertEquals(m.intercept(), back.intercept(), 0.0);
        LinearModel library = LinearModel.load(file);
        assertEquals(ModelKind.LOGISTIC, library.kind());
        assertEquals(m.transform(data).select("probability").collectAsList(),
                back.transform(data).select("probability").collectAsList());
    }

    @Test
    void transformRejectsVectorsOfAnotherSize() {
        Dataset<Row> data = LocalSpark.frame(LOGISTIC.x(), LOGISTIC.y(), 2, false);
        GlmModel m = new CurvatureLogisticRegression().fit(data);
        LocalSpark.Problem other = LocalSpark.synthetic(10, 3, GlmLoss.LOGISTIC, 1);
        Exception e = assertThrows(Exception.class, () -> m.transform(LocalSpark.frame(other.x(), other.y(), 1, false))
                .collectAsList());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertEquals("column 'features': a feature vector has 3 entries, the model 6 features", root.getMessage());
    }
}
