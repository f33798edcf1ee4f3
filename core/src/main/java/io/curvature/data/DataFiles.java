package io.curvature.data;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a data set from files in any format Curvature knows, the one entry point of the library and the command line. */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * Reads a CSV (label in the last column) or LIBSVM file, the format chosen by the file name; LIBSVM into sparse
     * storage, as {@link #read(Path, DataFormat, Path, String)}.
     *
     * @param file the data
     * @return its rows and labels
     */
    public static Dataset read(Path file) {
        return read(file, DataFormat.of(file), null, "-1");
    }

    /**
     * Reads a data set: LIBSVM and a CSR {@code .npz} into sparse storage (only the entries written, however large
     * the largest index; {@link LibsvmReader#read} makes a dense one), CSV and {@code .npy} dense.
     *
     * @param file   the data (for {@link DataFormat#NPY}, the matrix {@code X})
     * @param format the format
     * @param labels for {@link DataFormat#NPY} and a sparse {@code .npz}, the {@code .npy} file of labels
     * @param label  for {@link DataFormat#CSV}, the label column (a name, or an index, negative from the end)
     * @throws DataFormatException for bad content, naming file, line and column
     * @throws java.io.UncheckedIOException when a file cannot be read
     * @return the rows and labels
     */
    public static Dataset read(Path file, DataFormat format, Path labels, String label) {
        if (!Files.isReadable(file)) {
            String why = Files.exists(file) ? "permission denied" : "no such file";
            throw new UncheckedIOException("cannot read " + file + ": " + why, new NoSuchFileException(file.toString()));
        }
        return switch (format) {
            case CSV -> CsvReader.read(file, CsvReader.Options.defaults().withLabel(label));
            case LIBSVM -> LibsvmReader.readSparse(file);
            case NPZ -> NpzReader.read(file, labels);
            case NPY -> {
                if (labels == null) {
                    throw new DataFormatException(file.toString(), "an .npy matrix needs its labels in a second .npy file");
                }
                DenseMatrix x = NpyReader.readMatrix(file);
                DenseVector y;
                try {
                    y = NpyReader.readVector(labels);
                } catch (RuntimeException e) {
                    x.close();
                    throw e;
                }
                if (y.length() != x.rows()) {
                    x.close();
                    y.close();
                    throw new DataFormatException(file.toString(), "has " + x.rows() + " rows but " + labels + " has "
                            + y.length() + " labels");
                }
                yield Dataset.of(x, y);
            }
        };
    }

    /**
     * Where the label of data row {@code row} of a text data file is ({@code "line 5, column 2 (y)"} for CSV,
     * {@code "line 3, column 1"} for LIBSVM), for a message about a label found unusable after reading; {@code null}
     * for {@code .npy} and {@code .npz} or when unknown.
     *
     * @param file   the data file
     * @param format its format
     * @param label  the CSV label column as read (name or index; null for the last)
     * @param row    a 0-based row
     * @return the place, or null
     */
    public static String placeOfLabel(Path file, DataFormat format, String label, long row) {
        return switch (format) {
            case CSV -> CsvReader.placeOfLabel(file, CsvReader.Options.defaults().withLabel(label == null ? "-1" : label),
                    row);
            case LIBSVM -> LibsvmReader.placeOfLabel(file, row);
            case NPY, NPZ -> null;
        };
    }
}
