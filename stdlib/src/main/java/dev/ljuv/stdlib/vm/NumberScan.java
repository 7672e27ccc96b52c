package dev.ljuv.stdlib.vm;

import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaValue;

/**
 * Text read as a number by LuaJIT's rules ({@code lj_strscan.c}), straight from a string's bytes: decimal with an
 * optional fraction and exponent, hex ({@code 0x}) with an optional fraction and binary exponent ({@code p}), binary
 * ({@code 0b}, at most 64 significant digits), and for {@code tonumber} and arithmetic also white space around it,
 * a sign, {@code inf}, {@code infinity} and {@code nan}. An exponent of 2^20 or more, or as many fraction digits, is
 * no number, as in LuaJIT.
 *
 * <p>A decimal number of at most 15 significant digits scaled by a power of ten up to 22 is one exactly rounded
 * multiplication or division (Clinger's fast path); any other goes through {@code Double.parseDouble}, which rounds as
 * exactly as LuaJIT does. Hex and binary numbers round as LuaJIT's do: their first 64 bits, the rest as a sticky bit,
 * pre-rounded where the result is subnormal. Regular expressions over a Java string did this before: {@code
 * tonumber("123.5")} took 4x the time of LuaJIT's interpreter.
 *
 * <p>Threading: stateless.
 */
public final class NumberScan {
    private NumberScan() {}

    /** LuaJIT's {@code STRSCAN_MAXEXP}. */
    private static final int MAX_EXP = 1 << 20;

    private static final double[] POW10 = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * The number that bytes {@code [off, off + len)} of {@code b} read as, or null. {@code literal}: a number literal's
     * syntax only (the lexer's token, the digits {@code io.read("n")} took): no white space, sign, inf or nan.
     */
    static LuaValue read(byte[] b, int off, int len, boolean literal) {
        int p = off;
        int end = off + len;
        boolean neg = false;
        if (!literal && (p == end || !digit(b[p]))) {
            while (p < end && space(b[p])) {
                p++;
            }
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                neg = b[p++] == '-';
            }
            if (p < end && b[p] >= 'A') {
                return special(b, p, end, neg);
            }
        }
        int base = 10;
        if (p + 1 < end && b[p] == '0' && ((b[p + 1] | 0x20) == 'x' || (b[p + 1] | 0x20) == 'b')) {
            base = (b[p + 1] | 0x20) == 'x' ? 16 : 2;
            p += 2;
        }
        // the digits and at most one point: [start, stop)
        int start = p;
        int digits = 0;
        int point = -1;
        for (; p < end; p++) {
            int c = b[p];
            if (c == '.' && point < 0 && base != 2) {
                point = p;
            } else if (base == 16 ? hexDigit(c) >= 0 : base == 10 ? digit(c) : c == '0' || c == '1') {
                digits++;
            } else {
                break;
            }
        }
        int stop = p;
        if (digits == 0) {
            return null;
        }
        int exponent = 0;
        if (base != 2 && p < end && (b[p] | 0x20) == (base == 16 ? 'p' : 'e')) {
            p++;
            boolean negx = false;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                negx = b[p++] == '-';
            }
            if (p == end || !digit(b[p])) {
                return null;
            }
            int x = b[p++] - '0';
            while (p < end && digit(b[p])) {
                x = x * 10 + (b[p++] - '0');
                if (x >= MAX_EXP) {
                    return null;
                }
            }
            exponent = negx ? -x : x;
        }
        int numberEnd = p;
        while (!literal && p < end && space(b[p])) {
            p++;
        }
        if (p < end) {
            return null; // anything else after it: a second point, a letter, an embedded \0...
        }
        // digits after the point: all of them, and without trailing zeros (LuaJIT's bound is on these)
        int after = point < 0 ? 0 : stop - point - 1;
        int zeros = 0;
        while (zeros < after && b[stop - 1 - zeros] == '0') {
            zeros++;
        }
        if (after - zeros >= MAX_EXP) {
            return null;
        }
        double v;
        if (base == 10) {
            v = decimal(b, start, stop, numberEnd, exponent - after);
        } else if (base == 16) {
            v = hex(b, start, stop, exponent - 4L * after);
        } else {
            int first = start;
            while (first < stop && b[first] == '0') {
                first++;
            }
            if (stop - first > 64) {
                return null;
            }
            v = binary(b, first, stop);
        }
        return LuaValue.valueOf(neg ? -v : v);
    }

    /** {@code inf}, {@code infinity} or {@code nan} (any case) at {@code p}, then only white space. */
    private static LuaValue special(byte[] b, int p, int end, boolean neg) {
        double v;
        if (word(b, p, end, "infinity")) {
            v = neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            p += 8;
        } else if (word(b, p, end, "inf")) {
            v = neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            p += 3;
        } else if (word(b, p, end, "nan")) {
            v = Double.NaN;
            p += 3;
        } else {
            return null;
        }
        while (p < end && space(b[p])) {
            p++;
        }
        return p == end ? LuaValue.valueOf(v) : null;
    }

    /** Whether {@code b[p..end)} starts with the lower-case ASCII word {@code w}, in either case (also cjson's). */
    public static boolean word(byte[] b, int p, int end, String w) {
        if (end - p < w.length()) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if ((b[p + i] | 0x20) != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The digits in {@code [start, stop)} (a point among them ignored) times ten to the power {@code e10}. */
    private static double decimal(byte[] b, int start, int stop, int numberEnd, int e10) {
        long m = 0;
        int significant = 0;
        int trailingZeros = 0; // zeros after the last nonzero digit, not yet in m
        for (int i = start; i < stop && significant <= 15; i++) {
            int d = b[i] - '0';
            if (d < 0) {
                continue; // the point
            }
            if (d == 0) {
                if (significant > 0) {
                    trailingZeros++;
                }
                continue;
            }
            significant += trailingZeros + 1;
            for (; trailingZeros > 0; trailingZeros--) {
                m *= 10;
            }
            m = m * 10 + d;
        }
        if (significant <= 15) {
            long e = (long) e10 + trailingZeros;
            if (m == 0 || e == 0) {
                return m;
            }
            if (e > 0 && e <= 22) {
                return m * POW10[(int) e];
            }
            if (e < 0 && e >= -22) {
                return m / POW10[(int) -e];
            }
        }
        return Double.parseDouble(new String(b, start, numberEnd - start, StandardCharsets.ISO_8859_1));
    }

    /**
     * The hex digits in {@code [start, stop)} (a point among them ignored) times two to the power {@code ex2}, as
     * LuaJIT's {@code strscan_hex}: the first 16 significant digits in 64 bits, each further one four more bits of
     * exponent and, when not 0, a sticky bit.
     */
    private static double hex(byte[] b, int start, int stop, long ex2) {
        long x = 0;
        int taken = 0;
        for (int i = start; i < stop; i++) {
            int d = hexDigit(b[i]);
            if (d < 0 || taken == 0 && d == 0) {
                continue; // the point, a leading zero
            }
            if (taken < 16) {
                x = (x << 4) | d;
                taken++;
            } else {
                x |= d != 0 ? 1 : 0;
                ex2 += 4;
            }
        }
        return scaled(x, ex2);
    }

    /** Binary digits, at most 64 from the first 1. */
    private static double binary(byte[] b, int start, int stop) {
        long x = 0;
        for (int i = start; i < stop; i++) {
            x = (x << 1) | (b[i] - '0');
        }
        return scaled(x, 0);
    }

    /** {@code x * 2^ex2}, {@code x} taken as unsigned, rounded once (LuaJIT's {@code strscan_double}). */
    private static double scaled(long x, long ex2) {
        if (x == 0) {
            return 0;
        }
        if ((x & 0xc000_0000_0000_0000L) != 0) { // into 62 bits, the lost ones kept as a sticky bit
            x = (x >>> 2) | (x & 3);
            ex2 += 2;
        }
        if (ex2 <= -1075) { // a subnormal result: rounded here at its last bit, so that the scaling is exact
            int top = 63 - Long.numberOfLeadingZeros(x);
            if (top + ex2 <= -1023 && top + ex2 >= -1075) {
                long rb = 1L << (-1075 - ex2);
                if ((x & rb) != 0 && (x & (rb + rb + rb - 1)) != 0) {
                    x += rb + rb;
                }
                x &= ~(rb + rb - 1);
            }
        }
        return Math.scalb((double) x, (int) Math.max(-2200, Math.min(2200, ex2)));
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    private static int hexDigit(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int l = c | 0x20;
        return l >= 'a' && l <= 'f' ? l - 'a' + 10 : -1;
    }

    /** C's {@code isspace} in the C locale, as LuaJIT's {@code lj_char_isspace} (also {@link LuaNumbers#trimSpace}'s). */
    static boolean space(int c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }
}
