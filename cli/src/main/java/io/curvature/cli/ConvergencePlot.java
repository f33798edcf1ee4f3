package io.curvature.cli;

import io.curvature.data.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Convergence plots (XChart, headless PNG): a value against time, both axes logarithmic (the runs compared
 * span three decades of time), one line per run. Series differ by colour (the Okabe-Ito palette, which
 * colour-blind readers can tell apart) and, past eight, by line style and marker.
 */
final class ConvergencePlot {

    private static final Color[] COLOURS = {new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115),
        new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233), new Color(0, 0, 0),
        new Color(240, 228, 66).darker()};
    private static final BasicStroke[] LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH, SeriesLines.DOT_DOT};
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
        SeriesMarkers.TRIANGLE_UP};
    /** Where a time of zero (the starting point) is drawn on the logarithmic axis, in seconds. */
    private static final double EARLIEST = 1e-5;

    private final XYChart chart;
    private int series;

    ConvergencePlot(String title, String yTitle) {
        System.setProperty("java.awt.headless", "true");
        chart = new XYChartBuilder().width(900).height(600).title(title).xAxisTitle("seconds (log scale)")
                .yAxisTitle(yTitle + " (log scale)").build();
        Styler s = chart.getStyler();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.#####");
        chart.getStyler().setYAxisDecimalPattern("0.#E0");
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
    }

    /** Adds a series; values at or below zero (the best run reaching {@code f_best}) are drawn at 1e-16. */
    void add(String name, double[] seconds, double[] values) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && Double.isFinite(seconds[i])) {
                xs.add(Math.max(seconds[i], EARLIEST));
                ys.add(Math.max(values[i], 1e-16));
            }
        }
        if (!xs.isEmpty()) {
            XYSeries s = chart.addSeries(name, xs, ys);
            Color c = COLOURS[series % COLOURS.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setLineStyle(LINES[series / COLOURS.length % LINES.length]);
            s.setMarker(MARKERS[series / COLOURS.length % MARKERS.length]);
            series++;
        }
    }

    void save(Path png) {
        if (series == 0) {
            throw new CliException(CliException.BAD_INPUT, "nothing to plot");
        }
        try {
            AtomicFiles.write(png, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException | UncheckedIOException e) {
            throw new CliException(CliException.BAD_INPUT, e instanceof UncheckedIOException ? e.getMessage()
                    : "cannot write " + png + ": " + e.getMessage());
        }
    }
}
