package io.curvature.data;

import java.util.Arrays;

/** A growable {@code double[]} for readers that do not know the row count in advance. */
final class DoubleBuffer {

    private double[] values = new double[1024];
    private int size;

    void add(double v) {
        if (size == values.length) {
            if (size == Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("text data set too large for the in-memory reader; use .npy");
            }
            values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    double get(int i) {
        return values[i];
    }

    double[] array() {
        return values;
    }
}
