package io.curvature.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy's {@code .npz} archives ({@code numpy.savez} and {@code savez_compressed}): the features are the
 * array named {@code X} (or {@code x}), the labels the array named {@code y} (or {@code Y}). Each array is unpacked
 * to a temporary {@code .npy} file, read and validated by {@link NpyReader}, and the file removed. An archive of a
 * sparse matrix ({@code scipy.sparse.save_npz}, CSR) reads as sparse data, its labels from a separate {@code .npy}.
 */
public final class NpzReader {

    private NpzReader() {
    }

    /**
     * Reads the data set in {@code file}.
     *
     * @param file a {@code .npz} archive with arrays {@code X} and {@code y}
     * @return the data set
     * @throws DataFormatException   naming the archive (and the array) for anything malformed or missing
     * @throws UncheckedIOException when the archive cannot be read
     */
    public static Dataset read(Path file) {
        return read(file, null);
    }

    /**
     * Reads the data set in {@code file}: dense arrays {@code X} and {@code y}, or a sparse matrix written by
     * {@code scipy.sparse.save_npz} (CSR; columns sorted within rows on reading) with its labels in {@code labels}.
     *
     * @param file   a {@code .npz} archive
     * @param labels for a sparse archive, which holds no labels, a {@code .npy} vector of them; else {@code null}
     * @return the data set, {@code X} sparse for a sparse archive
     * @throws DataFormatException   naming the archive (and the array) for anything malformed or missing
     * @throws UncheckedIOException when the archive cannot be read
     */
    public static Dataset read(Path file, Path labels) {
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> arrays = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                    .forEach(n -> arrays.add(n.substring(0, n.length() - 4)));
            if (arrays.containsAll(List.of("data", "indices", "indptr", "shape"))) {
                return sparse(zip, source, labels);
            }
            String xName = first(arrays, "X", "x");
            String yName = first(arrays, "y", "Y");
            if (xName == null || yName == null) {
                throw new DataFormatException(source, "expected arrays named X and y (numpy.savez(file, X=X, y=y)), found "
                        + (arrays.isEmpty() ? "none" : String.join(", ", arrays)));
            }
            DenseMatrix x = unpacked(zip, xName, source, p -> NpyReader.readMatrix(p));
            DenseVector y;
            try {
                y = unpacked(zip, yName, source, p -> NpyReader.readVector(p));
            } catch (RuntimeException e) {
                x.close();
                throw e;
            }
            if (y.length() != x.rows()) {
                x.close();
                y.close();
                throw new DataFormatException(source, "array " + xName + " has " + x.rows() + " rows but " + yName
                        + " has " + y.length() + " entries");
            }
            return Dataset.of(x, y);
        } catch (ZipException e) {
            throw new DataFormatException(source, "not a .npz file (not a zip archive: " + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** A scipy.sparse CSR archive with its labels from a separate {@code .npy}. */
    private static Dataset sparse(ZipFile zip, String source, Path labels) throws IOException {
        if (labels == null) {
            throw new DataFormatException(source, "a sparse matrix (scipy.sparse.save_npz) holds no labels: give "
                    + "them as a .npy vector (the command line's --labels y.npy)");
        }
        ZipEntry format = zip.getEntry("format.npy");
        if (format != null) {
            try (InputStream in = zip.getInputStream(format)) {
                String text = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.ISO_8859_1);
                if (!text.contains("csr")) {
                    throw new DataFormatException(source, "a sparse matrix in another format than CSR: save "
                            + "matrix.tocsr() instead");
                }
            }
        }
        double[] shape = vector(zip, "shape", source);
        double[] indptr = vector(zip, "indptr", source);
        double[] indices = vector(zip, "indices", source);
        double[] data = vector(zip, "data", source);
        if (shape.length != 2 || shape[0] < 0 || shape[1] < 0 || shape[1] > Integer.MAX_VALUE - 8
                || indptr.length != shape[0] + 1 || indices.length != data.length) {
            throw new DataFormatException(source, "inconsistent sparse arrays: shape " + java.util.Arrays.toString(shape)
                    + ", " + indptr.length + " row pointers, " + indices.length + " indices, " + data.length + " values");
        }
        int n = (int) shape[0];
        int d = (int) shape[1];
        int nnz = data.length;
        long[] start = new long[n + 1];
        int[] columns = new int[nnz];
        double[] values = new double[nnz];
        Integer[] order = new Integer[0];
        for (int i = 0; i < n; i++) {
            long s = (long) indptr[i];
            long e = (long) indptr[i + 1];
            if (s != indptr[i] || e < s || e > nnz || (i == 0 && s != 0)) {
                throw new DataFormatException(source, "row pointers are not 0 .. " + nnz + " and non-decreasing at row " + i);
            }
            int len = (int) (e - s);
            if (order.length < len) {
                order = new Integer[len];
            }
            for (int k = 0; k < len; k++) {
                order[k] = (int) s + k;
            }
            java.util.Arrays.sort(order, 0, len, java.util.Comparator.comparingDouble(k -> indices[k])); // sorted on read
            for (int k = 0; k < len; k++) {
                double c = indices[order[k]];
                if (c != Math.rint(c) || c < 0 || c >= d || (k > 0 && c == indices[order[k - 1]])) {
                    throw new DataFormatException(source, "row " + i + ": column index " + c
                            + " is outside 0.." + (d - 1) + " or repeated");
                }
                columns[(int) s + k] = (int) c;
                values[(int) s + k] = data[order[k]];
                if (!Double.isFinite(values[(int) s + k])) {
                    throw new DataFormatException(source, "row " + i + ": non-finite value " + values[(int) s + k]);
                }
            }
            start[i + 1] = e;
        }
        if (start[n] != nnz) {
            throw new DataFormatException(source, "the last row pointer is " + start[n] + ", not the " + nnz + " values");
        }
        DenseVector y = NpyReader.readVector(labels);
        if (y.length() != n) {
            y.close();
            throw new DataFormatException(source, "has " + n + " rows but " + labels + " has " + y.length() + " labels");
        }
        return Dataset.ofSparse(CsrMatrix.of(d, start, columns, values, nnz), y);
    }

    private static double[] vector(ZipFile zip, String name, String source) throws IOException {
        try (DenseVector v = unpacked(zip, name, source, p -> NpyReader.readVector(p))) {
            return v.toArray();
        }
    }

    private static String first(List<String> names, String... wanted) {
        for (String w : wanted) {
            if (names.contains(w)) {
                return w;
            }
        }
        return null;
    }

    /** Unpacks array {@code name} to a temporary file (at most the memory budget), reads it, removes the file. */
    private static <T> T unpacked(ZipFile zip, String name, String source, java.util.function.Function<Path, T> read)
            throws IOException {
        ZipEntry entry = zip.getEntry(name + ".npy");
        Path tmp = Files.createTempFile("curvature-npz", ".npy");
        try {
            try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                long total = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    MemoryBudget.require(total, "array " + name + " of " + source);
                    out.write(buf, 0, n);
                }
            } catch (IllegalArgumentException e) {
                throw new DataFormatException(source, e.getMessage());
            }
            try {
                return read.apply(tmp);
            } catch (DataFormatException e) {
                throw new DataFormatException(source + " (array " + name + ")",
                        e.getMessage().replace(tmp + ": ", ""));
            }
        } finally {
            try {
                Files.deleteIfExists(tmp); // a memory-mapped array outlives its file's name
            } catch (IOException e) {
                tmp.toFile().deleteOnExit();
            }
        }
    }
}
