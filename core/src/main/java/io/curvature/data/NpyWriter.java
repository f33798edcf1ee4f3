package io.curvature.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes little-endian float64 C-order {@code .npy} files (format 1.0, data 64-byte aligned in the file). */
public final class NpyWriter {

    private NpyWriter() {
    }

    /**
     * Writes {@code m} as a 2-D array.
     *
     * @param file the file to write
     * @param m the matrix
     */
    public static void write(Path file, DenseMatrix m) {
        write(file, "(" + m.rows() + ", " + m.cols() + ")", m.segment());
    }

    /**
     * Writes {@code v} as a 1-D array.
     *
     * @param file the file to write
     * @param v the vector
     */
    public static void write(Path file, DenseVector v) {
        write(file, "(" + v.length() + ",)", v.segment());
    }

    /**
     * The header of an array of dtype {@code descr} and {@code shape} (a Python tuple), padded so that the data
     * start on a 64-byte boundary, as NumPy writes it, so a mapping is aligned.
     */
    static byte[] header(String descr, String shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int pre = 10;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (pre + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer head = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        head.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
        return head.array();
    }

    private static void write(Path file, String shape, MemorySegment data) {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("NpyWriter writes native little-endian data only");
        }
        ByteBuffer head = ByteBuffer.wrap(header("<f8", shape));
        int total = head.remaining();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            long pos = total;
            long size = data.byteSize();
            for (long off = 0; off < size; ) {
                int chunk = (int) Math.min(1 << 26, size - off);
                ByteBuffer buf = data.asSlice(off, chunk).asByteBuffer();
                while (buf.hasRemaining()) {
                    pos += ch.write(buf, pos);
                }
                off += chunk;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
