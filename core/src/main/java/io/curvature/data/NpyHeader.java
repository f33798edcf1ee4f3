package io.curvature.data;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0).
 *
 * @param major        format major version (1, 2 or 3)
 * @param descr        the dtype string, e.g. {@code <f8}
 * @param fortranOrder whether the data is column-major
 * @param shape        the array shape
 * @param dataOffset   byte offset of the first element in the file
 */
public record NpyHeader(int major, String descr, boolean fortranOrder, long[] shape, long dataOffset) {

    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*('([^']*)'|\\[)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Parses the header dictionary text (the part after the length field).
     *
     * @throws DataFormatException naming {@code source} when a key is missing or malformed
     */
    static NpyHeader parse(String source, int major, String dict, long dataOffset) {
        Matcher descr = DESCR.matcher(dict);
        if (!descr.find()) {
            throw new DataFormatException(source, "npy header has no 'descr': " + dict.strip());
        }
        if (descr.group(2) == null) {
            throw new DataFormatException(source, "structured dtypes (record arrays) are not supported");
        }
        Matcher fortran = FORTRAN.matcher(dict);
        if (!fortran.find()) {
            throw new DataFormatException(source, "npy header has no 'fortran_order': " + dict.strip());
        }
        Matcher shape = SHAPE.matcher(dict);
        if (!shape.find()) {
            throw new DataFormatException(source, "npy header has no 'shape': " + dict.strip());
        }
        String[] parts = shape.group(1).split(",");
        long[] dims = Arrays.stream(parts).map(String::strip).filter(s -> !s.isEmpty()).mapToLong(s -> {
            try {
                long v = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, "bad dimension '" + s + "' in shape (" + shape.group(1) + ")");
            }
        }).toArray();
        return new NpyHeader(major, descr.group(2), "True".equals(fortran.group(1)), dims, dataOffset);
    }

    /** {@return number of elements: the product of the shape, checked for overflow} */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** {@return bytes of element data the header promises: {@code elementCount * itemSize}, checked for overflow} */
    public long dataBytes() {
        return Math.multiplyExact(elementCount(), (long) itemSize());
    }

    /** {@return the dtype's kind: {@code f} float, {@code i} signed, {@code u} unsigned, others unsupported} */
    public char kind() {
        return descr.length() < 2 ? '?' : descr.charAt(1);
    }

    /** {@return bytes per element} */
    public int itemSize() {
        try {
            return Integer.parseInt(descr.substring(2));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** {@return the byte order of the elements; single-byte types and {@code =} are the platform's} */
    public ByteOrder byteOrder() {
        return descr.startsWith(">") ? ByteOrder.BIG_ENDIAN
                : descr.startsWith("<") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.nativeOrder();
    }

    /** {@return whether the bytes can be mapped as they are: little-endian float64 in C order, 8-byte aligned} */
    public boolean isZeroCopy() {
        return kind() == 'f' && itemSize() == 8 && byteOrder() == ByteOrder.LITTLE_ENDIAN
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && (!fortranOrder || shape.length < 2)
                && dataOffset % Double.BYTES == 0; // a mapped double must be aligned; other headers are copied
    }

    /** {@return the shape as NumPy prints it, e.g. {@code (569, 30)} or {@code (569,)}} */
    public String shapeText() {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.major == major && h.descr.equals(descr)
                && h.fortranOrder == fortranOrder && Arrays.equals(h.shape, shape) && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return 31 * descr.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + major + ", " + descr + ", fortran=" + fortranOrder + ", shape=" + shapeText()
                + ", offset=" + dataOffset + "]";
    }
}
