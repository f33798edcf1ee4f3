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
        if (!t.isEmpty() && startsLikeADecimal(t, 0, t.length())) {
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

    /**
     * The value of {@code text[start, end)}, a token without blanks, parsed in place where it is a decimal; or
     * throws {@link NumberFormatException}.
     */
    static double parse(CharSequence text, int start, int end) {
        if (start < end && startsLikeADecimal(text, start, end)) {
            return DecimalParser.parse(text, start, end);
        }
        return parse(text.subSequence(start, end).toString());
    }

    /** Whether {@code t[start, end)} starts as a decimal does (a digit or point, after a sign): no word to look up. */
    private static boolean startsLikeADecimal(CharSequence t, int start, int end) {
        char c = t.charAt(start);
        if ((c == '-' || c == '+') && end - start > 1) {
            c = t.charAt(start + 1);
        }
        return c >= '0' && c <= '9' || c == '.';
    }

    private static double decimal(String token, String t) {
        try {
            return DecimalParser.parse(t, 0, t.length());
        } catch (NumberFormatException e) {
            throw new NumberFormatException(token);
        }
    }
}
