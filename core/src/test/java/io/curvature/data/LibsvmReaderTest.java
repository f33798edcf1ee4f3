package io.curvature.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LibsvmReaderTest {

    @TempDir
    Path dir;

    Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("d.svm"), text);
    }

    @Test
    void sparseRowsBecomeDense() throws IOException {
        Path f = file("# a comment\n+1 1:0.5 3:-2\n-1 2:4 # trailing comment\n\n0\n");
        try (Dataset ds = LibsvmReader.read(f)) {
            assertArrayEquals(new double[][] {{0.5, 0, -2}, {0, 4, 0}, {0, 0, 0}}, ds.x().toArray());
            assertArrayEquals(new double[] {1, -1, 0}, ds.y().toArray());
        }
        try (Dataset ds = LibsvmReader.read(f, 5, false)) {
            assertEquals(5, ds.features());
        }
    }

    @Test
    void roundTripOfRealDataThroughLibsvmText() throws IOException {
        try (Dataset csv = CsvReader.read(io.curvature.testing.SharedData.path("diabetes.csv"))) {
            StringBuilder sb = new StringBuilder();
            double[][] x = csv.x().toArray();
            double[] y = csv.y().toArray();
            for (int i = 0; i < x.length; i++) {
                sb.append(y[i]);
                for (int j = 0; j < x[i].length; j++) {
                    if (x[i][j] != 0) {
                        sb.append(' ').append(j + 1).append(':').append(x[i][j]);
                    }
                }
                sb.append('\n');
            }
            try (Dataset back = LibsvmReader.read(file(sb.toString()), 10, false)) {
                assertArrayEquals(x, back.x().toArray());
                assertArrayEquals(y, back.y().toArray());
            }
        }
    }

    private String failure(String text, int features) throws IOException {
        Path f = file(text);
        DataFormatException e = assertThrows(DataFormatException.class, () -> LibsvmReader.read(f, features, false).close());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void errorsNameLineColumnAndToken() throws IOException {
        assertEquals("line 2, column 1: bad label 'x'", failure("1 1:2\nx 1:2\n", 0));
        assertEquals("line 1, column 7: token '3' is not index:value", failure("1 1:2 3\n", 0));
        assertEquals("line 1, column 3: bad feature index '-1' in '-1:2' (indices are integers from 1, or from 0 in a "
                + "zero-based file)", failure("1 -1:2\n", 0));
        assertEquals("line 1, column 7: index 2 is not greater than the previous index 3 (indices must increase)",
                failure("1 3:1 2:2\n", 0));
        assertEquals("line 1, column 5: bad value of '2:abc' 'abc'", failure("1 2:abc\n", 0));
        assertEquals("line 1, column 3: index 4 exceeds the declared 3 features", failure("1 4:1\n", 3));
        assertEquals("line 1, column 5: non-finite value inf (allow non-finite values explicitly to keep it)",
                failure("1 1:inf\n", 0));
        assertEquals("line 3, column 13: token 'x' is not index:value", failure("1 1:2\n# c\n  -1\tqid:4  x 2:1\n", 0),
                "leading blanks, a tab and a qid counted in the column");
        assertEquals("line 1, column 7: bad feature index '' in ':2' (indices are integers from 1, or from 0 in a "
                + "zero-based file)", failure("1 1:1 :2 # :x\n", 0));
        assertEquals("no data lines", failure("# nothing\n", 0));
    }

    /** Rows over many parsing batches (and a few lines long enough to end a batch early), with blank and comment lines. */
    private static String manyRows(int rows, java.util.Random rnd, double[] labels, java.util.List<int[]> cols,
                                   java.util.List<double[]> vals) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            if (i % 97 == 0) {
                sb.append("# comment ").append(i).append("\n\n");
            }
            int k = i % 1000 == 999 ? 120_000 : rnd.nextInt(6); // a line of about 2 MB now and then
            int[] c = new int[k];
            double[] v = new double[k];
            int col = 0;
            labels[i] = rnd.nextInt(2);
            sb.append((int) labels[i]);
            for (int e = 0; e < k; e++) {
                col += 1 + rnd.nextInt(5);
                c[e] = col - 1;
                v[e] = rnd.nextGaussian();
                sb.append(' ').append(col).append(':').append(v[e]);
            }
            cols.add(c);
            vals.add(v);
            sb.append('\n');
        }
        return sb.toString();
    }

    @Test
    void rowsOverManyBatchesKeepTheirOrderAndValues() throws IOException {
        int rows = 3 * LibsvmBatch.LINES + 17;
        double[] labels = new double[rows];
        java.util.List<int[]> cols = new java.util.ArrayList<>();
        java.util.List<double[]> vals = new java.util.ArrayList<>();
        Path f = file(manyRows(rows, new java.util.Random(7), labels, cols, vals));
        try (Dataset ds = LibsvmReader.readSparse(f)) {
            CsrMatrix x = ds.sparseX();
            assertEquals(rows, ds.samples());
            assertArrayEquals(labels, ds.y().toArray());
            for (int i = 0; i < rows; i++) {
                long start = x.rowStart(i);
                assertEquals(cols.get(i).length, x.rowStart(i + 1) - start, "row " + i);
                for (int e = 0; e < cols.get(i).length; e++) {
                    assertEquals(cols.get(i)[e], x.column(start + e), "row " + i);
                    assertEquals(vals.get(i)[e], x.value(start + e), "row " + i);
                }
            }
        }
    }

    @Test
    void theFirstBadLineOfTheFileIsReportedWhicheverBatchFinishesFirst() throws IOException {
        StringBuilder sb = new StringBuilder();
        int lines = 4 * LibsvmBatch.LINES;
        for (int i = 1; i <= lines; i++) {
            sb.append(i == 1500 ? "1 2:x" : i == 3900 ? "1 3:1 2:1" : "1 1:0.5 2:0.25").append('\n');
        }
        assertEquals("line 1500, column 5: bad value of '2:x' 'x'", failure(sb.toString(), 0));
    }
}
