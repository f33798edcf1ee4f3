package io.curvature.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one entry point of the readers: formats by name and content, compressed files, and messages that say why. */
class DataFilesTest {

    @TempDir
    Path dir;

    private static final String CSV = "a,b,y\n1,2,0\n3,4,1\n5,6,0\n";
    private static final String SVM = "0 1:1 2:2\n1 1:3 2:4\n0 1:5 2:6\n";

    private Path gzip(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    /** The same rows, labels and storage (dense or sparse). */
    private static void assertSameData(Dataset a, Dataset b) {
        try (a; b) {
            assertEquals(a.isSparse(), b.isSparse());
            assertEquals(a.samples(), b.samples());
            double[] rowA = new double[a.features()];
            double[] rowB = new double[b.features()];
            for (long i = 0; i < a.samples(); i++) {
                a.rowInto(i, rowA);
                b.rowInto(i, rowB);
                assertArrayEquals(rowA, rowB, "row " + i);
            }
            assertArrayEquals(a.y().toArray(), b.y().toArray());
        }
    }

    @Test
    void compressedFilesReadAsTheirPlainCopies() throws IOException {
        assertSameData(DataFiles.read(Files.writeString(dir.resolve("d.csv"), CSV)), DataFiles.read(gzip("d.csv.gz", CSV)));
        assertSameData(DataFiles.read(Files.writeString(dir.resolve("d.svm"), SVM)), DataFiles.read(gzip("d.svm.gz", SVM)));
        assertEquals(DataFormat.LIBSVM, DataFormat.of(dir.resolve("d.svm.gz")));
    }

    @Test
    void aTxtFileIsRecognisedByItsContent() throws IOException {
        assertEquals(DataFormat.CSV, DataFormat.of(Files.writeString(dir.resolve("c.txt"), CSV)));
        assertEquals(DataFormat.LIBSVM, DataFormat.of(Files.writeString(dir.resolve("s.txt"), SVM)));
        assertSameData(DataFiles.read(dir.resolve("c.txt")), DataFiles.read(Files.writeString(dir.resolve("c.csv"), CSV)));
    }

    @Test
    void textThatIsNotUtf8SaysWhere() throws IOException {
        byte[] bytes = (CSV + "7,8,1\n").getBytes(StandardCharsets.UTF_8);
        bytes[CSV.length() + 2] = (byte) 0xff;
        Path bad = Files.write(dir.resolve("latin.csv"), bytes);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DataFiles.read(bad));
        assertEquals("cannot read " + bad + ": not UTF-8 text (byte offset " + (CSV.length() + 2)
                + "); convert it to UTF-8 first", e.getMessage());
    }

    @Test
    void anotherSeparatorGetsAHint() throws IOException {
        Path semi = Files.writeString(dir.resolve("semi.csv"), "a;b;y\n1;2;0\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(semi));
        assertEquals(semi + ": needs at least two columns (features and a label), found 1 (the line is separated by "
                + "semicolons, not commas: convert it to comma-separated values)", e.getMessage());
        Path tabs = Files.writeString(dir.resolve("tabs.csv"), "a\tb\ty\n1\t2\t0\n");
        e = assertThrows(DataFormatException.class, () -> DataFiles.read(tabs));
        assertEquals(tabs + ": needs at least two columns (features and a label), found 1 (the line is separated by "
                + "tabs, not commas: convert it to comma-separated values)", e.getMessage());
    }

    @Test
    void anIndexTooLargeForDenseStorageIsRefusedBeforeAllocating() throws IOException {
        Path huge = Files.writeString(dir.resolve("huge.svm"), "1 1:0.5 2147483647:1\n" + "0 2:1.5\n".repeat(99));
        try (Dataset sparse = DataFiles.read(huge)) { // the library's entry point stores only the entries
            assertTrue(sparse.isSparse());
            assertEquals(2147483647, sparse.features());
            assertEquals(101, sparse.sparseX().nonzeros());
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> LibsvmReader.read(huge));
        assertEquals(huge + ": a 100 x 2147483647 matrix needs 1.72e+03 GB, more than the "
                + String.format(java.util.Locale.ROOT, "%.3g", MemoryBudget.bytes() / 1e9)
                + " GB this process may use as dense storage (the largest index, 2147483647, sets the column count; "
                + "readSparse stores only the nonzeros)",
                e.getMessage());
    }

    @Test
    void matrixAndLabelsOfDifferentLengthsNameBothFiles() {
        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        try (DenseMatrix m = DenseMatrix.zeros(20, 2); DenseVector v = DenseVector.zeros(19)) {
            NpyWriter.write(x, m);
            NpyWriter.write(y, v);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(x, DataFormat.NPY, y, null));
        assertEquals(x + ": has 20 rows but " + y + " has 19 labels", e.getMessage());
    }

    @Test
    void zeroBasedIndicesAndQueryIdsAreUnderstood() throws IOException {
        Path oneBased = Files.writeString(dir.resolve("one.svm"), "1 qid:3 1:0.5 3:2\n0 qid:3 2:1\n");
        Path zeroBased = Files.writeString(dir.resolve("zero.svm"), "1 0:0.5 2:2\n0 1:1\n");
        try (Dataset a = LibsvmReader.read(oneBased); Dataset b = LibsvmReader.read(zeroBased);
             Dataset c = LibsvmReader.readSparse(zeroBased)) {
            assertArrayEquals(new double[][] {{0.5, 0, 2}, {0, 1, 0}}, a.x().toArray());
            assertArrayEquals(a.x().toArray(), b.x().toArray());
            double[] row = new double[3];
            c.rowInto(0, row);
            assertArrayEquals(new double[] {0.5, 0, 2}, row);
        }
    }
}
