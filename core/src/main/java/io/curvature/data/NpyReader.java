package io.curvature.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads NumPy {@code .npy} files (format versions 1.0, 2.0, 3.0) into off-heap storage.
 *
 * <p>Little-endian float64 in C order is memory-mapped: no copy, and files larger than 2 GiB work (the
 * mapping is read-only). Float32, integer types, big-endian data and Fortran (column-major) order are
 * converted into a new row-major float64 array. Object arrays, structured dtypes, complex numbers and
 * arrays of the wrong rank are a {@link DataFormatException} naming the file and the problem. Non-finite
 * values are an error unless {@code allowNonFinite} is set.
 */
public final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyReader() {
    }

    /**
     * Reads a 2-D array as an {@code n x d} matrix, rejecting non-finite values.
     *
     * @param file a two-dimensional {@code .npy} file
     * @return the matrix
     */
    public static DenseMatrix readMatrix(Path file) {
        return readMatrix(file, false);
    }

    /**
     * Reads a 2-D array as an {@code n x d} matrix.
     *
     * @param file a two-dimensional {@code .npy} file
     * @param allowNonFinite keep NaN and infinities instead of rejecting them
     * @return the matrix
     */
    public static DenseMatrix readMatrix(Path file, boolean allowNonFinite) {
        String source = file.toString();
        NpyHeader h = readHeader(file);
        if (h.shape().length != 2) {
            throw new DataFormatException(source, "expected a 2-D array (n x d), found shape " + h.shapeText());
        }
        if (h.shape()[1] > Integer.MAX_VALUE) {
            throw new DataFormatException(source, "too many columns: " + h.shape()[1]);
        }
        long rows = h.shape()[0];
        int cols = (int) h.shape()[1];
        DenseMatrix m;
        if (h.isZeroCopy()) {
            Arena arena = Arena.ofShared();
            try {
                m = DenseMatrix.wrap(arena, map(file, h, arena), rows, cols);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
        } else {
            m = DenseMatrix.zeros(rows, cols);
            convert(file, h, m.segment(), rows, cols);
        }
        return checked(m, allowNonFinite, source);
    }

    /**
     * Reads a 1-D array (or an {@code n x 1} 2-D array) as a vector, rejecting non-finite values.
     *
     * @param file a one-dimensional {@code .npy} file
     * @return the vector
     */
    public static DenseVector readVector(Path file) {
        return readVector(file, false);
    }

    /**
     * Reads a 1-D array (or an {@code n x 1} 2-D array) as a vector.
     *
     * @param file a one-dimensional {@code .npy} file
     * @param allowNonFinite keep NaN and infinities instead of rejecting them
     * @return the vector
     */
    public static DenseVector readVector(Path file, boolean allowNonFinite) {
        String source = file.toString();
        NpyHeader h = readHeader(file);
        boolean column = h.shape().length == 2 && h.shape()[1] == 1;
        if (h.shape().length != 1 && !column) {
            throw new DataFormatException(source, "expected a 1-D array, found shape " + h.shapeText());
        }
        long length = h.shape()[0];
        DenseVector v;
        if (h.isZeroCopy()) {
            Arena arena = Arena.ofShared();
            try {
                v = DenseVector.wrap(arena, map(file, h, arena), length);
            } catch (RuntimeException e) {
                arena.close();
                throw e;
            }
        } else {
            v = DenseVector.zeros(length);
            convert(file, h, v.segment(), length, 1);
        }
        try {
            if (!allowNonFinite) {
                FiniteCheck.requireFinite(v, source);
            }
            return v;
        } catch (RuntimeException e) {
            v.close();
            throw e;
        }
    }

    private static DenseMatrix checked(DenseMatrix m, boolean allowNonFinite, String source) {
        try {
            if (!allowNonFinite) {
                FiniteCheck.requireFinite(m, source);
            }
            return m;
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /**
     * Reads and validates the header: magic, version, dtype, and that the file holds all the data the
     * header promises.
     *
     * @param file an {@code .npy} file
     * @return its header
     */
    public static NpyHeader readHeader(Path file) {
        String source = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0, source);
            for (int i = 0; i < MAGIC.length; i++) {
                if (pre.get(i) != MAGIC[i]) {
                    throw new DataFormatException(source, "not a .npy file (bad magic bytes)");
                }
            }
            int major = pre.get(6) & 0xff;
            long headerLen;
            long headerStart;
            switch (major) {
                case 1 -> {
                    headerLen = pre.getShort(8) & 0xffff;
                    headerStart = 10;
                }
                case 2, 3 -> {
                    headerLen = pre.getInt(8) & 0xffffffffL;
                    headerStart = 12;
                }
                default -> throw new DataFormatException(source, "unsupported .npy format version " + major
                        + "." + (pre.get(7) & 0xff) + " (1.0, 2.0 and 3.0 are supported)");
            }
            if (headerLen > 1 << 24) {
                throw new DataFormatException(source, "implausible .npy header length " + headerLen);
            }
            ByteBuffer dict = ByteBuffer.allocate((int) headerLen);
            readFully(ch, dict, headerStart, source);
            String text = new String(dict.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader h = NpyHeader.parse(source, major, text, headerStart + headerLen);
            validate(h, source, ch.size());
            return h;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Checks the dtype and that {@code fileSize} covers the promised data. Package-private for tests. */
    static void validate(NpyHeader h, String source, long fileSize) {
        char kind = h.kind();
        int size = h.itemSize();
        boolean supported = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            default -> false;
        };
        if (!supported) {
            String what = kind == 'O' ? "object arrays are not supported"
                    : "unsupported dtype '" + h.descr() + "' (float64, float32 and integer types are supported)";
            throw new DataFormatException(source, what);
        }
        if (h.shape().length == 0) {
            throw new DataFormatException(source, "a 0-d (scalar) array is not a data set");
        }
        long bytes;
        try {
            bytes = h.dataBytes();
        } catch (ArithmeticException e) {
            throw new DataFormatException(source, "shape " + h.shapeText() + " overflows 64-bit size arithmetic");
        }
        long available = fileSize - h.dataOffset();
        if (available < bytes) {
            throw new DataFormatException(source, "file truncated: shape " + h.shapeText() + " of " + h.descr()
                    + " needs " + bytes + " bytes of data after offset " + h.dataOffset() + ", file has "
                    + Math.max(available, 0));
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, String source) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new DataFormatException(source, "file truncated inside the .npy header");
            }
            pos += n;
        }
    }

    private static MemorySegment map(Path file, NpyHeader h, Arena arena) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.dataBytes(), arena);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + file + ": " + e.getMessage(), e);
        }
    }

    /** Converts any supported dtype and order into row-major float64 {@code dst} of shape rows x cols. */
    private static void convert(Path file, NpyHeader h, MemorySegment dst, long rows, int cols) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = map(file, h, arena);
            ByteOrder order = h.byteOrder();
            int size = h.itemSize();
            char kind = h.kind();
            boolean fortran = h.fortranOrder() && cols > 1;
            long count = rows * cols;
            for (long e = 0; e < count; e++) {
                double v = element(src, e * size, kind, size, order);
                // Fortran order stores column j's rows contiguously: element e is (e % rows, e / rows).
                long target = fortran ? (e % rows) * cols + e / rows : e;
                dst.setAtIndex(ValueLayout.JAVA_DOUBLE, target, v);
            }
        }
    }

    private static double element(MemorySegment src, long offset, char kind, int size, ByteOrder order) {
        return switch (kind) {
            case 'f' -> size == 8
                    ? src.get(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order), offset)
                    : src.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), offset);
            case 'i' -> switch (size) {
                case 1 -> src.get(ValueLayout.JAVA_BYTE, offset);
                case 2 -> src.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset);
                case 4 -> src.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset);
                default -> (double) src.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), offset);
            };
            default -> switch (size) { // 'u'
                case 1 -> Byte.toUnsignedInt(src.get(ValueLayout.JAVA_BYTE, offset));
                case 2 -> Short.toUnsignedInt(src.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset));
                case 4 -> Integer.toUnsignedLong(src.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset));
                default -> unsignedLongToDouble(src.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), offset));
            };
        };
    }

    private static double unsignedLongToDouble(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
