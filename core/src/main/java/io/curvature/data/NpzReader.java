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
        DenseVector y;
        CsrMatrix x;
        try (DenseVector shape = vector(zip, "shape", source);
             DenseVector indptr = vector(zip, "indptr", source);
             DenseVector indices = vector(zip, "indices", source);
             DenseVector data = vector(zip, "data", source);
             CsrMatrix.Builder rows = CsrMatrix.builder()) {
            if (shape.length() != 2 || shape.get(0) < 0 || shape.get(1) < 0 || shape.get(1) > Integer.MAX_VALUE - 8
                    || indptr.length() != shape.get(0) + 1 || indices.length() != data.length()) {
                throw new DataFormatException(source, "inconsistent sparse arrays: shape "
                        + java.util.Arrays.toString(shape.toArray()) + ", " + indptr.length() + " row pointers, "
                        + indices.length() + " indices, " + data.length() + " values");
            }
            long n = (long) shape.get(0);
            int d = (int) shape.get(1);
            long nnz = data.length();
            // a row's (column, position) pairs as longs, sorted without boxing: columns sorted on read
            long[] keys = new long[16];
            for (long i = 0; i < n; i++) {
                long s = (long) indptr.get(i);
                long e = (long) indptr.get(i + 1);
                if (s != indptr.get(i) || e < s || e > nnz || (i == 0 && s != 0) || e - s > d) {
                    throw new DataFormatException(source, "row pointers are not 0 .. " + nnz
                            + " and non-decreasing at row " + i + (e - s > d ? " (a row longer than the columns)" : ""));
                }
                int len = (int) (e - s);
                if (keys.length < len) {
                    keys = new long[Math.max(len, 2 * keys.length)];
                }
                for (int k = 0; k < len; k++) {
                    double c = indices.get(s + k);
                    if (c != Math.rint(c) || c < 0 || c >= d) {
                        throw badColumn(source, i, c, d);
                    }
                    keys[k] = (long) c << 32 | k;
                }
                java.util.Arrays.sort(keys, 0, len);
                for (int k = 0; k < len; k++) {
                    int c = (int) (keys[k] >>> 32);
                    if (k > 0 && c == (int) (keys[k - 1] >>> 32)) {
                        throw badColumn(source, i, c, d);
                    }
                    double v = data.get(s + (int) keys[k]);
                    if (!Double.isFinite(v)) {
                        throw new DataFormatException(source, "row " + i + ": non-finite value " + v);
                    }
                    rows.add(c, v);
                }
                rows.endRow();
            }
            long last = n == 0 ? 0 : (long) indptr.get(n);
            if (last != nnz) {
                throw new DataFormatException(source, "the last row pointer is " + last + ", not the " + nnz + " values");
            }
            y = NpyReader.readVector(labels);
            if (y.length() != n) {
                y.close();
                throw new DataFormatException(source, "has " + n + " rows but " + labels + " has " + y.length()
                        + " labels");
            }
            x = rows.build(d);
        }
        return Dataset.ofSparse(x, y);
    }

    private static DataFormatException badColumn(String source, long row, double column, int d) {
        return new DataFormatException(source, "row " + row + ": column index " + column + " is outside 0.." + (d - 1)
                + " or repeated");
    }

    /** Array {@code name} of the archive, off-heap. */
    private static DenseVector vector(ZipFile zip, String name, String source) throws IOException {
        return unpacked(zip, name, source, p -> NpyReader.readVector(p));
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
