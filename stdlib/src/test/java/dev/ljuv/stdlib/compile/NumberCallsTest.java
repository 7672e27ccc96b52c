package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/** Which calls take a number function's path: by name and argument count, folds, calls chained by open results. */
class NumberCallsTest {
    private static BitSet of(List<Integer> pcs) {
        BitSet s = new BitSet();
        pcs.forEach(s::set);
        return s;
    }

    @Test
    void foldsOfThreeOrFourArgumentsAndNotOfFive() throws Exception {
        Prototype p = Prototypes.compile("local bxor, max, rshift = bit.bxor, math.max, bit.rshift\n"
                + "local a, b, c, d, e = ...\n"
                + "local x = bxor(a, b, c) local y = max(a, b, c, d) local z = max(a, b, c, d, e)\n"
                + "local w = rshift(a, b, c) return x, y, z, w");
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        assertEquals(of(calls.subList(0, 2)), NumberCalls.of(p), "bxor of 3 and max of 4; not max of 5, nor rshift"
                + " (a shift is no fold) of 3");
    }

    @Test
    void aCallWhoseLastArgumentIsANumberCallIsOneAndSoIsTheInnerCall() throws Exception {
        // floor(sqrt(x)): CALL sqrt with C = 0 (all its results), then CALL floor with B = 0 (up to them)
        Prototype p = Prototypes.compile("local floor, sqrt = math.floor, math.sqrt\n"
                + "local x = ... local r = floor(sqrt(x)) local s = tostring(sqrt(x)) return r, s");
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        assertEquals(0, Lua.GETARG_C(p.code[calls.get(0)]), "sqrt's results open");
        assertEquals(0, Lua.GETARG_B(p.code[calls.get(1)]), "floor's arguments up to them");
        assertEquals(1, NumberCalls.arguments(p, calls.get(1)), "floor's one argument: sqrt's result");
        assertEquals(of(calls.subList(0, 2)), NumberCalls.of(p),
                "floor and its sqrt; not tostring, nor the sqrt whose results go to it");
    }

    @Test
    void aChainOfBitCallsIsKeptOnlyWhereItsResultIsNextUsedAsANumber() throws Exception {
        Prototype p = Prototypes.compile("local band, rol, f = bit.band, bit.rol, print\n"
                + "local t, j, x = ...\n"
                + "t[j] = band(t[j], rol(-2, j))\n" // the result stored into a table, which may hold numbers
                + "x = band(x, rol(-2, j)) + 1\n" // the result added to
                + "local y = band(x, rol(-2, j)) f(y)\n" // the result passed on as a value
                + "return t, x");
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        BitSet all = NumberCalls.of(p);
        assertEquals(of(calls.subList(0, 6)), all, "the three chains by name");
        BitSet numeric = new BitSet();
        calls.forEach(pc -> numeric.set(Lua.GETARG_A(p.code[pc])));
        assertEquals(of(calls.subList(0, 4)), NumberCalls.chains(p, all, pc -> numeric.get(Lua.GETARG_A(p.code[pc]))),
                "the chains whose result is stored and added to");
        numeric.clear(Lua.GETARG_A(p.code[calls.get(2)])); // rol's result register boxed: the chains pay nothing
        assertEquals(new BitSet(), NumberCalls.chains(p, all, pc -> numeric.get(Lua.GETARG_A(p.code[pc]))));
    }

    @Test
    void loopsCallingOnlyNumberFunctionsMakeNoCallsInLoops() throws Exception {
        String head = "local sqrt, f = math.sqrt, print local s = 0\n";
        assertFalse(NumberCalls.callsInLoops(Prototypes.compile(head
                + "for i = 1, 10 do s = s + sqrt(i) end f(s) while s > 1 do s = s / sqrt(2) end return s")),
                "number calls in loops, another call after them");
        assertTrue(NumberCalls.callsInLoops(Prototypes.compile(head + "for i = 1, 10 do s = s + f(i) end")),
                "a numeric for calling a function");
        assertTrue(NumberCalls.callsInLoops(Prototypes.compile(head + "while s < 9 do s = s + 1 f(s) end")),
                "a while loop calling a function");
        assertTrue(NumberCalls.callsInLoops(Prototypes.compile(head + "for k in pairs(_G) do s = s + 1 end")),
                "a generic for calls its iterator");
        assertTrue(NumberCalls.callsInLoops(Prototypes.compile(head
                + "for i = 1, 10 do s = s + sqrt(i, i) end")), "sqrt with two arguments is no number call");
    }

    @Test
    void theLoadsOfANumberCallsArgumentsRightBeforeItAreItsToMake() throws Exception {
        Prototype p = Prototypes.compile("local rshift, rol, f = bit.rshift, bit.rol, print\n"
                + "local i, t = ...\n"
                + "local a = rshift(i, 5)\n" // MOVE, LOADK of a number
                + "local b = rol(-2, i)\n" // LOADK, MOVE
                + "local c = rshift(\"x\", i)\n" // a string constant stays where it is
                + "local d = rshift(t[1], i)\n" // a table read ends them
                + "return a, b, c, d");
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        int[] code = p.code;
        int[] first = NumberCalls.argumentMoves(p, calls.get(0), 2);
        assertEquals(Lua.OP_MOVE, Lua.GET_OPCODE(code[first[0]]));
        assertEquals(Lua.OP_LOADK, Lua.GET_OPCODE(code[first[1]]));
        int[] second = NumberCalls.argumentMoves(p, calls.get(1), 2);
        assertEquals(Lua.OP_LOADK, Lua.GET_OPCODE(code[second[0]]));
        assertEquals(Lua.OP_MOVE, Lua.GET_OPCODE(code[second[1]]));
        int[] third = NumberCalls.argumentMoves(p, calls.get(2), 2);
        assertEquals(-1, third[0], "a string");
        assertEquals(Lua.OP_MOVE, Lua.GET_OPCODE(code[third[1]]));
        int[] fourth = NumberCalls.argumentMoves(p, calls.get(3), 2);
        assertEquals(-1, fourth[0], "a table's value");
        assertEquals(Lua.OP_MOVE, Lua.GET_OPCODE(code[fourth[1]]));
    }

    @Test
    void aParametersCallInALoopWhoseResultIsANumberIsANumberCall() throws Exception {
        Prototype p = Prototypes.compile("local g = ...\n"
                + "return function(f, n) local s = 0 local h = g\n"
                + "  for i = 1, n do s = s + f(i * 0.5) end\n" // in a loop, added to
                + "  for i = 1, n do s = s + h(i) end\n" // a local that is no parameter
                + "  for i = 1, n do g(f(i)) end\n" // its result passed on
                + "  return s + f(n) end").p[0]; // outside a loop
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        assertEquals(5, calls.size());
        assertTrue(NumberCalls.luaCall(p, calls.get(0)));
        assertEquals(of(calls.subList(0, 1)), NumberCalls.of(p), "only f(i * 0.5) in the first loop");
        for (int k = 1; k < 5; k++) {
            assertFalse(NumberCalls.luaCall(p, calls.get(k)), "call " + k);
        }
    }

    @Test
    void anUpvaluesOrAGlobalsFunctionCalledSoIsOneUnlessCalledByALibraryName() throws Exception {
        Prototype p = Prototypes.compile("local A, abs = ...\n"
                + "return function(n) local s = 0\n"
                + "  for i = 1, n do s = s + A(i, 2) end\n" // an upvalue's function: maybe a leaf number function
                + "  for i = 1, n do s = s + G(i) end\n" // a global's
                + "  for i = 1, n do s = s + abs(i) end\n" // a library function's name: the library's path only
                + "  return s end").p[0];
        List<Integer> calls = Prototypes.all(p, Lua.OP_CALL);
        assertTrue(NumberCalls.luaCall(p, calls.get(0)), "A(i, 2)");
        assertTrue(NumberCalls.luaCall(p, calls.get(1)), "G(i)");
        assertFalse(NumberCalls.luaCall(p, calls.get(2)), "abs(i)");
        assertEquals(of(calls), NumberCalls.of(p), "all three number calls");
    }
}
