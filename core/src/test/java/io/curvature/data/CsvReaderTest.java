package io.curvature.data;

import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvReaderTest {

    @TempDir
    Path dir;

    Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("d.csv"), text);
    }

    @Test
    void realDataMatchesNpy() {
        try (Dataset ds = CsvReader.read(SharedData.path("breast_cancer.csv"));
             DenseMatrix x = NpyReader.readMatrix(SharedData.path("breast_cancer.X.npy"));
             DenseVector y = NpyReader.readVector(SharedData.path("breast_cancer.y.npy"))) {
            assertArrayEquals(x.toArray(), ds.x().toArray());
            assertArrayEquals(y.toArray(), ds.y().toArray());
            assertEquals("x0", ds.featureNames()[0]);
            assertEquals(30, ds.featureNames().length);
        }
    }

    @Test
    void labelByNameOrIndexAndNoHeader() throws IOException {
        Path f = csv("a,label,b\n1,0,2\n3,1,4\n");
        try (Dataset ds = CsvReader.read(f, CsvReader.Options.defaults().withLabel("label"))) {
            assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, ds.x().toArray());
            assertArrayEquals(new double[] {0, 1}, ds.y().toArray());
            assertArrayEquals(new String[] {"a", "b"}, ds.featureNames());
        }
        try (Dataset ds = CsvReader.read(f, CsvReader.Options.defaults().withLabel("0"))) {
            assertArrayEquals(new double[] {1, 3}, ds.y().toArray());
        }
        Path g = Files.writeString(dir.resolve("n.csv"), "1;2;3\n4;5;6\n\n");
        try (Dataset ds = CsvReader.read(g, CsvReader.Options.defaults().withDelimiter(';'))) {
            assertNull(ds.featureNames());
            assertArrayEquals(new double[][] {{1, 2}, {4, 5}}, ds.x().toArray());
            assertArrayEquals(new double[] {3, 6}, ds.y().toArray());
        }
    }

    private String failure(Path f, CsvReader.Options o) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> CsvReader.read(f, o).close());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void errorsNameLineAndColumn() throws IOException {
        CsvReader.Options o = CsvReader.Options.defaults();
        assertEquals("bad number 'abc' at line 3, column 2 (b)", failure(csv("a,b,y\n1,2,0\n3,abc,1\n"), o));
        assertEquals("missing value at line 2, column 1 (a)", failure(csv("a,b,y\n,2,0\n"), o));
        assertEquals("line 3 has 2 fields, expected 3 (ragged row)", failure(csv("a,b,y\n1,2,0\n1,2\n"), o));
        assertEquals("non-finite value NaN at line 2, column 2 (b) (allow non-finite values explicitly to keep it)",
                failure(csv("a,b,y\n1,NaN,0\n"), o));
        assertEquals("no column named 'z'; columns are a, b, y", failure(csv("a,b,y\n1,2,0\n"), o.withLabel("z")));
        assertEquals("label column index 5 is outside the 3 columns (0..2, or negative from the end)",
                failure(csv("a,b,y\n1,2,0\n"), o.withLabel("5")));
        assertEquals("label column 'y' given by name, but the file has no header", failure(csv("1,2,0\n"), o.withLabel("y")));
        assertEquals("empty file: no rows", failure(csv(""), o));
        assertEquals("no data rows after the header", failure(csv("a,b,y\n"), o));
        assertEquals("bad number '1.5d' at line 2, column 1 (a)", failure(csv("a,b,y\n1.5d,2,0\n"), o));
        try (Dataset ds = CsvReader.read(csv("a,b,y\n1,NaN,0\n"), o.withAllowNonFinite(true))) {
            assertTrue(Double.isNaN(ds.x().get(0, 1)));
        }
    }
}
