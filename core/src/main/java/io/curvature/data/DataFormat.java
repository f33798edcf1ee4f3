package io.curvature.data;

import java.nio.file.Path;
import java.util.Locale;

/** The data-file formats Curvature reads, and how a file's name selects one. */
public enum DataFormat {
    /** Comma-separated values with an optional header ({@link CsvReader}). */
    CSV,
    /** LIBSVM / svmlight text ({@link LibsvmReader}). */
    LIBSVM,
    /** A NumPy {@code .npy} matrix, memory-mapped ({@link NpyReader}); its labels come from a second {@code .npy}. */
    NPY;

    /**
     * The format a file name implies: {@code .npy}; {@code .svm}, {@code .libsvm}, {@code .txt}; anything else CSV.
     *
     * @param file a data file
     * @return its format
     */
    public static DataFormat of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".npy")) {
            return NPY;
        }
        if (n.endsWith(".svm") || n.endsWith(".libsvm") || n.endsWith(".txt")) {
            return LIBSVM;
        }
        return CSV;
    }

    /**
     * The format called {@code name} ({@code csv}, {@code libsvm} or {@code npy}, any case).
     *
     * @throws IllegalArgumentException for another name
     * @param name the format's name
     * @return the format
     */
    public static DataFormat byName(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + name + "' (csv, libsvm or npy)", e);
        }
    }
}
