package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code tostring} of a fraction rounds the shortest digits of a double when they decide it
 * ({@link LuaNumbers#shortestRounded}): the same digits as rounding the exact value (C's {@code %.14g}).
 */
class LuaNumbersTest {
    /** The exact value of |d| rounded half up to {@code precision} digits, and the exponent of the first. */
    private static LuaNumbers.Digits exact(double d, int precision) {
        BigDecimal r = new BigDecimal(Math.abs(d)).round(new MathContext(precision, RoundingMode.HALF_UP));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        long kept = Long.parseLong(digits);
        for (int i = digits.length(); i < precision; i++) {
            kept *= 10;
        }
        for (int i = digits.length(); i > precision; i--) {
            kept /= 10; // (trailing zeros of a rounded unscaled value)
        }
        return new LuaNumbers.Digits(Long.toString(kept), exponent);
    }

    private static int checked;

    private static void same(double d, int precision) {
        if (!Double.isFinite(d) || d == 0) {
            return; // (formatG is asked of finite nonzero numbers only)
        }
        LuaNumbers.Digits fast = LuaNumbers.shortestRounded(d, precision);
        if (fast != null) {
            assertEquals(exact(d, precision), fast, d + " to " + precision + " digits");
            checked++;
        }
    }

    @Test
    void roundingTheShortestDigitsGivesTheExactValuesRounding() {
        SplittableRandom random = new SplittableRandom(20261205);
        checked = 0;
        for (int i = 0; i < 300_000; i++) {
            same(Double.longBitsToDouble(random.nextLong() & 0x7fffffffffffffffL), 14); // any magnitude
            same(random.nextDouble() * Math.pow(10, random.nextInt(-8, 16)), 14); // common ones
            same(random.nextInt(1, 1_000_000) / 1000.0, 14); // decimals, as programs make them
            same(random.nextDouble(), 1 + random.nextInt(14)); // other precisions
        }
        for (double d : new double[] {0.1 + 0.2, 1 / 3.0, 2 / 3.0, Math.PI, Math.E, 1e-300, Double.MIN_VALUE,
            Double.MAX_VALUE, 99999999999999.5, 9.999999999999995, 0.30000000000000004, 123456789012345.67,
            1e21, 5e-324, 4.35, 2.675, 1.0000000000000002}) {
            same(d, 14);
        }
        assertTrue(checked > 1_000_000, "the fast path decided most numbers: " + checked);
    }

    @Test
    void aTailNearHalfIsLeftToTheExactValue() {
        assertNull(LuaNumbers.shortestRounded(1.00000000000005, 14)); // shortest digits end in ...05 exactly
        assertEquals(new LuaNumbers.Digits("10000000000000", 1), LuaNumbers.shortestRounded(9.999999999999996, 14));
    }

    @Test
    void tostringOfFractionsAsLuaJit() {
        assertEquals("0.3", LuaNumbers.format(0.1 + 0.2));
        assertEquals("0.33333333333333", LuaNumbers.format(1 / 3.0));
        assertEquals("1.5e+300", LuaNumbers.format(1.5e300));
        assertEquals("1e-05", LuaNumbers.format(1e-5));
        assertEquals("-2.5", LuaNumbers.format(-2.5));
        assertEquals("1e+15", LuaNumbers.format(1e15));
        assertEquals("1.0000000000000002", String.valueOf(1.0000000000000002)); // (Java's shortest digits)
        assertEquals("1", LuaNumbers.format(1.0000000000000002));
        assertEquals("1e+14", LuaNumbers.format(99999999999999.99)); // (as luajit prints it)
    }
}
