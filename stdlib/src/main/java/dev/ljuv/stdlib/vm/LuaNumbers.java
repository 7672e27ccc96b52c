package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Numbers as LuaJIT writes them ({@code tostring}, {@code print}, {@code ..}, {@code io.write},
 * string buffers): C's {@code "%.14g"}, plus {@code inf}, {@code -inf}, {@code nan} (never signed) and
 * {@code -0}; and strings read as numbers as LuaJIT reads them ({@link #scan}).
 *
 * <p>Threading: stateless.
 */
public final class LuaNumbers {
    private LuaNumbers() {}

    private static final int PRECISION = 14;

    public static String format(double d) {
        if (d == (long) d && Math.abs(d) < 1e14) {
            if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
                return "-0";
            }
            return Long.toString((long) d);
        }
        if (Double.isNaN(d)) {
            return "nan"; // whatever its sign bit, as LuaJIT 2.1 writes it (x86's 0/0 has it set)
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return formatG(d, PRECISION);
    }

    /** C's {@code %.<precision>g} for a finite {@code d}: exact decimal value, ties rounded away from zero, as LuaJIT does. */
    public static String formatG(double d, int precision) {
        if (precision == 0) {
            precision = 1;
        }
        if (d == 0) {
            String zero = Double.doubleToRawLongBits(d) < 0 ? "-0" : "0";
            return zero;
        }
        Digits rounded = significant(d, precision);
        String digits = rounded.digits();
        int exponent = rounded.exponent();
        // strip trailing zeros of the significant digits (C's %g without '#')
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (exponent < -4 || exponent >= precision) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append(exponent < 0 ? "e-" : "e+");
            int e = Math.abs(exponent);
            if (e < 10) {
                sb.append('0');
            }
            sb.append(e);
        } else if (exponent < 0) {
            sb.append("0.");
            for (int i = -1; i > exponent; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= exponent + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= exponent; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, digits.length());
        }
        return sb.toString();
    }

    /** Significant digits and the decimal exponent of the first (C's {@code %e} writes d.ddd e<exponent>). */
    public record Digits(String digits, int exponent) {}

    /**
     * {@code |d|} (finite, nonzero) rounded to {@code precision} significant digits, ties away from zero, as C's
     * {@code printf} rounds its exact value: from the shortest digits where they decide ({@link #shortestRounded}),
     * else from its exact value ({@link ExactDecimal}). Always {@code precision} digits.
     */
    public static Digits significant(double d, int precision) {
        Digits r = precision <= PRECISION ? shortestRounded(d, precision) : null;
        return r != null ? r : ExactDecimal.significant(d, precision);
    }

    /**
     * {@code |d|} rounded to {@code precision} (at most 14) significant digits, from the shortest digits that read
     * back as {@code d} (Java's {@code Double.toString}), or null where those cannot tell (a tail near half a unit of
     * the last digit kept): the exact value's digits then ({@link ExactDecimal}, a product of big integers). The shortest digits lie within half a unit in the last
     * place of the exact value (2^-53 of it), under 0.012 of a unit of the 14th significant digit: rounding them gives
     * the exact value's rounding unless their tail is that close to one half (0.05 is asked).
     */
    public static Digits shortestRounded(double d, int precision) {
        String s = shortest(d);
        return s == null ? null : rounded(s, firstDigit(s), precision);
    }

    /**
     * {@code |d|} rounded at its {@code decimals}-th decimal (C's {@code %.<decimals>f}) as {@link #shortestRounded}
     * rounds, or null where that cannot tell or the digits kept would be none or more than 14.
     */
    public static Digits shortestDecimals(double d, int decimals) {
        String s = shortest(d);
        if (s == null) {
            return null;
        }
        int first = firstDigit(s);
        int precision = first + 1 + decimals;
        return precision >= 1 && precision <= PRECISION ? rounded(s, first, precision) : null;
    }

    /** {@code Double.toString(|d|)}, or null for zero and subnormals (fewer bits: the bound above does not hold). */
    private static String shortest(double d) {
        return Math.abs(d) < Double.MIN_NORMAL ? null : Double.toString(Math.abs(d));
    }

    /** The digits of {@code s} (first of exponent {@code first}) rounded to {@code precision}: see shortestRounded. */
    private static Digits rounded(String s, int first, int precision) {
        int e = s.indexOf('E');
        int end = e < 0 ? s.length() : e;
        long kept = 0;
        int count = 0; // significant digits read
        double tail = 0;
        double scale = 0.1;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                continue;
            }
            int digit = c - '0';
            if (count == 0 && digit == 0) {
                continue; // leading zeros (0.00123)
            }
            if (count < precision) {
                kept = kept * 10 + digit;
            } else {
                tail += digit * scale;
                scale /= 10;
            }
            count++;
        }
        for (int i = count; i < precision; i++) {
            kept *= 10;
        }
        if (Math.abs(tail - 0.5) < 0.05) {
            return null;
        }
        if (tail > 0.5 && ++kept == POWERS[precision]) {
            kept /= 10; // 99.99 -> 100.0
            first++;
        }
        return new Digits(Long.toString(kept), first);
    }

    /** The decimal exponent of the first significant digit of the number {@code s} as {@code Double.toString} writes it. */
    private static int firstDigit(String s) {
        int e = s.indexOf('E');
        int exponent = e < 0 ? 0 : Integer.parseInt(s, e + 1, s.length(), 10);
        int dot = s.indexOf('.');
        for (int i = 0; i < (e < 0 ? s.length() : e); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '.') {
                return exponent + (i < dot ? dot - i - 1 : dot - i);
            }
        }
        return exponent;
    }

    private static final long[] POWERS = {1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L,
        1000000000L, 10000000000L, 100000000000L, 1000000000000L, 10000000000000L, 100000000000000L};

    /**
     * A string's number as LuaJIT's scanner reads it (white space around it, a sign, hex and binary, hex floats, inf
     * and nan), or nil: {@code tonumber}'s, and the one by which a string takes part in arithmetic and is a library
     * function's number argument (LuaJ's own {@code LuaString.scannumber}, redirected here, knew no sign before a hex
     * number, no hex float, no inf).
     */
    public static LuaValue scan(LuaString str) {
        int n = str.m_length;
        if (n > 0 && n <= 9) { // a plain decimal integer (the common case: "10" + i) in this small method: no double
            int v = 0;
            for (int i = 0; i < n; i++) {
                int d = str.m_bytes[str.m_offset + i] - '0';
                if (d < 0 || d > 9) {
                    v = -1;
                    break;
                }
                v = v * 10 + d;
            }
            if (v >= 0) {
                return LuaValue.valueOf(v);
            }
        }
        LuaValue v = NumberScan.read(str.m_bytes, str.m_offset, str.m_length, false);
        return v != null ? v : LuaValue.NIL;
    }

    /** C's {@code isspace} in the C locale, as LuaJIT's: blank, tab, newline, vertical tab, form feed, return. */
    public static boolean isSpace(int c) {
        return NumberScan.space(c);
    }

    /** {@code s} without C's white space at either end. */
    public static String trimSpace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && NumberScan.space(s.charAt(a))) {
            a++;
        }
        while (b > a && NumberScan.space(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
