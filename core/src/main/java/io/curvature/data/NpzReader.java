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
 * to a temporary {@code .npy} file, read and validated by {@link NpyReader}, and the file removed; an archive of a
 * sparse matrix ({@code scipy.sparse.save_npz}) is recognised and refused with a message.
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
        String source = file.toString();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> arrays = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy"))
                    .forEach(n -> arrays.add(n.substring(0, n.length() - 4)));
            if (arrays.containsAll(List.of("data", "indices", "indptr", "shape"))) {
                throw new DataFormatException(source, "a sparse matrix (scipy.sparse.save_npz); Curvature reads dense "
                        + "arrays X and y from .npz (numpy.savez(file, X=X, y=y))");
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
