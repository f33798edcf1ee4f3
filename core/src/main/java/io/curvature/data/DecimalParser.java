package io.curvature.data;

import java.math.BigInteger;

/**
 * Decimal text to the nearest double, ties to even: the bits of {@link Double#parseDouble}, without its
 * big-integer path, which 17-digit values (what NumPy, pandas and {@code repr} write) take. Up to 19 significant
 * digits {@code w} and a decimal exponent {@code q}: where {@code w <= 2^53} and {@code |q| <= 22} both are exact
 * doubles and one correctly rounded multiplication or division is the answer (W. D. Clinger, "How to read floating
 * point numbers accurately", PLDI 1990); elsewhere the top bits of {@code w} times a 128-bit approximation of
 * {@code 5^q} decide it (D. Lemire, "Number parsing at a gigabyte per second", Software: Practice and Experience 51,
 * 2021), an approximation proved close enough for every 19-digit {@code w} (N. Mushtak and D. Lemire, "Fast number
 * parsing without fallback", SPE 53, 2023). More significant digits go to {@link Double#parseDouble}.
 *
 * <p>The grammar is that of the data formats: an optional sign, digits with at most one point (at least one
 * digit), an optional exponent {@code e} or {@code E} with an optional sign and at least one digit.
 */
final class DecimalParser {

    private static final int SMALLEST_POWER = -342;
    private static final int LARGEST_POWER = 308;
    private static final int MAX_DIGITS = 19;
    private static final int MANTISSA_BITS = 52;
    private static final int MINIMUM_EXPONENT = -1023;
    private static final int INFINITE_POWER = 0x7FF;
    /** Beyond these exponents {@code 5^q} does not fit in 64 bits, so no input falls exactly between two doubles. */
    private static final int MIN_ROUND_TO_EVEN = -4;
    private static final int MAX_ROUND_TO_EVEN = 23;

    /** Exact powers of ten, {@code 10^0 .. 10^22}. */
    private static final double[] EXACT_POWERS = new double[23];
    /** {@code 5^q} for {@code q} in {@code [-342, 308]}, normalized to 128 bits: high word, low word. */
    private static final long[] POWERS_OF_FIVE = new long[2 * (LARGEST_POWER - SMALLEST_POWER + 1)];

    static {
        double p = 1;
        for (int k = 0; k < EXACT_POWERS.length; k++) {
            EXACT_POWERS[k] = p;
            p *= 10;
        }
        BigInteger two128 = BigInteger.ONE.shiftLeft(128);
        for (int q = SMALLEST_POWER; q <= LARGEST_POWER; q++) {
            BigInteger c;
            if (q < 0) {
                // the reciprocal, rounded up: 2^b / 5^-q + 1, with b so that it has 128 bits (more, then
                // truncated, where 5^-q needs more than 64 bits)
                BigInteger power = BigInteger.valueOf(5).pow(-q);
                int z = power.subtract(BigInteger.ONE).bitLength(); // the least z with 2^z >= 5^-q
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(b).divide(power).add(BigInteger.ONE);
                if (c.compareTo(two128) >= 0) {
                    c = c.shiftRight(c.bitLength() - 128);
                }
            } else {
                // 5^q truncated to its top 128 bits
                c = BigInteger.valueOf(5).pow(q);
                c = c.bitLength() <= 128 ? c.shiftLeft(128 - c.bitLength()) : c.shiftRight(c.bitLength() - 128);
            }
            int index = 2 * (q - SMALLEST_POWER);
            POWERS_OF_FIVE[index] = c.shiftRight(64).longValue();
            POWERS_OF_FIVE[index + 1] = c.longValue();
        }
    }

    private DecimalParser() {
    }

    /**
     * The double nearest {@code text[start, end)}.
     *
     * @throws NumberFormatException when it is not a decimal number of the grammar above
     */
    static double parse(CharSequence text, int start, int end) {
        int i = start;
        boolean negative = false;
        if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long w = 0;
        int digits = 0;
        long exponent = 0;
        boolean anyDigit = false;
        boolean dropped = false; // a nonzero digit beyond the 19 kept
        boolean point = false;
        for (; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                anyDigit = true;
                if (w == 0 && c == '0') {
                    exponent -= point ? 1 : 0; // a leading zero: after the point it moves the digits right
                } else if (digits < MAX_DIGITS) {
                    w = 10 * w + (c - '0');
                    digits++;
                    exponent -= point ? 1 : 0;
                } else {
                    dropped |= c != '0';
                    exponent += point ? 0 : 1;
                }
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (!anyDigit) {
            throw new NumberFormatException(text.subSequence(start, end).toString());
        }
        if (i < end && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                negativeExponent = text.charAt(i) == '-';
                i++;
            }
            int first = i;
            long e = 0;
            for (; i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
                e = Math.min(10 * e + (text.charAt(i) - '0'), 1_000_000_000L); // past any double's range
            }
            if (i == first) {
                throw new NumberFormatException(text.subSequence(start, end).toString());
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != end) {
            throw new NumberFormatException(text.subSequence(start, end).toString());
        }
        if (dropped) {
            return Double.parseDouble(text.subSequence(start, end).toString());
        }
        double magnitude = magnitude(w, exponent);
        return negative ? -magnitude : magnitude;
    }

    /** {@code w 10^q} rounded to the nearest double. */
    static double magnitude(long w, long q) {
        if (w == 0 || q < SMALLEST_POWER) {
            return 0.0;
        }
        if (q > LARGEST_POWER) {
            return Double.POSITIVE_INFINITY;
        }
        if (q >= -22 && q <= 22 && w >= 0 && w <= 1L << 53) {
            double v = w;
            return q < 0 ? v / EXACT_POWERS[(int) -q] : v * EXACT_POWERS[(int) q];
        }
        return Double.longBitsToDouble(eiselLemire(w, (int) q));
    }

    /** The bits of {@code w 10^q} for {@code w != 0}, {@code q} within the table. */
    private static long eiselLemire(long w, int q) {
        int lz = Long.numberOfLeadingZeros(w);
        long x = w << lz;
        int index = 2 * (q - SMALLEST_POWER);
        long high = Math.unsignedMultiplyHigh(x, POWERS_OF_FIVE[index]);
        long low = x * POWERS_OF_FIVE[index];
        long precisionMask = -1L >>> (MANTISSA_BITS + 3);
        if ((high & precisionMask) == precisionMask) {
            // the bits kept may still change: add the product with the table's low word
            long secondHigh = Math.unsignedMultiplyHigh(x, POWERS_OF_FIVE[index + 1]);
            low += secondHigh;
            if (Long.compareUnsigned(secondHigh, low) > 0) {
                high++;
            }
        }
        int upperBit = (int) (high >>> 63);
        int shift = upperBit + 64 - MANTISSA_BITS - 3;
        long mantissa = high >>> shift;
        // floor(q log2(10)) + 63, by a fixed-point multiplication exact over the table's range
        int power2 = (((152170 + 65536) * q) >> 16) + 63 + upperBit - lz - MINIMUM_EXPONENT;
        if (power2 <= 0) { // subnormal, or zero
            if (-power2 + 1 >= 64) {
                return 0L;
            }
            mantissa >>>= -power2 + 1;
            mantissa += mantissa & 1;
            mantissa >>>= 1;
            // rounding up may have made it the smallest normal number
            power2 = mantissa < 1L << MANTISSA_BITS ? 0 : 1;
            return ((long) power2 << MANTISSA_BITS) | (mantissa & ((1L << MANTISSA_BITS) - 1));
        }
        if (Long.compareUnsigned(low, 1) <= 0 && q >= MIN_ROUND_TO_EVEN && q <= MAX_ROUND_TO_EVEN
                && (mantissa & 3) == 1 && (mantissa << shift) == high) {
            mantissa &= ~1L; // exactly halfway, and the lower neighbour is even: do not round up
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= 2L << MANTISSA_BITS) {
            mantissa = 1L << MANTISSA_BITS;
            power2++;
        }
        mantissa &= ~(1L << MANTISSA_BITS);
        if (power2 >= INFINITE_POWER) {
            return (long) INFINITE_POWER << MANTISSA_BITS;
        }
        return ((long) power2 << MANTISSA_BITS) | mantissa;
    }
}
