package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
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

    /** Key {@code i} of a kind that goes to the hash part: a string, a negative integer or a fraction. */
    private static LuaValue hashKey(int kind, int i) {
        return kind == 0 ? s("f" + i) : kind == 1 ? LuaInteger.valueOf(-1 - i) : LuaValue.valueOf(i + 0.5);
    }

    @Test
    void aFullSmallHashPartAnswersAbsentKeysAndGrows() {
        // a hash part of up to 8 nodes has one slot per node, so it can be full: a probe must end after one round
        for (int nodes = 2; nodes <= 16; nodes *= 2) {
            for (int kind = 0; kind < 3; kind++) {
                Table t = new Table(0, nodes);
                for (int i = 0; i < nodes; i++) {
                    t.rawset(hashKey(kind, i), LuaInteger.valueOf(i));
                }
                int n = nodes, k = kind;
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    for (int other = 0; other < 3; other++) {
                        assertTrue(t.rawget(hashKey(other, 1000)).isnil(), n + " nodes, kind " + k);
                    }
                    t.rawset(hashKey(k, 0), LuaValue.NIL); // cleared: its key still takes its slot
                    assertTrue(t.rawget(hashKey(k, 0)).isnil());
                    assertTrue(t.rawget(hashKey(k, 1000)).isnil());
                    t.rawset(hashKey(k, 1000), LuaValue.TRUE); // the part is full: a resize
                }, n + " nodes, kind " + k);
                Map<LuaValue, LuaValue> expected = new HashMap<>();
                for (int i = 1; i < nodes; i++) {
                    expected.put(hashKey(kind, i), LuaInteger.valueOf(i));
                }
                expected.put(hashKey(kind, 1000), LuaValue.TRUE);
                assertEquals(expected, contents(t), nodes + " nodes, kind " + kind);
            }
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
        // sizes whose sum overflows an int (a constructor's sizes from a crafted chunk)
        assertEquals("table overflow", assertThrows(LuaError.class, () -> new Table(Integer.MAX_VALUE, 2)).getMessage());
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

    /** A copy of a string key that is another object: LuaJ's string cache may answer the same one for {@code s}. */
    private static LuaString copy(LuaString key) {
        byte[] bytes = new byte[key.length() + 64]; // (a long array: LuaJ caches strings made from short ones)
        key.copyInto(0, bytes, 0, key.length());
        LuaString c = LuaString.valueUsing(bytes, 0, key.length());
        assertNotSame(key, c);
        return c;
    }

    @Test
    void aStringKeyIsFoundByAnEqualStringThatIsAnotherObject() {
        // a probe compares references first, then contents: every key must be found either way, at any place in its
        // run of occupied slots, in parts of every size, full small ones included
        for (int n : new int[] {1, 2, 3, 8, 9, 100, 5000}) {
            Table t = new Table();
            LuaString[] keys = new LuaString[n];
            for (int i = 0; i < n; i++) {
                keys[i] = LuaString.valueOf("key" + i);
                t.rawset(keys[i], LuaInteger.valueOf(i));
            }
            for (int i = 0; i < n; i++) {
                assertEquals(LuaInteger.valueOf(i), t.rawget(keys[i]), n + " keys, key " + i);
                assertEquals(LuaInteger.valueOf(i), t.rawget(copy(keys[i])), n + " keys, a copy of key " + i);
                assertTrue(t.rawget(LuaString.valueOf("other" + i)).isnil());
            }
            for (int i = 0; i < n; i += 2) {
                t.rawset(copy(keys[i]), LuaValue.TRUE); // a store through a copy replaces the value, adds no key
            }
            Map<LuaValue, LuaValue> seen = contents(t);
            assertEquals(n, seen.size(), n + " keys");
            for (int i = 0; i < n; i++) {
                assertEquals(i % 2 == 0 ? LuaValue.TRUE : LuaInteger.valueOf(i), seen.get(keys[i]), n + " keys");
            }
        }
        Table full = new Table(0, 8); // a small part, full: the probes of an absent key end after one round
        for (int i = 0; i < 8; i++) {
            full.rawset(LuaString.valueOf("f" + i), LuaValue.TRUE);
        }
        assertTrue(full.rawget(LuaString.valueOf("absent")).isnil());
        assertEquals(LuaValue.TRUE, full.rawget(copy(LuaString.valueOf("f7"))));
    }

    @Test
    void integerKeysAddedAmongStringKeysMoveToTheArrayPartAtTheNextResize() {
        // a resize reads the hash part's keys only if one may be an integer (TableHash.integerKeys): here the
        // integer keys arrive after the string keys, in the hash part, and the resizes their adding causes must
        // still count them, as LuaJIT's rehash counts them, into an array part of 16 at once
        Table t = new Table();
        for (int i = 1; i <= 20; i++) {
            t.rawset(s("s" + i), LuaValue.TRUE);
        }
        t.rawset(s("s1"), LuaValue.NIL); // a cleared key: counted by no resize
        for (int i = 1; i <= 12; i++) { // the hash part's 32 nodes all taken
            t.rawset(i, LuaInteger.valueOf(i));
        }
        assertEquals(0, t.arrayCapacity());
        t.rawset(13, LuaInteger.valueOf(13)); // a resize: 13 integer keys, 12 of them in the hash part
        assertEquals(16, t.arrayCapacity());
        assertEquals(13, t.rawlen());
        assertEquals(19 + 13, contents(t).size());
    }
}
