package io.curvature.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes .npy files of any version, dtype and order byte by byte, as NumPy would, for reader tests. */
final class NpyFiles {

    private NpyFiles() {
    }

    static Path write(Path file, int major, String descr, boolean fortran, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int pre = major == 1 ? 10 : 12;
        int total = (pre + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - pre - dict.length() - 1) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(total + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            buf.putShort((short) header.length());
        } else {
            buf.putInt(header.length());
        }
        buf.put(header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)).put(data);
        Files.write(file, buf.array());
        return file;
    }

    /** {@code values} as float64 or float32 bytes in the given order. */
    static byte[] floats(ByteOrder order, boolean single, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * (single ? 4 : 8)).order(order);
        for (double v : values) {
            if (single) {
                b.putFloat((float) v);
            } else {
                b.putDouble(v);
            }
        }
        return b.array();
    }
}
