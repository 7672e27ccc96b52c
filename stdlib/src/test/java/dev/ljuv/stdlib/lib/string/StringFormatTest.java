package dev.ljuv.stdlib.lib.string;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
