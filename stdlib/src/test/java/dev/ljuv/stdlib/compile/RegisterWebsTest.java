package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/** A register's values cut into webs, and which webs hold numbers unboxed. */
class RegisterWebsTest {
    private static RegisterWebs webs(Prototype p, boolean countLoops) {
        RegisterFlow flow = new RegisterFlow(p);
        assertTrue(flow.eligible());
        return new RegisterWebs(p, flow, NumberCalls.of(p), countLoops ? new CountedLoops(p, 30) : null);
    }

    /** The first function in {@code code}'s chunk. */
    private static Prototype function(String code) throws Exception {
        return Prototypes.compile(code).p[0];
    }

    /** The first instruction with {@code opcode}. */
    private static int first(Prototype p, int opcode) {
        return Prototypes.all(p, opcode).get(0);
    }

    @Test
    void accumulatorsAreNumericParametersAndCallResultsAreNot() throws Exception {
        // x: parameter; s: 0, then s + y; y: x * 2, read by the addition; r: a call's result
        Prototype p = function(
                "return function(x) local s = 0 local y = x * 2 s = s + y local r = tostring(s) return r end");
        RegisterWebs webs = webs(p, false);
        int add = first(p, Lua.OP_ADD);
        int call = first(p, Lua.OP_CALL);
        assertTrue(webs.numericAt(1, add), "s");
        assertTrue(webs.numericAt(2, add), "y");
        assertFalse(webs.numericAt(0, add), "x, a parameter");
        assertFalse(webs.numericAt(3, call), "r, a call's result");
        assertEquals(webs.before(1, add), webs.at(1, add), "s + y into s: one web");
    }

    @Test
    void aSlotAnIntegerLoopCountedInHoldsAnUnboxedSumAfterTheLoop() throws Exception {
        // the loop's registers are 1..4; sum, declared after the loop, takes register 1
        Prototype p = function("return function(t, n)\n"
                + "  for i = 1, n do t[i] = i end\n"
                + "  local sum = 0\n"
                + "  for i = 1, n do sum = sum + t[i] end\n"
                + "  return sum\n"
                + "end");
        List<Integer> preps = Prototypes.all(p, Lua.OP_FORPREP);
        List<Integer> adds = Prototypes.all(p, Lua.OP_ADD);
        int slot = Lua.GETARG_A(p.code[preps.get(0)]);
        assertEquals(slot, Lua.GETARG_A(p.code[adds.get(0)]), "sum reuses the first loop's index register");
        RegisterWebs counted = webs(p, true);
        assertFalse(counted.numericAt(slot, preps.get(0)), "the first loop's index counts on its own");
        assertTrue(counted.numericAt(slot, adds.get(0)), "the sum after it is numeric");
        assertNotEquals(counted.at(slot, preps.get(0)), counted.at(slot, adds.get(0)));
        assertEquals(counted.before(slot, adds.get(0)), counted.at(slot, preps.get(1) - 1), "sum = 0 reaches the loop");
    }

    @Test
    void valuesThatMeetAtAJoinAreOneWeb() throws Exception {
        // x is 1 or c * 2 where the branches meet, then added to: one numeric web
        Prototype p = function("return function(c) local x = 1 if c then x = c * 2 end return x + 1 end");
        RegisterWebs webs = webs(p, false);
        int add = first(p, Lua.OP_ADD);
        int mul = first(p, Lua.OP_MUL);
        int loadk = first(p, Lua.OP_LOADK);
        int x = Lua.GETARG_A(p.code[loadk]);
        assertEquals(x, Lua.GETARG_A(p.code[mul]));
        assertEquals(webs.at(x, loadk), webs.before(x, add));
        assertEquals(webs.at(x, mul), webs.before(x, add));
        assertTrue(webs.numericAt(x, add));
        assertTrue(webs.count() > p.maxstacksize, "more webs than registers");
    }

    @Test
    void aWebWithACallsResultIsBoxed() throws Exception {
        Prototype p = function("return function(c) local x = tostring(c) x = x + 1 return x end");
        RegisterWebs webs = webs(p, false);
        int add = first(p, Lua.OP_ADD);
        int call = first(p, Lua.OP_CALL);
        int x = Lua.GETARG_A(p.code[call]);
        assertEquals(x, Lua.GETARG_A(p.code[add]));
        assertEquals(webs.at(x, call), webs.at(x, add), "x + 1 into x: the call's web");
        assertFalse(webs.numericAt(x, add));
    }

    @Test
    void aNumberReadBeforeTheLoopThatMultipliesByItIsNumeric() throws Exception {
        // e is read from the row, then used first as a factor in the loop below (LU elimination)
        Prototype p = function("return function(vi, vj, j, n)\n"
                + "  local e = vi[j]\n"
                + "  for k = j + 1, n do vi[k] = vi[k] - e * vj[k] end\n"
                + "end");
        RegisterWebs webs = webs(p, true);
        int read = first(p, Lua.OP_GETTABLE);
        int mul = first(p, Lua.OP_MUL);
        int e = Lua.GETARG_A(p.code[read]);
        assertEquals(e, Lua.GETARG_B(p.code[mul]), "e * vj[k]");
        assertTrue(new RegisterFlow(p).numberRead(read), "read as a number");
        assertTrue(webs.numericAt(e, read));
        assertEquals(webs.at(e, read), webs.before(e, mul), "one value, read and multiplied by");
    }
}
