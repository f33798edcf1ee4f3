package io.curvature.data;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link DecimalParser} gives the bits of {@link Double#parseDouble} on every decimal it accepts, and rejects what
 * that rejects among strings of digits, points, signs and exponent letters: shortest and 17-digit forms of random
 * doubles, random 1-19 digit mantissas over the whole exponent range, subnormals, the neighbours of halfway
 * points, the known hard cases, and more digits than 19 (the fallback).
 */
class DecimalParserTest {

    private static void assertSameAsJava(String s) {
        double expected = Double.parseDouble(s);
        double actual = DecimalParser.parse(s, 0, s.length());
        if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
            throw new AssertionError(s + ": expected " + expected + " but was " + actual);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "+0.0", "0.000", "1", "-1", "1.5", ".5", "5.", "-.5e-3", "1e5", "1E+5", "1e-5",
        "123456789012345678", "1234567890123456789", "12345678901234567890", "0.1", "0.2", "0.3", "1e23", "8.41e21",
        "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "2.2250738585072014e-308", "4.9e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "1e308", "1e309", "1e-342", "1e-343", "1e-400", "1e400", "0e999999999999", "1e-999999999999999",
        "7.2057594037927933e16", "3.0000000000000004", "0.30000000000000004", "1.00000000000000011102230246251565",
        "000000000000000000000000001.5", "0.000000000000000000000000000123", "1.0000000000000000000000000000001",
        "4.35679e-5", "-3.14159265358979323846", "2.718281828459045", "100000000000000000000000"})
    void knownCasesHaveJavasBits(String s) {
        assertSameAsJava(s);
    }

    @Test
    void randomDoublesInTheirShortestAnd17DigitForms() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 200_000; k++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            assertSameAsJava(Double.toString(v));
            assertSameAsJava(String.format(Locale.ROOT, "%.16e", v));
            double g = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30));
            assertSameAsJava(String.format(Locale.ROOT, "%.17g", g));
            assertSameAsJava(String.format(Locale.ROOT, "%.6f", g));
        }
    }

    @Test
    void randomMantissasOverTheWholeExponentRange() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int k = 0; k < 300_000; k++) {
            int digits = rnd.nextInt(1, 20);
            StringBuilder b = new StringBuilder();
            b.append((char) ('1' + rnd.nextInt(9)));
            for (int j = 1; j < digits; j++) {
                b.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextBoolean() && digits > 1) {
                b.insert(rnd.nextInt(1, digits), '.');
            }
            b.append('e').append(rnd.nextInt(-360, 330));
            assertSameAsJava(b.toString());
        }
    }

    @Test
    void subnormalsAndTheNeighboursOfHalfwayPoints() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 50_000; k++) {
            double sub = Double.longBitsToDouble(rnd.nextLong(1, 1L << 52));
            assertSameAsJava(Double.toString(sub));
            assertSameAsJava(String.format(Locale.ROOT, "%.17g", sub));
            double v = Double.longBitsToDouble(rnd.nextLong(1, 0x7FEFFFFFFFFFFFFFL));
            BigDecimal half = new BigDecimal(v).add(new BigDecimal(Math.nextUp(v))).divide(BigDecimal.valueOf(2));
            for (int digits : new int[] {17, 18, 19, 25}) {
                String rounded = half.round(new java.math.MathContext(digits)).toString();
                assertSameAsJava(rounded);
            }
            assertSameAsJava(half.toString()); // exactly halfway: ties to even, by the fallback's many digits
        }
    }

    @Test
    void exactHalfwayPointsWithFewDigitsRoundToEven() {
        // 2^53 + 1 and its like: integers halfway between two doubles, 16-19 digits
        for (long base = 1L << 53; base < (1L << 53) + 2000; base++) {
            assertSameAsJava(Long.toString(base));
        }
        for (long base = 1L << 60; base < (1L << 60) + 2000; base += 64) {
            assertSameAsJava(Long.toString(base + 64));
            assertSameAsJava(Long.toString(base + 128));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "-", ".", "e5", "1e", "1e+", "1e-", "1.2.3", "1..2", "--1", "1-2", ".e1", "1e1.5",
        "1ee5", "+-1", "1e5e5", "e", "E"})
    void malformedIsRefused(String s) {
        assertThrows(NumberFormatException.class, () -> DecimalParser.parse(s, 0, s.length()));
        assertThrows(NumberFormatException.class, () -> Double.parseDouble(s));
    }

    @Property(tries = 20_000)
    void agreesWithJavaOnStringsOfItsAlphabet(
            @ForAll @StringLength(min = 1, max = 9) @Chars({'.', '+', '-', 'e', 'E'}) @CharRange(from = '0', to = '9')
            String s) {
        double expected;
        try {
            expected = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            assertThrows(NumberFormatException.class, () -> DecimalParser.parse(s, 0, s.length()), s);
            return;
        }
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(DecimalParser.parse(s, 0,
                s.length())), s);
    }

    @Test
    void aSliceOfALongerTextIsParsedInPlace() {
        String line = "7 3:0.125 11:-2.5e-3";
        assertEquals(0.125, DecimalParser.parse(line, 4, 9), 0.0);
        assertEquals(-2.5e-3, DecimalParser.parse(line, 13, line.length()), 0.0);
    }
}
