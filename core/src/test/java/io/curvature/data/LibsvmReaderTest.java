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
}
