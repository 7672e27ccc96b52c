package dev.ljuv.stdlib.vm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
    private static final MathContext ROUND_14 = new MathContext(PRECISION, RoundingMode.HALF_UP);

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
        BigDecimal rounded = new BigDecimal(d).round(precision == PRECISION ? ROUND_14
                : new MathContext(precision, RoundingMode.HALF_UP));
        String digits = rounded.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - rounded.scale();
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

    /**
     * A string's number as LuaJIT's scanner reads it (white space around it, a sign, hex and binary, hex floats, inf
     * and nan), or nil: {@code tonumber}'s, and the one by which a string takes part in arithmetic and is a library
     * function's number argument (LuaJ's own {@code LuaString.scannumber}, redirected here, knew no sign before a hex
     * number, no hex float, no inf).
     */
    public static LuaValue scan(LuaString str) {
        int n = str.m_length;
        if (n > 0 && n <= 9) { // a plain decimal integer (the common case), read from the bytes: no Java string
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
        String s = trimSpace(str.tojstring());
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.isEmpty() || s.indexOf('\0') >= 0 || isSpace(s.charAt(0))) {
            return LuaValue.NIL;
        }
        String word = s.toLowerCase();
        double v;
        if (word.equals("inf") || word.equals("infinity")) {
            v = Double.POSITIVE_INFINITY;
        } else if (word.equals("nan")) {
            v = Double.NaN;
        } else {
            LuaValue parsed = ValueSemantics.parseNumber(s);
            if (parsed == null) {
                return LuaValue.NIL;
            }
            if (!negative) {
                return parsed;
            }
            v = parsed.todouble();
        }
        return LuaValue.valueOf(negative ? -v : v);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    /** {@code s} without C's white space at either end. */
    public static String trimSpace(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }
}
