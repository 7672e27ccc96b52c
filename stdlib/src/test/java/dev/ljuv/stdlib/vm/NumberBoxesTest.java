package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaValue;

/** Integer results boxed without allocating where small: the same values as LuaJ's arithmetic gives, as Lua sees them. */
class NumberBoxesTest {
    @Test
    void productsOfIntegersShareTheSmallBoxesOnceMade() {
        LuaValue.valueOf(1); // (LuaJ's classes first, as a state makes them)
        NumberBoxes.box(1); // (the shared boxes made)
        LuaValue p = ValueSemantics.product(150, 149);
        assertSame(NumberBoxes.box(22350), p, "a product within the shared range: the shared box, no new one");
        assertSame(p, LuaInteger.valueOf(150).mul(LuaInteger.valueOf(149)), "LuaJ's own mul (patched) too");
        assertEquals(22350, p.toint());
        LuaValue big = ValueSemantics.product(1000, 1000);
        assertEquals(LuaInteger.valueOf(1_000_000), big, "past the shared range: a box of its own");
        assertNotSame(big, ValueSemantics.product(1000, 1000));
        LuaValue wide = ValueSemantics.product(1 << 20, 1 << 20);
        assertTrue(wide instanceof LuaDouble, "past the int range: a double, as LuaJ gives");
        assertEquals(Math.pow(2, 40), wide.todouble());
        LuaValue negativeZero = ValueSemantics.product(0, -5);
        assertTrue(negativeZero instanceof LuaDouble && 1 / negativeZero.todouble() < 0, "0 * -5 is -0");
        assertSame(NumberBoxes.box(-1000), ValueSemantics.product(-10, 100));
    }

    @Test
    void aTraversalsArrayKeysAreTheSharedBoxes() {
        LuaValue.valueOf(1);
        NumberBoxes.box(1);
        Table t = new Table();
        for (int i = 1; i <= 400; i++) {
            t.rawset(i, LuaValue.valueOf("v" + i));
        }
        org.luaj.vm2.Varargs next = t.next(LuaValue.valueOf(299));
        assertSame(NumberBoxes.box(300), next.arg1(), "next's key past 255: no new box");
        assertEquals("v300", next.arg(2).tojstring());
    }
}
