package io.curvature.cli;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Convergence plots (XChart, headless PNG): {@code f - f_best} against time, log scale, one line per run. */
final class ConvergencePlot {

    private final XYChart chart;
    private boolean empty = true;

    ConvergencePlot(String title, String yTitle) {
        System.setProperty("java.awt.headless", "true");
        chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("seconds").yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setMarkerSize(3);
    }

    /** Adds a series; values at or below zero (the best run reaching {@code f_best}) are drawn at 1e-16. */
    void add(String name, double[] seconds, double[] values) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                xs.add(seconds[i]);
                ys.add(Math.max(values[i], 1e-16));
            }
        }
        if (!xs.isEmpty()) {
            chart.addSeries(name, xs, ys);
            empty = false;
        }
    }

    void save(Path png) {
        if (empty) {
            throw new CliException(CliException.BAD_INPUT, "nothing to plot");
        }
        try {
            String base = png.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")
                    ? png.toString().substring(0, png.toString().length() - 4) : png.toString();
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, "cannot write " + png + ": " + e.getMessage());
        }
    }
}
