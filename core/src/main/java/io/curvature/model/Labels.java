package io.curvature.model;

import io.curvature.data.DataFormatException;
import io.curvature.data.DenseVector;

import java.util.Arrays;

/** The classes of a classifier's labels: any distinct finite values, sorted, coded {@code 0..K-1} for the objective. */
final class Labels {

    private Labels() {
    }

    /**
     * The distinct values of {@code y}, ascending.
     *
     * @throws DataFormatException naming the first non-finite label
     */
    static double[] distinct(DenseVector y, String source) {
        if (y.length() > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(source, "too many rows for a classifier's labels: " + y.length());
        }
        double[] v = y.toArray();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new DataFormatException(source, "label " + v[i] + " at row " + i + " is not a finite class value");
            }
        }
        Arrays.sort(v);
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (i == 0 || v[i] != v[k - 1]) {
                v[k++] = v[i] == 0 ? 0.0 : v[i]; // -0.0 and 0.0 are one class
            }
        }
        return Arrays.copyOf(v, k);
    }

    /** {@code y} with each label replaced by its index in {@code classes} (which holds every label). */
    static DenseVector encode(DenseVector y, double[] classes) {
        DenseVector codes = DenseVector.zeros(y.length());
        for (long i = 0; i < y.length(); i++) {
            double v = y.get(i);
            codes.set(i, Arrays.binarySearch(classes, v == 0 ? 0.0 : v));
        }
        return codes;
    }

    /** Up to the first few classes, for messages: {@code "0, 1, 2, ... (7 in all)"}. */
    static String list(double[] classes) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < Math.min(5, classes.length); c++) {
            sb.append(c == 0 ? "" : ", ").append(ClassificationModel.formatLabel(classes[c]));
        }
        if (classes.length > 5) {
            sb.append(", ... (").append(classes.length).append(" in all)");
        }
        return sb.toString();
    }
}
