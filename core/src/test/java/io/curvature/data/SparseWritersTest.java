package io.curvature.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LIBSVM and scipy CSR {@code .npz} writers: what they write reads back to the same bits. */
class SparseWritersTest {

    @TempDir
    Path dir;

    /** Random sparse rows: some empty, values of every magnitude, the last column used so the width is kept. */
    private static Dataset randomSparse(int n, int d, long seed) {
        Random rnd = new Random(seed);
        long[] start = new long[n + 1];
        int[] cols = new int[n * d];
        double[] vals = new double[n * d];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                if (i % 5 != 3 && (rnd.nextInt(4) == 0 || (i == 0 && j == d - 1))) {
                    cols[nnz] = j;
                    vals[nnz] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
                    nnz++;
                }
            }
            start[i + 1] = nnz;
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3 == 0 ? -1 : 2.5;
        }
        return Dataset.ofSparse(CsrMatrix.of(d, start, cols, vals, nnz), DenseVector.of(y));
    }

    private static void assertSameSparse(Dataset expected, Dataset actual) {
        CsrMatrix a = expected.sparseX();
        CsrMatrix b = actual.sparseX();
        assertEquals(a.rows(), b.rows());
        assertEquals(a.cols(), b.cols());
        assertEquals(a.nonzeros(), b.nonzeros());
        for (long i = 0; i <= a.rows(); i++) {
            assertEquals(a.rowStart(i), b.rowStart(i), "row pointer " + i);
        }
        for (long k = 0; k < a.nonzeros(); k++) {
            assertEquals(a.column(k), b.column(k), "column of entry " + k);
            assertEquals(Double.doubleToRawLongBits(a.value(k)), Double.doubleToRawLongBits(b.value(k)), "entry " + k);
        }
        assertArrayEquals(expected.y().toArray(), actual.y().toArray());
    }

    @Test
    void libsvmRoundTripsSparseDataBitForBit() {
        Path file = dir.resolve("data.svm");
        try (Dataset data = randomSparse(57, 13, 1)) {
            LibsvmWriter.write(file, data);
            try (Dataset read = LibsvmReader.readSparse(file)) {
                assertSameSparse(data, read);
            }
        }
    }

    @Test
    void libsvmWritesDenseDataWithoutItsZeros() throws IOException {
        Path file = dir.resolve("dense.svm");
        try (Dataset data = Dataset.of(DenseMatrix.of(new double[][] {{0, 1.5, 0}, {3, 0, -0.1}}),
                DenseVector.of(new double[] {1, 0}))) {
            LibsvmWriter.write(file, data);
            assertEquals(List.of("1 2:1.5", "0 1:3 3:-0.1"), Files.readAllLines(file));
            try (Dataset read = LibsvmReader.read(file)) {
                assertArrayEquals(data.x().toArray(), read.x().toArray());
            }
        }
    }

    @Test
    void libsvmRefusesNonFiniteValuesAndLeavesTheFileAsItWas() throws IOException {
        Path file = dir.resolve("kept.svm");
        Files.writeString(file, "old\n");
        try (Dataset data = Dataset.of(DenseMatrix.of(new double[][] {{1, 2}, {3, Double.NaN}}),
                DenseVector.of(new double[] {1, 0}))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LibsvmWriter.write(file, data));
            assertEquals("cannot write " + file + ": row 2, column 2 is NaN (LIBSVM holds finite numbers only)",
                    e.getMessage());
        }
        assertEquals("old\n", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void npzRoundTripsCsrBitForBitWithLabelsBeside() {
        Path npz = dir.resolve("x.npz");
        Path labels = dir.resolve("y.npy");
        try (Dataset data = randomSparse(41, 9, 2)) {
            NpzWriter.writeCsr(npz, data.sparseX());
            NpyWriter.write(labels, data.y());
            try (Dataset read = DataFiles.read(npz, DataFormat.NPZ, labels, null)) {
                assertTrue(read.isSparse());
                assertSameSparse(data, read);
            }
        }
    }

    @Test
    void npzHoldsTheArraysScipyExpects() throws IOException {
        Path npz = dir.resolve("x.npz");
        try (Dataset data = randomSparse(7, 4, 3)) {
            NpzWriter.writeCsr(npz, data.sparseX());
        }
        try (ZipFile zip = new ZipFile(npz.toFile())) {
            assertEquals(List.of("data.npy", "indices.npy", "indptr.npy", "shape.npy", "format.npy"),
                    zip.stream().map(java.util.zip.ZipEntry::getName).toList());
            String format = new String(zip.getInputStream(zip.getEntry("format.npy")).readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(format.contains("'descr': '|S3'") && format.contains("'shape': ()") && format.endsWith("csr"),
                    format);
            String indices = new String(zip.getInputStream(zip.getEntry("indices.npy")).readNBytes(64),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(indices.contains("'descr': '<i4'"), indices);
        }
    }

    @Test
    void anUnwritableTargetIsNamed() {
        try (Dataset data = randomSparse(3, 3, 4)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> NpzWriter.writeCsr(dir.resolve("missing/x.npz"), data.sparseX()));
            assertEquals("cannot write " + dir.resolve("missing/x.npz") + ": no such directory", e.getMessage());
        }
    }
}
