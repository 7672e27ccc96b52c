package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Which coroutine bodies run frameless: nothing but registers live between two instructions. */
class GeneratorsTest {
    private static boolean eligible(String body) throws Exception {
        return Generators.eligible(Prototypes.compile("return function(...) " + body + " end").p[0]);
    }

    @Test
    void bodiesWithFixedCallsAreGenerators() throws Exception {
        assertEquals(true, eligible("local x = ... while true do x = coroutine.yield(x + 1) end"));
        assertEquals(true, eligible("local a, b = ... for i = a, b do coroutine.yield(i, i * i) end return a"));
        assertEquals(true, eligible("local a = ... return coroutine.yield(a)"), "a tail call (its RETURN after)");
    }

    @Test
    void openResultsAreNot() throws Exception {
        assertEquals(false, eligible("coroutine.yield(...)"), "... passed on");
        assertEquals(false, eligible("local t = {...} coroutine.yield(t)"), "... into a table");
        assertEquals(false, eligible("local t = {coroutine.yield()}"), "all the results of a call");
        assertEquals(false, eligible("print(coroutine.yield())"), "all the results of a call as arguments");
        assertEquals(true, eligible("local t = ... for k, v in pairs(t) do coroutine.yield(k, v) end"), "a generic for");
    }

    @Test
    void aBackwardJumpIsALoop() throws Exception {
        assertEquals(true, CompiledChunk.loops(Prototypes.compile("while true do coroutine.yield() end")));
        assertEquals(true, CompiledChunk.loops(Prototypes.compile("for i = 1, 3 do coroutine.yield(i) end")));
        assertEquals(true, CompiledChunk.loops(Prototypes.compile("for k in next, {} do coroutine.yield(k) end")));
        assertEquals(false, CompiledChunk.loops(Prototypes.compile("local a = coroutine.yield() if a then return 1 end")));
    }
}
