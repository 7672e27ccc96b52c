package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;

/**
 * {@link ValueSemantics#address}: the eight hex digits of an identity, zeros in front, as {@code %08x} wrote them;
 * {@link ValueSemantics#isNil} and {@link ValueSemantics#isTrue}, by reference, as LuaJ's {@code isnil()} and
 * {@code toboolean()} answer.
 */
class ValueSemanticsTest {
    @Test
    void nilAndTruthByReferenceAgreeWithLuaJ() {
        LuaTable t = new LuaTable();
        LuaValue[] values = {LuaValue.NIL, LuaValue.NONE, LuaValue.FALSE, LuaValue.TRUE, LuaValue.valueOf(false),
            LuaValue.ZERO, LuaValue.valueOf(0.0), LuaValue.valueOf(""), LuaValue.valueOf(Double.NaN), t,
            new LuaUserdata(new Object()), LuaValue.varargsOf(LuaValue.NIL, LuaValue.NONE).arg1(), t.get(1),
            t.rawget("missing")};
        for (LuaValue v : values) {
            assertEquals(v.isnil(), ValueSemantics.isNil(v), v.tojstring());
            assertEquals(v.toboolean(), ValueSemantics.isTrue(v), v.tojstring());
            assertEquals(v.not(), ValueSemantics.not(v), v.tojstring());
        }
    }

    @Test
    void anAddressIsEightHexDigitsAsFormatWroteThem() {
        int padded = 0;
        for (int i = 0; i < 2000; i++) {
            Object o = new Object();
            String a = ValueSemantics.address(o);
            assertEquals(String.format("0x%08x", System.identityHashCode(o)), a);
            padded += a.charAt(2) == '0' ? 1 : 0;
        }
        assertTrue(padded > 0, "no identity with a leading zero digit among 2000: the padding went untested");
    }
}
