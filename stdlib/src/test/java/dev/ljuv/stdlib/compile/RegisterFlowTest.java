package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/** Where registers live, which hold numbers unboxed, and what is copied to the register array when. */
class RegisterFlowTest {
    private static Prototype function(String code) throws Exception {
        return Prototypes.compile(code).p[0];
    }

    private static int first(Prototype p, int opcode) {
        return next(p, opcode, 0);
    }

    /** The first instruction with {@code opcode} at or after {@code from}. */
    private static int next(Prototype p, int opcode, int from) {
        for (int pc = from; pc < p.code.length; pc++) {
            if (Lua.GET_OPCODE(p.code[pc]) == opcode) {
                return pc;
            }
        }
        throw new AssertionError("no opcode " + opcode);
    }

    private static BitSet of(int... registers) {
        return Prototypes.registers(registers);
    }

    @Test
    void aCallCopiesTheNamedLocalsChangedSinceTheLastCall() throws Exception {
        Prototype p = function("return function(a) local b = a + 1 print(b) local c = b * 2 print(c) end");
        RegisterFlow flow = new RegisterFlow(p);
        int firstCall = first(p, Lua.OP_CALL);
        assertEquals(of(1), flow.toSpill(firstCall), "b changed; a, a parameter, is there from the start");
        assertEquals(of(2), flow.toSpill(next(p, Lua.OP_CALL, firstCall + 1)), "only c: b was copied at the first call");
    }

    @Test
    void capturedRegistersStayInTheArray() throws Exception {
        Prototype p = function("return function() local n = 1 local k = 2 return function() return n end, k end");
        RegisterFlow flow = new RegisterFlow(p);
        assertFalse(flow.inLocal(0), "n, captured");
        assertTrue(flow.inLocal(1), "k");
        assertTrue(flow.anyCaptured());
    }

    @Test
    void anErrorCopiesTheFailingInstructionsOperands() throws Exception {
        Prototype p = function("return function(a, b, t) local x = a + b t[x] = 1 return a .. b end");
        RegisterFlow flow = new RegisterFlow(p);
        assertEquals(of(0, 1), flow.errorOperands(first(p, Lua.OP_ADD)));
        assertEquals(of(3), flow.errorOperands(first(p, Lua.OP_SETTABLE)), "the key");
        assertEquals(new BitSet(), flow.errorOperands(first(p, Lua.OP_RETURN)));
    }

    @Test
    void aLoopThatCallsCopiesOnEntryAndItsCallsOnlyWhatItChanges() throws Exception {
        // registers: 0 f, 1 n, 2 s, 3..5 for index/limit/step, 6 i
        Prototype p = function("return function(f) local n = f() + 1 local s = 0 for i = 1, n do s = s + f(i) end return s end");
        RegisterFlow flow = new RegisterFlow(p);
        int prep = first(p, Lua.OP_FORPREP);
        assertTrue(flow.copiesAt(prep));
        assertTrue(flow.loopWritesThrough(prep));
        assertEquals(of(1, 2, 3, 4, 5), flow.toSpill(prep), "n and s, and what the loop starts from");
        assertEquals(of(2), flow.toSpill(next(p, Lua.OP_CALL, prep)),
                "s alone: the loop's registers are written through, n and f unchanged");
    }

    @Test
    void aLoopWithoutCallsCopiesNothing() throws Exception {
        Prototype p = function("return function(n) local s = 0 for i = 1, n do s = s + i end print(s) end");
        RegisterFlow flow = new RegisterFlow(p);
        int prep = first(p, Lua.OP_FORPREP);
        assertFalse(flow.copiesAt(prep));
        assertFalse(flow.loopWritesThrough(prep));
        assertEquals(of(1), flow.toSpill(first(p, Lua.OP_CALL)), "s; the loop's registers are out of scope");
    }

    @Test
    void aWhileLoopThatCallsCopiesOnTheWayInThroughAPad() throws Exception {
        // registers: 0 f, 1 limit, 2 i; the loop's head is the comparison i < limit
        Prototype p = function("return function(f) local limit = f() * 2 local i = 0 "
                + "while i < limit do i = i + 1 f(i) end return i end");
        RegisterFlow flow = new RegisterFlow(p);
        int head = first(p, Lua.OP_LT);
        assertEquals(of(1, 2), flow.padAt(head), "limit and i, changed before the loop");
        assertEquals(of(2), flow.toSpill(next(p, Lua.OP_CALL, head)), "i alone: limit was copied on the way in");
        Prototype noCall = function("return function(n) local i = 0 while i < n do i = i + 1 end print(i) end");
        assertEquals(null, new RegisterFlow(noCall).padAt(first(noCall, Lua.OP_LT)), "no call in the loop: no pad");
    }

    @Test
    void aGenericForCopiesAtItsFirstJump() throws Exception {
        // registers: 0 t, 1 n, 2..4 generator/state/control (pairs' results), 5 k, 6 v
        Prototype p = function("return function(t) local n = #t * 2 for k, v in pairs(t) do print(k, n) end end");
        RegisterFlow flow = new RegisterFlow(p);
        int jump = first(p, Lua.OP_JMP);
        assertTrue(flow.copiesAt(jump));
        assertEquals(of(2, 3, 4), flow.toSpill(jump), "what pairs returned (n was copied at that call)");
        int call = next(p, Lua.OP_CALL, jump);
        assertEquals(of(4, 5, 6), flow.toSpill(call),
                "the control variable, k and v, which each turn sets: generator and state were copied on the way in");
    }

    @Test
    void aFunctionTooLargeForTheJitInAnyFormIsNotWorthLocals() throws Exception {
        String sum = "local s = 0 for i = 1, n do s = s + i end";
        assertTrue(RegisterFlow.worthLocals(function("return function(n) " + sum + " return s end"), false));
        // the same loop after 3000 stores: past what fits in the JIT's limit at 4 bytes an instruction
        String big = "return function(n, t) " + "t.x = 1 ".repeat(3000) + sum + " return s end";
        Prototype p = function(big);
        assertTrue(p.code.length > CompiledChunk.JIT_LIMIT / 4);
        assertFalse(RegisterFlow.worthLocals(p, false));
    }

    @Test
    void aNumberReadLooksPastOperandsThatAreNoRegisters() throws Exception {
        // x = t[1] in register 2, then GETUPVAL 3 2 (c: upvalue 2, no use of register 2), then x * y
        Prototype p = function("local a, b, c = 2, 3, 4\n"
                + "return function(t) local u = a + b local x = t[1] local y = c return x * y * u end");
        int read = first(p, Lua.OP_GETTABLE);
        int up = next(p, Lua.OP_GETUPVAL, read);
        assertEquals(Lua.GETARG_A(p.code[read]), Lua.GETARG_B(p.code[up]), "the upvalue's index is x's register");
        assertTrue(new RegisterFlow(p).numberRead(read));
    }

    @Test
    void inIntegerCodeOnlyABitFunctionsArgumentIsANumberRead() throws Exception {
        Prototype p = function("local band, rol = bit.band, bit.rol\n"
                + "return function(t, j) local x = t[j] t[j] = band(t[j], rol(-2, j)) return x end");
        int kept = first(p, Lua.OP_GETTABLE);
        int word = next(p, Lua.OP_GETTABLE, kept + 1);
        RegisterFlow flow = new RegisterFlow(p);
        assertFalse(flow.floatingPoint());
        assertTrue(flow.numberRead(word), "band's argument, past rol's call that gives its other");
        assertFalse(flow.numberRead(kept), "a value returned: read boxed");
    }

    @Test
    void aTailCallLeavesRegistersInLocalsOnlyWhereTheFunctionCallsItself() throws Exception {
        // RETURN A 0 after each TAILCALL: an open range no instruction before it makes, never reached
        Prototype ack = function("local ack\n"
                + "ack = function(m, n) if m == 0 then return n + 1 end return ack(m - 1, n * 2) end return ack");
        assertTrue(new RegisterFlow(ack).eligible());
        assertTrue(RegisterFlow.worthLocals(ack, true));
        assertFalse(RegisterFlow.worthLocals(ack, false), "a tail call and no call of itself: the array, as before");
    }
}
