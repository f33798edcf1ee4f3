package io.curvature.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** NumPy's .npz archives, as numpy.savez and savez_compressed wrote them (files made by NumPy, kept as resources). */
class NpzReaderTest {

    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(NpzReaderTest.class.getResource("/npz/" + name).toURI());
    }

    @Test
    void plainAndCompressedArchivesHoldTheSameData() throws Exception {
        try (Dataset expected = CsvReader.read(resource("expected.csv"));
             Dataset plain = DataFiles.read(resource("plain.npz"));
             Dataset compressed = DataFiles.read(resource("compressed.npz"))) {
            assertArrayEquals(expected.x().toArray(), plain.x().toArray());
            assertArrayEquals(expected.y().toArray(), plain.y().toArray());
            assertArrayEquals(expected.x().toArray(), compressed.x().toArray());
            assertArrayEquals(expected.y().toArray(), compressed.y().toArray());
        }
        assertEquals(DataFormat.NPZ, DataFormat.of(Path.of("a.npz")));
    }

    @Test
    void scipySparseArchivesReadAsSparseDataWithTheirLabels() throws Exception {
        try (Dataset expected = CsvReader.read(resource("expected.csv"));
             Dataset sparse = DataFiles.read(resource("sparse.npz"), DataFormat.NPZ, resource("labels6.npy"), null)) {
            assertEquals(true, sparse.isSparse());
            double[] row = new double[3];
            for (int i = 0; i < 6; i++) {
                sparse.rowInto(i, row);
                assertArrayEquals(expected.x().toArray()[i], row);
            }
            assertArrayEquals(new double[] {0, 1, 1, 0, 1, 0}, sparse.y().toArray());
        }
        try (Dataset unsorted = DataFiles.read(resource("unsorted.npz"), DataFormat.NPZ, resource("labels3.npy"), null)) {
            CsrMatrix x = unsorted.sparseX();
            assertEquals(0, x.column(0), "columns sorted on reading");
            assertEquals(1.0, x.value(0));
            assertEquals(2, x.column(1));
            assertEquals(3.0, x.value(1));
        }
    }

    @Test
    void whatCannotBeReadIsNamed() throws Exception {
        Path sparse = resource("sparse.npz");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(sparse));
        assertEquals(sparse + ": a sparse matrix (scipy.sparse.save_npz) holds no labels: give them as a .npy vector "
                + "(the command line's --labels y.npy)", e.getMessage());
        Path csc = resource("csc.npz");
        e = assertThrows(DataFormatException.class, () -> DataFiles.read(csc, DataFormat.NPZ, resource("labels3.npy"), null));
        assertEquals(csc + ": a sparse matrix in another format than CSR: save matrix.tocsr() instead", e.getMessage());
        Path other = resource("other_names.npz");
        e = assertThrows(DataFormatException.class, () -> DataFiles.read(other));
        assertEquals(other + ": expected arrays named X and y (numpy.savez(file, X=X, y=y)), found features, labels",
                e.getMessage());
        Path notZip = Files.writeString(dir.resolve("text.npz"), "not a zip archive");
        e = assertThrows(DataFormatException.class, () -> DataFiles.read(notZip));
        assertEquals(notZip + ": not a .npz file", e.getMessage().substring(0, (notZip + ": not a .npz file").length()));
    }

    @Test
    void aDamagedArrayInsideNamesTheArchiveAndTheArray() throws IOException, URISyntaxException {
        byte[] zip = Files.readAllBytes(resource("plain.npz"));
        // keep the archive valid but cut the data of X: rewrite it with a truncated X.npy
        Path cut = dir.resolve("cut.npz");
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(cut))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(bytes, 0, entry.getName().equals("X.npy") ? bytes.length - 40 : bytes.length);
                out.closeEntry();
            }
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(cut));
        assertEquals(cut + " (array X): ", e.getMessage().substring(0, (cut + " (array X): ").length()));
    }
}
