package dev.ljuv.stdlib.lib.string;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** {@code %f %e %g} from the shortest digits, where they decide, write what the exact value's rounding writes. */
    @Test
    void theShortestDigitsWriteWhatTheExactValueDoes() {
        SplittableRandom random = new SplittableRandom(47);
        char[] conversions = {'f', 'e', 'g', 'E', 'G'};
        int decided = 0;
        for (int i = 0; i < 200_000; i++) {
            double a = switch (i % 3) {
                case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 16));
                case 1 -> random.nextInt(0, 10_000_000) / Math.pow(10, random.nextInt(0, 8)); // decimals, ties
                default -> Math.abs(Double.longBitsToDouble(random.nextLong())); // any magnitude
            };
            if (!Double.isFinite(a)) {
                continue;
            }
            int p = random.nextInt(0, 16);
            char conv = conversions[random.nextInt(conversions.length)];
            boolean alt = random.nextInt(4) == 0;
            String fast = StringFormat.shortest(a, p, conv, alt);
            if (fast != null) {
                assertEquals(StringFormat.exact(a, p, conv, alt), fast, a + " %" + (alt ? "#" : "") + "." + p + conv);
                decided++;
            }
        }
        assertTrue(decided > 100_000, "the shortest digits decided most: " + decided);
    }
}
