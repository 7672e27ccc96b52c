package dev.ljuv.stdlib.lib.string;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/** {@link StringFormat} on its own: each conversion against the text LuaJIT 2.1 printed (recorded with luajit). */
class StringFormatTest {
    private static final Object[][] CASES = {
        {"%d", LuaValue.valueOf(42), "42"},
        {"%5.2f", LuaValue.valueOf(3.14159), " 3.14"},
        {"%-5s|", LuaValue.valueOf("ab"), "ab   |"},
        {"%x", LuaValue.valueOf(255), "ff"},
        {"%X", LuaValue.valueOf(-1), "FFFFFFFFFFFFFFFF"},
        {"%o", LuaValue.valueOf(8), "10"},
        {"%e", LuaValue.valueOf(12345.678), "1.234568e+04"},
        {"%g", LuaValue.valueOf(0.0001), "0.0001"},
        {"%g", LuaValue.valueOf(1e20), "1e+20"},
        {"%q", LuaValue.valueOf("a\nb\0c\"d"), "\"a\\\nb\\0c\\\"d\""},
        {"%c", LuaValue.valueOf(65), "A"},
        {"%+d", LuaValue.valueOf(5), "+5"},
        {"% d", LuaValue.valueOf(5), " 5"},
        {"%05d", LuaValue.valueOf(-42), "-0042"},
        {"%.3s", LuaValue.valueOf("abcdef"), "abc"},
        {"%#x", LuaValue.valueOf(255), "0xff"},
        {"%a", LuaValue.valueOf(1), "0x1p+0"},
        {"%5.1f%%", LuaValue.valueOf(99.44), " 99.4%"},
        {"%s", LuaValue.valueOf(1.5), "1.5"},
        {"%i", LuaValue.valueOf(-7), "-7"},
    };

    private static String format(String fmt, LuaValue v) {
        return new StringFormat("format", 1).format(LuaValue.varargsOf(LuaValue.valueOf(fmt), v)).tojstring();
    }

    @Test
    void everyConversionPrintsWhatLuaJitPrints() {
        for (Object[] c : CASES) {
            assertEquals(c[2], format((String) c[0], (LuaValue) c[1]), "format " + c[0]);
        }
    }

    @Test
    void errorsNameTheFunctionAndArgument() {
        LuaError e = assertThrows(LuaError.class, () -> format("%d", LuaValue.valueOf("x")));
        assertEquals("bad argument #2 to 'format' (number expected, got string)", e.getMessage());
        e = assertThrows(LuaError.class, () -> new StringFormat("format", 1).format(LuaValue.valueOf("%d")));
        assertEquals("bad argument #2 to 'format' (value expected)", e.getMessage());
        e = assertThrows(LuaError.class, () -> format("%y", LuaValue.ONE));
        assertEquals("invalid option '%y' to 'format'", e.getMessage());
    }

    /** C's {@code %f %e %g} of {@code a} from its exact value (BigDecimal), written out here as printf does. */
    private static String exact(double a, int p, char conv, boolean alt) {
        BigDecimal exact = new BigDecimal(a);
        char c = Character.toLowerCase(conv);
        if (c == 'f') {
            String t = exact.setScale(p, RoundingMode.HALF_UP).toPlainString();
            return p == 0 && alt ? t + "." : t;
        }
        int q = c == 'e' ? p + 1 : Math.max(p, 1);
        BigDecimal r = exact.round(new MathContext(q, RoundingMode.HALF_UP));
        String digits = r.unscaledValue().toString();
        int x = digits.length() - 1 - r.scale();
        digits = digits + "0".repeat(q - digits.length());
        if (c == 'g' && x >= -4 && x < q) {
            String t = exact(a, q - 1 - x, 'f', alt);
            return alt || t.indexOf('.') < 0 ? t : t.replaceAll("\\.?0+$", "");
        }
        String mantissa = digits.charAt(0) + (q > 1 || alt ? "." : "") + digits.substring(1);
        if (c == 'g' && !alt) {
            mantissa = mantissa.indexOf('.') < 0 ? mantissa : mantissa.replaceAll("\\.?0+$", "");
        }
        String e = String.format("%02d", Math.abs(x));
        return mantissa + (Character.isUpperCase(conv) ? "E" : "e") + (x < 0 ? "-" : "+") + e;
    }

    /** {@code %f %e %g}, mostly from the double's shortest digits, write what the exact value's rounding writes. */
    @Test
    void formattedNumbersAreTheExactValuesRounding() {
        SplittableRandom random = new SplittableRandom(47);
        char[] conversions = {'f', 'e', 'g', 'E', 'G'};
        for (int i = 0; i < 200_000; i++) {
            double a = switch (i % 3) {
                case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 16));
                case 1 -> random.nextInt(0, 10_000_000) / Math.pow(10, random.nextInt(0, 8)); // decimals, ties
                default -> Math.abs(Double.longBitsToDouble(random.nextLong())); // any magnitude
            };
            if (!Double.isFinite(a) || a == 0) {
                continue;
            }
            int p = random.nextInt(0, 18);
            char conv = conversions[random.nextInt(conversions.length)];
            boolean alt = random.nextInt(4) == 0;
            assertEquals(exact(a, p, conv, alt), StringFormat.body(a, p, conv, alt),
                    a + " %" + (alt ? "#" : "") + "." + p + conv);
        }
    }
}
