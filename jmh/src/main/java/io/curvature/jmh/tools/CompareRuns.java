package io.curvature.jmh.tools;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares two or more JMH result files: a Markdown table per benchmark with score, error and the ratio
 * to the first file, a {@code *} where two scores differ by more than their combined errors, and a PNG
 * bar chart of the ratios. Files whose benchmarks or parameters differ are refused, naming the
 * differences.
 */
public final class CompareRuns {

    private CompareRuns() {
    }

    /** Compares {@code files}; writes the table to {@code out} and, when {@code png} is not null, the chart. */
    public static void compare(List<Path> files, PrintStream out, Path png) {
        if (files.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two result files, got " + files.size());
        }
        List<Map<String, JmhResults.Score>> runs = new ArrayList<>();
        for (Path f : files) {
            runs.add(JmhResults.scores(f));
        }
        Set<String> keys = runs.get(0).keySet();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            Set<String> missing = new LinkedHashSet<>(keys);
            missing.removeAll(runs.get(i).keySet());
            Set<String> extra = new LinkedHashSet<>(runs.get(i).keySet());
            extra.removeAll(keys);
            for (String k : missing) {
                problems.add(files.get(i) + " lacks " + k);
            }
            for (String k : extra) {
                problems.add(files.get(i) + " has " + k + ", which " + files.get(0) + " lacks");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the result files do not measure the same benchmarks and parameters:\n  "
                    + String.join("\n  ", problems));
        }
        CategoryChart chart = png == null ? null : new CategoryChartBuilder().width(1200).height(900)
                .title("Score relative to " + files.get(0).getFileName()).xAxisTitle("benchmark").yAxisTitle("ratio").build();
        List<String> labels = new ArrayList<>();
        List<List<Double>> ratios = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            ratios.add(new ArrayList<>());
        }
        String current = null;
        for (String key : keys) {
            JmhResults.Score base = runs.get(0).get(key);
            if (!base.benchmark().equals(current)) {
                current = base.benchmark();
                out.println();
                out.println("### " + current);
                out.println();
                StringBuilder h = new StringBuilder("| params |");
                StringBuilder sep = new StringBuilder("|---|");
                for (int i = 0; i < files.size(); i++) {
                    h.append(' ').append(files.get(i).getFileName()).append(" |");
                    sep.append("---|");
                    if (i > 0) {
                        h.append(" ratio |");
                        sep.append("---|");
                    }
                }
                out.println(h);
                out.println(sep);
            }
            StringBuilder row = new StringBuilder("| " + base.params() + " |");
            for (int i = 0; i < runs.size(); i++) {
                JmhResults.Score s = runs.get(i).get(key);
                row.append(String.format(Locale.ROOT, " %.4g ± %.2g %s |", s.score(), s.error(), s.unit()));
                double ratio = s.score() / base.score();
                ratios.get(i).add(ratio);
                if (i > 0) {
                    boolean significant = Math.abs(s.score() - base.score()) > s.error() + base.error();
                    row.append(String.format(Locale.ROOT, " %.3f%s |", ratio, significant ? " *" : ""));
                }
            }
            out.println(row);
            labels.add(shortName(base.benchmark()) + " " + base.params());
        }
        out.println();
        out.println("`*`: the difference exceeds the two scores' combined error.");
        if (chart != null) {
            for (int i = 0; i < runs.size(); i++) {
                chart.addSeries(files.get(i).getFileName().toString(), labels, ratios.get(i));
            }
            chart.getStyler().setXAxisLabelRotation(60);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
            try {
                String base = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4)
                        : png.toString();
                BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
            }
        }
    }

    private static String shortName(String benchmark) {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }
}
