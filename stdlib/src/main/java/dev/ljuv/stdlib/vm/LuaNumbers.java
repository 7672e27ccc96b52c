package dev.ljuv.stdlib.vm;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as LuaJIT writes them ({@code tostring}, {@code print}, {@code ..}, {@code io.write},
 * string buffers): C's {@code "%.14g"}, plus {@code inf}, {@code -inf}, {@code nan} (never signed) and
 * {@code -0}.
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
}
