package dev.ljuv.stdlib.lib.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Messages between states: long strings by reference, everything else in LuaJIT's format. */
class MessageTest {
    private static LuaString text(int n) {
        return LuaString.valueOf("x".repeat(n));
    }

    @Test
    void longStringsGoByReferenceAndComeBackAsThemselves() {
        LuaString big = text(65536);
        LuaTable t = new LuaTable();
        t.rawset(1, big);
        t.rawset(big, LuaValue.valueOf(2));
        Message m = StringBufferLibrary.encodeValues(LuaValue.varargsOf(big, t, LuaValue.valueOf("short")));
        assertEquals(3, m.strings.length, "the string, the table's value and its key");
        assertEquals(true, m.bytes.length < 64, "no copy of the bytes: " + m.bytes.length);
        Varargs v = StringBufferLibrary.decodeValues(m);
        assertSame(big, v.arg(1));
        assertSame(big, v.arg(2).rawget(1));
        assertEquals(2, v.arg(2).rawget(big).toint());
        assertEquals("short", v.arg(3).tojstring());
    }

    @Test
    void shortStringsAndPiecesOfHugeOnesAreCopied() {
        LuaString huge = text(1 << 20);
        LuaString piece = LuaString.valueUsing(huge.m_bytes, 5, 4000); // shares huge's array
        Message m = StringBufferLibrary.encodeValues(LuaValue.varargsOf(text(1023), piece));
        assertNull(m.strings, "nothing by reference");
        Varargs v = StringBufferLibrary.decodeValues(m);
        assertEquals(text(1023), v.arg(1));
        assertEquals(piece, v.arg(2));
        assertNotSame(huge.m_bytes, ((LuaString) v.arg(2)).m_bytes, "the piece does not keep the huge string alive");
    }

    @Test
    void aMessageEncodesAsLuaJitWhenItHasNoLongString() {
        LuaTable t = new LuaTable();
        t.rawset(1, LuaValue.valueOf(1.5));
        t.rawset("k", LuaValue.valueOf("v"));
        Message m = StringBufferLibrary.encodeValues(LuaValue.varargsOf(t, LuaValue.TRUE));
        byte[] one = StringBufferLibrary.encodeBytes(t);
        byte[] expected = new byte[1 + one.length + 1];
        expected[0] = 2; // the count
        System.arraycopy(one, 0, expected, 1, one.length);
        expected[expected.length - 1] = (byte) SerialFormat.TRUE;
        assertArrayEquals(expected, m.bytes);
    }
}
