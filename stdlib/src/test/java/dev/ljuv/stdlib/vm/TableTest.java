package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.junit.jupiter.api.Test;

/** The runtime's table as a data structure: its reads, writes, resizes and traversal against a plain map. */
class TableTest {
    private static LuaValue s(String text) {
        return LuaValue.valueOf(text);
    }

    /** Every key and value {@code next} gives, in its order, checked to be each key once. */
    private static Map<LuaValue, LuaValue> contents(LuaTable t) {
        Map<LuaValue, LuaValue> seen = new HashMap<>();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                return seen;
            }
            assertFalse(n.arg(2).isnil(), "next gives no cleared key");
            assertTrue(seen.put(k, n.arg(2)) == null, "next gives a key once: " + k);
        }
    }

    @Test
    void agreesWithAMapUnderRandomStoresAndRemovals() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            Table t = new Table(random.nextInt(4), random.nextInt(4));
            Map<LuaValue, LuaValue> expected = new HashMap<>();
            for (int op = 0; op < 400; op++) {
                LuaValue key = switch (random.nextInt(4)) {
                    case 0 -> LuaInteger.valueOf(random.nextInt(70) - 3); // -3..66: array part, key 0, negatives
                    case 1 -> s("k" + random.nextInt(60));
                    case 2 -> LuaValue.valueOf(random.nextInt(20) + 0.5);
                    default -> LuaInteger.valueOf(random.nextInt(1 << 30));
                };
                if (random.nextInt(3) == 0) {
                    t.rawset(key, LuaValue.NIL);
                    expected.remove(key);
                } else {
                    LuaValue v = LuaInteger.valueOf(op);
                    t.rawset(key, v);
                    expected.put(key, v);
                }
            }
            assertEquals(expected, contents(t), "round " + round);
            for (Map.Entry<LuaValue, LuaValue> e : expected.entrySet()) {
                assertEquals(e.getValue(), t.rawget(e.getKey()));
            }
            assertTrue(t.rawget(s("absent")).isnil());
            assertTrue(t.rawget(-100).isnil());
        }
    }

    @Test
    void aFieldClearedDuringATraversalLeavesTheRestToNext() {
        Table t = new Table();
        for (int i = 1; i <= 50; i++) {
            t.rawset(s("f" + i), LuaInteger.valueOf(i));
            t.rawset(i * 7, LuaInteger.valueOf(i));
        }
        int visited = 0;
        LuaValue k = LuaValue.NIL;
        while (!(k = t.next(k).arg1()).isnil()) {
            t.rawset(k, LuaValue.NIL); // allowed by Lua: clearing the key just given
            visited++;
        }
        assertEquals(100, visited);
        assertTrue(contents(t).isEmpty());
        assertEquals(0, t.rawlen());
    }

    @Test
    void integerValuedNumbersAreIntegerKeysAndMinusZeroIsZero() {
        Table t = new Table();
        t.rawset(LuaValue.valueOf(-0.0), s("zero"));
        t.rawset(LuaDouble.valueOf(3.0), s("three"));
        assertEquals(s("zero"), t.rawget(0));
        assertEquals(s("three"), t.rawget(3));
        assertEquals(s("zero"), t.rawget(LuaValue.valueOf(-0.0)));
        Map<LuaValue, LuaValue> all = contents(t);
        assertEquals(2, all.size());
        assertEquals(s("zero"), all.get(LuaInteger.valueOf(0)), "next gives the integer 0 back");
    }

    @Test
    void nilAndNanKeysAreRefusedAndAnUnknownKeyToNextIsAnError() {
        Table t = new Table();
        assertEquals("table index is nil", assertThrows(LuaError.class, () -> t.rawset(LuaValue.NIL, s("x"))).getMessage());
        assertEquals("table index is NaN",
                assertThrows(LuaError.class, () -> t.rawset(LuaValue.valueOf(Double.NaN), s("x"))).getMessage());
        t.rawset(s("a"), s("x"));
        assertEquals("invalid key to 'next'", assertThrows(LuaError.class, () -> t.next(s("b"))).getMessage());
    }

    @Test
    void aSequenceGrowsIntoTheArrayPart() {
        Table t = new Table();
        for (int i = 1; i <= 1000; i++) {
            t.rawset(i, LuaInteger.valueOf(i));
        }
        assertEquals(1000, t.rawlen());
        assertTrue(t.arrayPart().length >= 1000 && t.hashCount() == 0, "all in the array part");
        t.rawset(1000, LuaValue.NIL);
        assertEquals(999, t.rawlen());
    }

    @Test
    void aWeakModeMovesTheContentsToLuaJsStorage() {
        Table t = new Table();
        t.rawset(1, s("one"));
        t.rawset(s("k"), s("v"));
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.MODE, s("k"));
        assertSame(t, t.setmetatable(mt));
        assertFalse(t.ownStorage());
        assertEquals(s("one"), t.rawget(1));
        assertEquals(s("v"), t.rawget(s("k")));
        t.rawset(s("later"), s("w"));
        assertEquals(3, contents(t).size());
        assertSame(mt, t.getmetatable());
        t.setmetatable(null);
        assertEquals(null, t.getmetatable(), "none (LuaJ answers null)");
        assertEquals(s("w"), t.rawget(s("later")));
    }

    @Test
    void partsPastLuaJitsLimitsAreATableOverflow() {
        assertEquals("table overflow", assertThrows(LuaError.class, () -> new Table(Table.MAX_ARRAY, 0)).getMessage());
        assertEquals("table overflow", assertThrows(LuaError.class, () -> new Table(0, Table.MAX_NODES + 1)).getMessage());
        assertEquals("table overflow", assertThrows(LuaError.class, () -> new Table(0, Integer.MAX_VALUE)).getMessage());
        Table t = new Table();
        assertEquals("table overflow", assertThrows(LuaError.class, () -> t.presize(Table.MAX_ARRAY)).getMessage());
        t.rawset(s("k"), s("v"));
        assertEquals(s("v"), t.rawget(s("k")), "usable after the refused resize");
    }

    @Test
    void presizeKeepsTheContents() {
        Table t = new Table();
        t.rawset(s("a"), s("x"));
        t.rawset(5, s("five"));
        t.presize(10, 20);
        assertEquals(s("x"), t.rawget(s("a")));
        assertEquals(s("five"), t.rawget(5));
        assertTrue(t.arrayPart().length >= 10);
    }
}
