package io.curvature.data;

import java.util.Locale;

/**
 * Parses a number as text data files write it: Java's decimal forms, plus {@code inf}, {@code -inf},
 * {@code nan} in any case (C, NumPy and pandas write these). Java's type suffixes ({@code 1.5d},
 * {@code 2f}) and hexadecimal floats are not data and are rejected.
 */
final class NumberParser {

    private NumberParser() {
    }

    /** The value, or throws {@link NumberFormatException}. */
    static double parse(String token) {
        String t = token.strip();
        if (!t.isEmpty() && startsLikeADecimal(t)) {
            return decimal(token, t);
        }
        switch (t.toLowerCase(Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            default -> {
                return decimal(token, t);
            }
        }
    }

    /** Whether {@code t} starts as a decimal number does (a digit or point, after a sign): no word to look up. */
    private static boolean startsLikeADecimal(String t) {
        char c = t.charAt(0);
        if ((c == '-' || c == '+') && t.length() > 1) {
            c = t.charAt(1);
        }
        return c >= '0' && c <= '9' || c == '.';
    }

    private static double decimal(String token, String t) {
        // Reject what Double.parseDouble accepts but no data format means: suffixes, hex, blanks.
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new NumberFormatException(token);
            }
        }
        return Double.parseDouble(t);
    }
}
