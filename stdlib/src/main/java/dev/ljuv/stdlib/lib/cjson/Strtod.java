package dev.ljuv.stdlib.lib.cjson;

import dev.ljuv.stdlib.vm.NumberScan;
import java.nio.charset.StandardCharsets;

/**
 * The number C's {@code strtod} reads at the start of some bytes, in the C locale: how long it is and its value.
 * A sign, then {@code inf}/{@code infinity}, {@code nan} (with an optional {@code (chars)}), a hexadecimal number
 * ({@code 0x1f}, {@code 0x1.8p3}) or a decimal one ({@code 12}, {@code 1.}, {@code .5}, {@code 1e-3}).
 *
 * <p>Threading: stateless.
 */
final class Strtod {
    private Strtod() {}

    /** The length of the number at {@code b[p..end)}, 0 when there is none. */
    static int length(byte[] b, int p, int end) {
        int i = p;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            i++;
        }
        if (NumberScan.word(b, i, end, "infinity")) {
            return i + 8 - p;
        }
        if (NumberScan.word(b, i, end, "inf")) {
            return i + 3 - p;
        }
        if (NumberScan.word(b, i, end, "nan")) {
            i += 3;
            if (i < end && b[i] == '(') { // nan(chars): only when the parenthesis closes
                int j = i + 1;
                while (j < end && (Character.isLetterOrDigit(b[j]) || b[j] == '_')) {
                    j++;
                }
                if (j < end && b[j] == ')') {
                    i = j + 1;
                }
            }
            return i - p;
        }
        if (i + 1 < end && b[i] == '0' && (b[i + 1] | 0x20) == 'x') {
            int h = digits(b, i + 2, end, 16);
            int frac = h < end && b[h] == '.' ? digits(b, h + 1, end, 16) : h;
            if (frac - (i + 2) > (frac > h ? 1 : 0)) { // a hexadecimal digit at least
                return exponent(b, frac, end, 'p') - p;
            }
        }
        int d = digits(b, i, end, 10);
        int frac = d < end && b[d] == '.' ? digits(b, d + 1, end, 10) : d;
        if (frac - i <= (frac > d ? 1 : 0)) {
            return 0; // no digit
        }
        return exponent(b, frac, end, 'e') - p;
    }

    /** The value of the number of {@code length} bytes at {@code b[p..]} (as {@link #length} found it). */
    static double value(byte[] b, int p, int length) {
        String s = new String(b, p, length, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        double v;
        if (body.startsWith("inf")) {
            v = Double.POSITIVE_INFINITY;
        } else if (body.startsWith("nan")) {
            v = Double.NaN;
        } else if (body.startsWith("0x")) {
            v = Double.parseDouble("0x" + (body.startsWith("0x.") ? "0" : "") + body.substring(2)
                    + (body.indexOf('p') < 0 ? "p0" : ""));
        } else {
            v = Double.parseDouble(body);
        }
        return negative ? -v : v;
    }

    private static int digits(byte[] b, int i, int end, int radix) {
        while (i < end && Character.digit(b[i], radix) >= 0) {
            i++;
        }
        return i;
    }

    /** Past an exponent ({@code e-3}, {@code p+4}) at {@code i}, or {@code i} when none is complete there. */
    private static int exponent(byte[] b, int i, int end, char mark) {
        if (i < end && (b[i] | 0x20) == mark) {
            int j = i + 1;
            if (j < end && (b[j] == '+' || b[j] == '-')) {
                j++;
            }
            int k = digits(b, j, end, 10);
            if (k > j) {
                return k;
            }
        }
        return i;
    }
}
