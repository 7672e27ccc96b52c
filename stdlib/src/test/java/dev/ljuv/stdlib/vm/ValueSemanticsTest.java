package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link ValueSemantics#address}: the eight hex digits of an identity, zeros in front, as {@code %08x} wrote them;
 * {@link ValueSemantics#isNil} and {@link ValueSemantics#isTrue}, by reference, as LuaJ's {@code isnil()} and
 * {@code toboolean()} answer.
 */
class ValueSemanticsTest {
    @Test
    void nilAndTruthByReferenceAgreeWithLuaJ() {
        org.luaj.vm2.LuaTable t = new org.luaj.vm2.LuaTable();
        org.luaj.vm2.LuaValue[] values = {org.luaj.vm2.LuaValue.NIL, org.luaj.vm2.LuaValue.NONE,
            org.luaj.vm2.LuaValue.FALSE, org.luaj.vm2.LuaValue.TRUE, org.luaj.vm2.LuaValue.valueOf(false),
            org.luaj.vm2.LuaValue.ZERO, org.luaj.vm2.LuaValue.valueOf(0.0), org.luaj.vm2.LuaValue.valueOf(""),
            org.luaj.vm2.LuaValue.valueOf(Double.NaN), t, new org.luaj.vm2.LuaUserdata(new Object()),
            org.luaj.vm2.LuaValue.varargsOf(org.luaj.vm2.LuaValue.NIL, org.luaj.vm2.LuaValue.NONE).arg1(),
            t.get(1), t.rawget("missing")};
        for (org.luaj.vm2.LuaValue v : values) {
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
