package io.curvature.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a sparse matrix as scipy.sparse's {@code save_npz} does for CSR: a zip archive of {@code data.npy}
 * (float64), {@code indices.npy} (int32), {@code indptr.npy} (int64), {@code shape.npy} (int64, rows and columns)
 * and {@code format.npy} ({@code b'csr'}), so that {@code scipy.sparse.load_npz} and {@link NpzReader} read it. The
 * labels go into a separate {@code .npy} ({@link NpyWriter}), as scipy keeps them. The file is replaced atomically.
 */
public final class NpzWriter {

    private NpzWriter() {
    }

    /**
     * Writes {@code x}.
     *
     * @param file the archive to write
     * @param x the matrix
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void writeCsr(Path file, CsrMatrix x) {
        long rows = x.rows();
        long nnz = x.nonzeros();
        AtomicFiles.write(file, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(new NonClosing(out))) {
                zip.setLevel(Deflater.BEST_SPEED);
                array(zip, "data", "<f8", "(" + nnz + ",)", nnz, 8, (k, b) -> b.putDouble(x.value(k)));
                array(zip, "indices", "<i4", "(" + nnz + ",)", nnz, 4, (k, b) -> b.putInt(x.column(k)));
                array(zip, "indptr", "<i8", "(" + (rows + 1) + ",)", rows + 1, 8, (i, b) -> b.putLong(x.rowStart(i)));
                long[] shape = {rows, x.cols()};
                array(zip, "shape", "<i8", "(2,)", 2, 8, (i, b) -> b.putLong(shape[(int) i]));
                zip.putNextEntry(new ZipEntry("format.npy"));
                zip.write(NpyWriter.header("|S3", "()"));
                zip.write("csr".getBytes(StandardCharsets.US_ASCII));
                zip.closeEntry();
            }
        });
    }

    /** Puts element {@code k} into the buffer. */
    @FunctionalInterface
    private interface Element {
        void put(long k, ByteBuffer into);
    }

    private static void array(ZipOutputStream zip, String name, String descr, String shape, long count, int size,
                              Element element) throws IOException {
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(NpyWriter.header(descr, shape));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (long k = 0; k < count; k++) {
            if (buf.remaining() < size) {
                zip.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            element.put(k, buf);
        }
        zip.write(buf.array(), 0, buf.position());
        zip.closeEntry();
    }

    /** The zip stream's close finishes the archive; the temporary file's stream is closed by its owner. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
