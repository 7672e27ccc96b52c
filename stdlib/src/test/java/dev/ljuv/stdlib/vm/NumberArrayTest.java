package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.junit.jupiter.api.Test;

/**
 * A table's array part while it holds numbers unboxed ({@link NumberArray}): the same contents, order, border and
 * sizes as the boxed array part, and the changes between the two forms.
 */
class NumberArrayTest {
    private static Table doubles(int n) {
        Table t = new Table();
        for (int i = 1; i <= n; i++) {
            t.rawset(i, LuaValue.valueOf(i + 0.5));
        }
        return t;
    }

    private static String walk(LuaTable t) {
        StringBuilder b = new StringBuilder();
        LuaValue k = LuaValue.NIL;
        while (true) {
            Varargs n = t.next(k);
            k = n.arg1();
            if (k.isnil()) {
                return b.toString();
            }
            b.append(k.tojstring()).append('=').append(n.arg(2).tojstring()).append(' ');
        }
    }

    @Test
    void anArrayOfFractionsGrownFromEmptyHoldsThemUnboxed() {
        Table t = doubles(100);
        assertNotNull(t.numberPart());
        assertEquals(100, t.rawlen());
        assertEquals(LuaValue.valueOf(50.5), t.rawget(50));
        assertEquals(50.5, t.numberAt(50));
        assertTrue(t.rawget(101).isnil());
        assertEquals(Double.doubleToRawLongBits(Table.NO_NUMBER), Double.doubleToRawLongBits(t.numberAt(101)));
    }

    @Test
    void integersStayBoxed() {
        Table small = new Table();
        Table large = new Table();
        for (int i = 1; i <= 100; i++) {
            small.rawset(i, LuaInteger.valueOf(i));
            large.rawset(i, LuaInteger.valueOf(i << 20)); // md5's words: integer code reads them boxed
        }
        assertNull(small.numberPart());
        assertNull(large.numberPart());
    }

    @Test
    void aNewTableTakesDecodedNumbersWithNilAsNil() {
        assertEquals(Double.doubleToRawLongBits(Double.NaN), bits0x42(), "NaNs stored as the one NaN");
        long nil = NumberArray.NIL_BITS;
        long[] bits = new long[10];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = Double.doubleToRawLongBits(i + 0.5);
        }
        bits[3] = nil;
        bits[4] = NumberArray.bits(Double.longBitsToDouble(0x7ff0_0000_0000_0042L)); // a NaN of another payload
        Table t = new Table(10, 0);
        assertTrue(t.takeNumbers(bits));
        assertTrue(t.rawget(4).isnil());
        assertTrue(Double.isNaN(t.rawget(5).todouble()));
        assertEquals(LuaValue.valueOf(9.5), t.rawget(10));
        assertEquals(10, t.rawlen());
        Table used = new Table(10, 0);
        used.rawset(1, LuaValue.valueOf("x"));
        assertFalse(used.takeNumbers(bits.clone()), "only an empty array part of the same length");
        assertFalse(new Table(9, 0).takeNumbers(bits.clone()));
    }

    private static long bits0x42() {
        return NumberArray.bits(Double.longBitsToDouble(0x7ff0_0000_0000_0042L));
    }

    @Test
    void theFirstValueDecides() {
        Table fractionsAfterNils = new Table();
        Table fractionsAfterAnInteger = new Table();
        for (int i = 5; i <= 100; i++) { // (keys 1..4 nil)
            fractionsAfterNils.rawset(i, LuaValue.valueOf(i + 0.5));
            fractionsAfterAnInteger.rawset(i, i == 5 ? LuaInteger.valueOf(0) : LuaValue.valueOf(i + 0.5));
        }
        assertNotNull(fractionsAfterNils.numberPart());
        assertNull(fractionsAfterAnInteger.numberPart());
        assertEquals(LuaValue.valueOf(50.5), fractionsAfterAnInteger.rawget(50));
    }

    @Test
    void numbersReadBackExactly() {
        Table t = doubles(16);
        double[] values = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0x1p53, -0x1p31,
            0x1p31, 2147483647, -2147483648, 1e308, 4.9e-324};
        for (int i = 0; i < values.length; i++) {
            t.rawset(i + 1, LuaValue.valueOf(values[i]));
        }
        assertNotNull(t.numberPart());
        for (int i = 0; i < values.length; i++) {
            LuaValue v = t.rawget(i + 1);
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(v.todouble()), "value " + i);
            assertEquals(Double.doubleToLongBits(values[i]), Double.doubleToLongBits(t.numberAt(i + 1)));
        }
        assertTrue(t.rawget(1) instanceof LuaDouble, "-0 stays a double");
        assertTrue(t.rawget(8) instanceof LuaDouble, "2^31 is no int");
        assertTrue(t.rawget(9) instanceof LuaInteger, "an integral value in the int range is an integer, as LuaJ's");
    }

    @Test
    void compiledCodesNumbersThatWouldEachCostABoxTurnAllNumbersIntoNumbersOncePerResize() {
        Table sieve = new Table();
        for (int i = 1; i <= 64; i++) {
            sieve.rawset(i, LuaInteger.valueOf(-1)); // a bit sieve's words, all bits set: shared boxes
        }
        assertTrue(sieve.setNumber(3, -3 << 20));
        assertEquals(-1, sieve.numberAt(2));
        assertNull(sieve.numberPart(), "an integer stored, shared ones read: the boxes stay");
        assertEquals(-3 << 20, sieve.numberAt(3));
        assertNotNull(sieve.numberPart(), "an integer with a box of its own read as a number: numbers instead");
        assertEquals(LuaInteger.valueOf(-3 << 20), sieve.rawget(3));
        assertEquals(-1, sieve.numberAt(64));
        assertEquals(64, sieve.rawlen());

        Table words = new Table();
        for (int i = 1; i <= 64; i++) {
            words.rawset(i, LuaInteger.valueOf(i << 20)); // md5's words, read as values
        }
        assertTrue(words.setNumber(1, 5 << 20));
        assertNull(words.numberPart(), "integers stored: boxed, each read then takes the box stored");

        Table mixed = new Table();
        for (int i = 1; i <= 64; i++) {
            mixed.rawset(i, LuaInteger.valueOf(i));
        }
        mixed.rawset(64, LuaValue.valueOf("end"));
        assertTrue(mixed.setNumber(1, 1.5));
        assertNull(mixed.numberPart(), "a value that is no number: boxes");
        mixed.rawset(64, LuaInteger.valueOf(64));
        assertTrue(mixed.setNumber(2, 2.5));
        assertNull(mixed.numberPart(), "refused until the next resize: one scan per resize at most");
        mixed.rawset(1, LuaInteger.valueOf(1));
        for (int i = 65; i <= 129; i++) {
            mixed.rawset(i, LuaInteger.valueOf(i)); // grows past 64: resized, an integer first, so boxed
        }
        assertNull(mixed.numberPart());
        assertTrue(mixed.setNumber(3, 3.5));
        assertNotNull(mixed.numberPart(), "after a resize a fraction's store turns it");
        assertEquals(LuaInteger.valueOf(1), mixed.rawget(1));
        assertEquals(LuaValue.valueOf(2.5), mixed.rawget(2));
        assertEquals(LuaValue.valueOf(3.5), mixed.rawget(3));
        assertEquals(LuaInteger.valueOf(129), mixed.rawget(129));
        assertEquals(129, mixed.rawlen());
    }

    @Test
    void aValueThatIsNoNumberBoxesThePartAndKeepsEverything() {
        Table t = doubles(40);
        t.rawset(20, LuaValue.valueOf("twenty"));
        assertNull(t.numberPart());
        assertEquals(LuaValue.valueOf("twenty"), t.rawget(20));
        for (int i = 1; i <= 40; i++) {
            if (i != 20) {
                assertEquals(LuaValue.valueOf(i + 0.5), t.rawget(i));
            }
        }
        assertEquals(40, t.rawlen());
    }

    @Test
    void aNilSlotTakesANumberOnlyWithoutAMetatable() {
        Table t = doubles(32);
        t.rawset(5, LuaValue.NIL);
        assertNotNull(t.numberPart(), "nil is a slot of the array of numbers");
        assertTrue(t.rawget(5).isnil());
        assertTrue(t.setNumber(5, 1.25));
        assertEquals(1.25, t.numberAt(5));
        t.rawset(6, LuaValue.NIL);
        t.setmetatable(new LuaTable()); // (a __newindex may be added to it later)
        assertFalse(t.setNumber(6, 2.5), "an absent key: the caller's generic store, which honours __newindex");
        assertTrue(t.setNumber(7, 2.5), "a present key: no metamethod applies");
        assertFalse(t.setNumber(33, 1), "outside the array part");
        assertFalse(t.setNumber(0, 1));
    }

    @Test
    void aWeakModeTakesTheNumbersAlong() {
        Table t = doubles(20);
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.MODE, LuaValue.valueOf("v"));
        t.setmetatable(mt);
        assertFalse(t.ownStorage());
        assertEquals(LuaValue.valueOf(7.5), t.rawget(7));
        assertEquals(20, t.rawlen());
    }

    @Test
    void aWeakModeAfterARefusedTurnKeepsEverything() {
        Table t = new Table();
        for (int i = 1; i <= 16; i++) {
            t.rawset(i, LuaInteger.valueOf(i));
        }
        t.rawset(16, LuaValue.valueOf("end"));
        assertTrue(t.setNumber(1, 0.5)); // refused: the mark left in LuaJ's field that the weak mode then uses
        assertNull(t.numberPart());
        LuaTable mt = new LuaTable();
        mt.rawset(LuaValue.MODE, LuaValue.valueOf("k"));
        t.setmetatable(mt);
        assertFalse(t.ownStorage());
        assertEquals(LuaValue.valueOf(0.5), t.rawget(1));
        assertEquals(LuaValue.valueOf("end"), t.rawget(16));
        assertEquals(16, t.rawlen());
        t.rawset(17, LuaInteger.valueOf(17));
        assertEquals(17, t.rawlen());
        assertEquals("1=0.5 2=2 3=3", walk(t).substring(0, 13));
    }

    /**
     * Random stores of numbers, nils and now and then a string, into twin tables under the same keys: one given
     * numbers, the other the same values as strings (always boxed). Their sizes depend on the keys alone, so both
     * must agree on every key, on the order of traversal and on the border.
     */
    @Test
    void agreesWithTheBoxedFormUnderRandomStores() {
        Random random = new Random(7);
        int unboxed = 0;
        for (int round = 0; round < 300; round++) {
            Table numbers = new Table();
            Table strings = new Table();
            boolean sawNumbers = false;
            for (int op = 0; op < 300; op++) {
                int key = random.nextInt(10) == 0 ? random.nextInt(200) - 5 : 1 + random.nextInt(60);
                LuaValue v = switch (random.nextInt(8)) {
                    case 0 -> LuaValue.NIL;
                    case 1 -> random.nextInt(50) == 0 ? LuaValue.valueOf("s" + op) : LuaInteger.valueOf(op);
                    case 2 -> LuaValue.valueOf(-0.0);
                    default -> LuaValue.valueOf(op + random.nextInt(4) * 0.25);
                };
                numbers.rawset(key, v);
                strings.rawset(key, v.isnil() ? v : LuaValue.valueOf(v.tojstring()));
                sawNumbers |= numbers.numberPart() != null;
            }
            unboxed += sawNumbers ? 1 : 0;
            assertEquals(strings.rawlen(), numbers.rawlen(), "round " + round);
            assertEquals(walk(strings), walk(numbers), "round " + round);
            for (int k = -5; k < 200; k++) {
                assertEquals(strings.rawget(k).tojstring(), numbers.rawget(k).tojstring(), "round " + round + " key " + k);
            }
        }
        assertTrue(unboxed > 100, "the numbers were held unboxed in most rounds: " + unboxed);
    }
}
