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
    NPY,
    /** A NumPy {@code .npz} archive with arrays {@code X} and {@code y} ({@link NpzReader}). */
    NPZ;

    /**
     * The format a file name implies: {@code .npy}; {@code .svm}, {@code .libsvm}, {@code .txt}; anything else CSV.
     *
     * @param file a data file
     * @return its format
     */
    public static DataFormat of(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".npy")) {
            return NPY;
        }
        if (n.endsWith(".npz")) {
            return NPZ;
        }
        if (n.endsWith(".svm") || n.endsWith(".libsvm")) {
            return LIBSVM;
        }
        if (n.endsWith(".txt")) {
            return firstDataLineHasComma(file) ? CSV : LIBSVM;
        }
        return CSV;
    }

    private static boolean firstDataLineHasComma(Path file) {
        try (java.io.BufferedReader in = TextFiles.open(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                if (!content.isBlank()) {
                    return content.contains(",");
                }
            }
        } catch (java.io.IOException e) {
            // unreadable: the reader will say why
        }
        return false;
    }

    /**
     * The format called {@code name} ({@code csv}, {@code libsvm}, {@code npy} or {@code npz}, any case).
     *
     * @throws IllegalArgumentException for another name
     * @param name the format's name
     * @return the format
     */
    public static DataFormat byName(String name) {
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown format '" + name + "' (csv, libsvm, npy or npz)", e);
        }
    }
}
