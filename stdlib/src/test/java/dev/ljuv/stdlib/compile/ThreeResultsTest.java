package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Three results answer as LuaJ's list of the same three values does ({@code LuaValue.varargsOf(a, b, c)}). */
class ThreeResultsTest {
    private static final LuaValue A = LuaValue.valueOf("a"), B = LuaValue.NIL, C = LuaValue.valueOf(3);

    @Test
    void answersAsLuaJsListOfTheSameValues() {
        Varargs mine = new ThreeResults(A, B, C);
        Varargs luaj = LuaValue.varargsOf(A, B, C);
        assertEquals(luaj.narg(), mine.narg());
        assertSame(luaj.arg1(), mine.arg1());
        for (int i = 0; i <= 5; i++) {
            assertSame(luaj.arg(i), mine.arg(i), "arg " + i);
        }
        for (int start = 1; start <= 5; start++) {
            Varargs l = luaj.subargs(start), m = mine.subargs(start);
            assertEquals(l.narg(), m.narg(), "subargs " + start);
            for (int i = 1; i <= 3; i++) {
                assertSame(l.arg(i), m.arg(i), "subargs " + start + " arg " + i);
            }
        }
        assertEquals(luaj.tojstring(), mine.tojstring());
    }

    @Test
    void subargsFromZeroIsAnError() {
        LuaError e = assertThrows(LuaError.class, () -> new ThreeResults(A, B, C).subargs(0));
        assertEquals(assertThrows(LuaError.class, () -> LuaValue.varargsOf(A, B, C).subargs(0)).getMessage(),
                e.getMessage());
    }
}
