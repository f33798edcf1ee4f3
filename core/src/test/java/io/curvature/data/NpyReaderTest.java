package io.curvature.data;

import io.curvature.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyReaderTest {

    @TempDir
    Path dir;

    static final double[][] SMALL = {{1.5, -2, 3}, {4, 5.25, -6}};

    @Test
    void float64DataThatDoNotStartOnAnEightByteBoundaryAreCopiedNotMapped() throws IOException {
        // a valid version 1.0 header whose data start at byte 76: mapping would give unaligned doubles
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        StringBuilder header = new StringBuilder(dict);
        while (10 + header.length() + 1 < 76) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(76 + 6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int k = 0; k < 6; k++) {
            b.putDouble(k + 0.5);
        }
        Path file = dir.resolve("unaligned.npy");
        Files.write(file, b.array());
        try (DenseMatrix m = NpyReader.readMatrix(file)) {
            assertArrayEquals(new double[][] {{0.5, 1.5, 2.5}, {3.5, 4.5, 5.5}}, m.toArray());
        }
    }

    @Test
    void realDataIsMemoryMappedWithoutCopy() {
        try (DenseMatrix x = NpyReader.readMatrix(SharedData.path("breast_cancer.X.npy"));
             DenseVector y = NpyReader.readVector(SharedData.path("breast_cancer.y.npy"))) {
            assertEquals(569, x.rows());
            assertEquals(30, x.cols());
            assertTrue(x.segment().isMapped(), "little-endian float64 C order is mapped, not copied");
            assertEquals(0, x.segment().address() % 64, "numpy aligns the data to 64 bytes in the file");
            assertEquals(1.0970639814699807, x.get(0, 0), 0.0);
            assertEquals(-2.0733350146975935, x.get(0, 1), 0.0);
            assertEquals(569, y.length());
            double sum = 0;
            for (long i = 0; i < y.length(); i++) {
                assertTrue(y.get(i) == 0 || y.get(i) == 1);
                sum += y.get(i);
            }
            assertEquals(357, sum, 0.0, "benign cases in the Wisconsin data");
        }
    }

    @Test
    void npyAgreesWithCsv() {
        try (DenseMatrix x = NpyReader.readMatrix(SharedData.path("diabetes.X.npy"));
             Dataset csv = CsvReader.read(SharedData.path("diabetes.csv"))) {
            assertArrayEquals(x.toArray(), csv.x().toArray());
        }
    }

    @Test
    void writerRoundTrip() {
        Path f = dir.resolve("m.npy");
        try (DenseMatrix m = DenseMatrix.of(SMALL)) {
            NpyWriter.write(f, m);
        }
        try (DenseMatrix back = NpyReader.readMatrix(f)) {
            assertArrayEquals(SMALL, back.toArray());
            assertTrue(back.segment().isMapped());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void versionsOrdersAndTypesConvert(int major) throws IOException {
        double[] flat = {1.5, -2, 3, 4, 5.25, -6};
        double[] fortran = {1.5, 4, -2, 5.25, 3, -6};
        check(NpyFiles.write(dir.resolve("a.npy"), major, "<f8", false, "(2, 3)", NpyFiles.floats(ByteOrder.LITTLE_ENDIAN, false, flat)), true);
        check(NpyFiles.write(dir.resolve("b.npy"), major, ">f8", false, "(2, 3)", NpyFiles.floats(ByteOrder.BIG_ENDIAN, false, flat)), false);
        check(NpyFiles.write(dir.resolve("c.npy"), major, "<f4", false, "(2, 3)", NpyFiles.floats(ByteOrder.LITTLE_ENDIAN, true, flat)), false);
        check(NpyFiles.write(dir.resolve("d.npy"), major, ">f4", true, "(2, 3)", NpyFiles.floats(ByteOrder.BIG_ENDIAN, true, fortran)), false);
        check(NpyFiles.write(dir.resolve("e.npy"), major, "<f8", true, "(2, 3)", NpyFiles.floats(ByteOrder.LITTLE_ENDIAN, false, fortran)), false);
    }

    private static void check(Path file, boolean mapped) {
        try (DenseMatrix m = NpyReader.readMatrix(file)) {
            assertArrayEquals(SMALL, m.toArray(), file.getFileName().toString());
            assertEquals(mapped, m.segment().isMapped(), file.getFileName().toString());
        }
    }

    @Test
    void integerLabelsConvert() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(1).putLong(-3);
        Path f = NpyFiles.write(dir.resolve("i.npy"), 1, "<i8", false, "(3,)", b.array());
        try (DenseVector v = NpyReader.readVector(f)) {
            assertArrayEquals(new double[] {0, 1, -3}, v.toArray());
        }
        Path u = NpyFiles.write(dir.resolve("u.npy"), 1, "|u1", false, "(3,)", new byte[] {0, 1, (byte) 200});
        try (DenseVector v = NpyReader.readVector(u)) {
            assertArrayEquals(new double[] {0, 1, 200}, v.toArray());
        }
    }

    @Test
    void columnVectorReadsAsVector() throws IOException {
        Path f = NpyFiles.write(dir.resolve("col.npy"), 1, "<f8", false, "(3, 1)", NpyFiles.floats(ByteOrder.LITTLE_ENDIAN, false, 1, 2, 3));
        try (DenseVector v = NpyReader.readVector(f)) {
            assertArrayEquals(new double[] {1, 2, 3}, v.toArray());
        }
    }

    private String failure(Path f, boolean matrix) {
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> {
                    if (matrix) {
                        NpyReader.readMatrix(f).close();
                    } else {
                        NpyReader.readVector(f).close();
                    }
                });
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void badFilesNameTheProblem() throws IOException {
        Path obj = NpyFiles.write(dir.resolve("obj.npy"), 1, "|O", false, "(2,)", new byte[16]);
        assertEquals("object arrays are not supported", failure(obj, false));

        Path cplx = NpyFiles.write(dir.resolve("c.npy"), 1, "<c16", false, "(2,)", new byte[32]);
        assertEquals("unsupported dtype '<c16' (float64, float32 and integer types are supported)", failure(cplx, false));

        Path rank1 = NpyFiles.write(dir.resolve("r1.npy"), 1, "<f8", false, "(3,)", new byte[24]);
        assertEquals("expected a 2-D array (n x d), found shape (3,)", failure(rank1, true));

        Path rank3 = NpyFiles.write(dir.resolve("r3.npy"), 1, "<f8", false, "(1, 2, 3)", new byte[48]);
        assertEquals("expected a 1-D array, found shape (1, 2, 3)", failure(rank3, false));

        Path truncated = NpyFiles.write(dir.resolve("t.npy"), 1, "<f8", false, "(10, 3)", new byte[100]);
        assertEquals("file truncated: shape (10, 3) of <f8 needs 240 bytes of data after offset 128, file has 100",
                failure(truncated, true));

        Path magic = dir.resolve("m.npy");
        Files.write(magic, "hello, not numpy at all".getBytes());
        assertEquals("not a .npy file (bad magic bytes)", failure(magic, true));

        Path version = NpyFiles.write(dir.resolve("v.npy"), 1, "<f8", false, "(1, 1)", new byte[8]);
        byte[] bytes = Files.readAllBytes(version);
        bytes[6] = 4;
        Files.write(version, bytes);
        assertEquals("unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are supported)", failure(version, true));

        Path structured = dir.resolve("s.npy");
        Files.writeString(structured, "x");
        NpyFiles.write(structured, 1, "<f8", false, "(1,)", new byte[8]);
        bytes = Files.readAllBytes(structured);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'descr': '<f8'", "'descr': [('a','<f8')]");
        Files.write(structured, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals("structured dtypes (record arrays) are not supported", failure(structured, false));
    }

    @Test
    void nonFiniteValuesAreRejectedByDefault() throws IOException {
        Path f = NpyFiles.write(dir.resolve("nan.npy"), 1, "<f8", false, "(2, 3)",
                NpyFiles.floats(ByteOrder.LITTLE_ENDIAN, false, 1, 2, 3, 4, Double.NaN, 6));
        assertEquals("non-finite value NaN at row 1, column 1 (allow non-finite values explicitly to keep it)",
                failure(f, true));
        try (DenseMatrix m = NpyReader.readMatrix(f, true)) {
            assertTrue(Double.isNaN(m.get(1, 1)));
        }
    }

    @Test
    void sizeArithmeticBeyondTwoGibibytes() {
        // 300000 x 1200 float64 = 2.88e9 bytes: the header is checked against a file size without a file.
        NpyHeader h = NpyHeader.parse("big.npy", 1, "{'descr': '<f8', 'fortran_order': False, 'shape': (300000, 1200), }", 128);
        assertEquals(360_000_000L, h.elementCount());
        assertEquals(2_880_000_000L, h.dataBytes());
        assertTrue(h.isZeroCopy());
        NpyReader.validate(h, "big.npy", 128 + 2_880_000_000L);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyReader.validate(h, "big.npy", 2_000_000_000L));
        assertEquals("big.npy: file truncated: shape (300000, 1200) of <f8 needs 2880000000 bytes of data after offset 128, file has 1999999872",
                e.getMessage());
        NpyHeader huge = NpyHeader.parse("huge.npy", 2, "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 128);
        e = assertThrows(DataFormatException.class, () -> NpyReader.validate(huge, "huge.npy", 1L << 40));
        assertEquals("huge.npy: shape (4611686018427387904, 4) overflows 64-bit size arithmetic", e.getMessage());
    }

    @Test
    void useAfterCloseIsAJavaException() {
        DenseMatrix m = NpyReader.readMatrix(SharedData.path("diabetes.X.npy"));
        m.close();
        assertFalse(m.isOpen());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.get(0, 0));
        assertEquals("442x10 DenseMatrix used after close()", e.getMessage());
        m.close(); // idempotent
    }
}
