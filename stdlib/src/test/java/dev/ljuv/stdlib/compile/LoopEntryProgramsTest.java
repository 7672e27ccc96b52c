package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.CompiledPrograms.compiled;
import static dev.ljuv.stdlib.compile.CompiledPrograms.globals;
import static dev.ljuv.stdlib.compile.CompiledPrograms.load;
import static dev.ljuv.stdlib.compile.CompiledPrograms.printsAsInterpreted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.vm.RuntimeOptions.Compile;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * Calls that go on in compiled code from a loop's back edge ({@link LoopEntries}, on-stack replacement), in rounds
 * or in one piece, behave as interpreted ones, observable for observable.
 */
class LoopEntryProgramsTest {
    @Test
    void aMainChunkThatLoopsLongIsCompiledWhileItRuns() {
        LuaValue main = load(Compile.AUTO, "local s = 0 for i = 1, 5000 do s = s + i end return s");
        assertFalse(compiled(main), "nothing is compiled at load");
        assertEquals(12502500, main.call().toint());
        assertTrue(compiled(main), "its loop got hot: compiled, and the call went on in the compiled code");
    }

    /**
     * Where a looping call goes on compiled: at an outermost loop's back edge when it comes soon, at an inner loop's
     * when the inner loop runs long first ({@link LoopEntries#INNER_LOOP}); {@code seen()}, called at the end of
     * each outer iteration (before its back edge), tells whether the function was compiled by then.
     */
    @Test
    void aLongInnerLoopIsEnteredWhereItRunsAShortOneAtItsOuterLoop() {
        for (int inner : new int[] {CompiledChunk.HOT_LOOP / 2, LoopEntries.INNER_LOOP + CompiledChunk.HOT_LOOP}) {
            Globals g = globals(new PrintStream(OutputStream.nullOutputStream()), Compile.AUTO);
            LuaValue main = g.load("local s = 0 for r = 1, 4 do for i = 1, " + inner + " do s = s + i end seen() end return s", "=t");
            java.util.List<Boolean> seen = new java.util.ArrayList<>();
            g.set("seen", new org.luaj.vm2.lib.ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    seen.add(compiled(main));
                    return NONE;
                }
            });
            main.call();
            assertEquals(inner < LoopEntries.INNER_LOOP ? java.util.List.of(false, false, true, true)
                    : java.util.List.of(true, true, true, true), seen, inner + " iterations of the inner loop");
        }
    }

    /**
     * Calls that loop long go on in compiled code from the back edge of a loop (on-stack replacement), an inner
     * loop's when that gets hot first:
     * a main chunk, a function called once, a coroutine, with upvalues captured before the switch (and after it,
     * of locals captured before), numeric,
     * generic and while loops nested, errors raised after it (one frame, the right line), must print what the
     * interpreter prints.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "local s, fs = 0, {} for i = 1, 30000 do s = s + i % 7 if i % 10000 == 0 then local j = i "
                + "fs[#fs + 1] = function() j = j + 1 return j, s end end end print(s, fs[1](), fs[1](), fs[3]())",
        "local function f(n) local t, c = {}, 0 for i = 1, n do for j = 1, 3 do c = c + j end t[i] = c end "
                + "local m = 0 for _, v in ipairs(t) do m = m + v end local k = 0 while k < n do k = k + 2 end "
                + "return m, k, c end print(f(5000))",
        "local co = coroutine.wrap(function() local c = 0 for i = 1, 10000 do c = c + i "
                + "if i % 2500 == 0 then coroutine.yield(c) end end return 'done' end) print(co(), co(), co(), co(), co())",
        "print(pcall(function() local x for i = 1, 5000 do if i == 4000 then return x.y end end end))",
        "print(select(2, xpcall(function() for i = 1, 5000 do if i == 4999 then error('deep') end end end, debug.traceback)))",
        "local i, s = 0, '' repeat i = i + 1 if i % 1000 == 0 then s = s .. i end until i >= 6000 print(s)",
        "local t = {} for i = 1, 3000 do t[i] = i end local n = 0 for k, v in pairs(t) do n = n + k * v end print(n)",
        // an inner loop runs long (LoopEntries.INNER_LOOP) before its outer loop's back edge: the call goes on from
        // the inner one's, and the outer loops (numeric with a fractional step, while, generic) run on compiled
        "local s, fs = 0, {} for r = 1, 2.5, 0.5 do local k = r * 2 for i = 1, 60000 do s = s + i % 5 + k end "
                + "fs[#fs + 1] = function() k = k + 1 return k, r end end print(s, fs[1](), fs[1](), fs[4]())",
        "local n, r, out = 0, 0, {} while r < 3 do r = r + 1 for _, v in ipairs({5, 6, 7}) do "
                + "local j = 0 while j < 30000 do j = j + 1 n = n + v end end out[r] = n end "
                + "print(n, r, table.concat(out, ' '))",
        "local t = {} for i = 1, 3 do t[i] = {} for j = 1, 60000 do t[i][j] = i * j end end local s = 0 "
                + "for k, row in pairs(t) do for j = #row, 1, -1 do s = s + row[j] - k end end print(s, #t[3])",
        "print(pcall(function() for i = 1, 3 do for j = 1, 60000 do if i == 2 and j == 4000 then error('at ' .. j) end end end end))",
        // entered at the inner one's back edge, the call goes on a round of the outermost loop at a time (Frame.rounds):
        // each round entered again at that loop's back edge, its registers through the array (a counted loop's
        // counter, numbers, upvalues made in earlier rounds), and left by break, return and error in a later round
        "local s, fs = 0, {} for r = 1, 5 do local k = r for i = 1, 60000 do s = s + i % 3 end if r == 4 then break end "
                + "fs[r] = function() k = k + 10 return k, r, s end end print(s, #fs, fs[1](), fs[1](), fs[3]())",
        "local function f() local x = 0.5 for r = 1, 6 do for i = 1, 60000 do x = x * 1.0000001 + 1 "
                + "if r == 5 and i == 30000 then return r, i, x end end end end print(f())",
        "local n = 0 for k, v in pairs({a = 1, b = 2, c = 3}) do for i = 1, 60000 do n = n + v end end print(n)",
        "local r, fs = 0, {} while r < 4 do r = r + 1 local c = r * 3 fs[r] = function() return c end "
                + "for i = 1, 60000 do c = c + 1 end end print(r, fs[1](), fs[2](), fs[4]())",
        "print(pcall(function() local t = {} for r = 1, 5 do for i = 1, 60000 do t[i] = r end if r == 3 then "
                + "local z = nil return z.field end end end))",
        "local s = 0 for r = 1, 3 do for j = 1, 2 do for i = 1, 40000 do s = s + r * j end end "
                + "local name, value = debug.getlocal(1, 5) io.write(tostring(name), '=', tostring(value), ' ') end print(s)",
        // the first round long, then short ones: timed, they go on in one piece from there
        "local s = 0 for r = 1, 60 do for i = 1, r == 1 and 60000 or 10 do s = s + i end end print(s)",
        "local s = 0 for r = 1, 2.5, 0.25 do for i = 1, 60000 do s = s + r end end print(s)",
        // then another loop nest with short rounds, and a loop without one (no round ends there)
        "local s = 0 for r = 1, 3 do for i = 1, 60000 do s = s + i % 7 end end for r = 1, 20000 do for j = 1, 2 do "
                + "s = s + j end end for i = 1, 30000 do s = s - 1 end print(s)",
        // an outer loop of several inner loops: a round from one's exit to the next's, each in a method of its own
        // (FunctionCompiler.enterLoop); numbers, counters, closures and upvalues through the array between rounds,
        // left by break, return and error in a later round
        "local s, fs = 0, {} for r = 1, 4 do local t, k = {}, r * 2 for i = 1, 60000 do t[i] = i * r end "
                + "for i = 1, #t do s = s + t[i] % 7 + k end fs[r] = function() k = k + 1 return k, r end "
                + "for i = #t, 1, -1 do s = s - i % 3 end if r == 3 then break end end print(s, #fs, fs[1](), fs[1](), fs[3]())",
        "local function f() local x = 0.25 for r = 1, 6 do for i = 1, 60000 do x = x * 1.0000001 + 0.5 end "
                + "for j = 1, 60000 do x = x - 0.25 if r == 4 and j == 7 then return r, j, x end end end end print(f())",
        "print(pcall(function() local t = {} for r = 1, 5 do for i = 1, 60000 do t[i] = r end local n = 0 "
                + "for i = 1, 60000 do n = n + t[i] end if r == 3 then local z = nil return z.field end end end))",
        "local n = 0 for k, v in pairs({a = 1, b = 2, c = 3}) do for i = 1, 60000 do n = n + v end "
                + "local i = 0 while i < 20000 do i = i + 1 n = n - 1 end for j = 1, 1000 do n = n + 1 end end print(n)",
        "local s, r = 0, 0 while r < 4 do r = r + 1 for i = 1, 60000 do s = s + i % 5 end "
                + "local name, value = debug.getlocal(1, 2) io.write(tostring(name), '=', tostring(value), ' ') "
                + "repeat s = s - 1 until s % 1000 == 0 end print(s)",
        // yields from a coroutine's rounds, and a closure made in one
        "local co = coroutine.wrap(function() local s = 0 for r = 1, 4 do for i = 1, 60000 do s = s + i % 3 end "
                + "coroutine.yield(s) for j = 1, 60000 do s = s - j % 2 end if r % 2 == 0 then coroutine.yield(-s) end "
                + "end return 'done', s end) for k = 1, 7 do print(co()) end local t = {} for r = 1, 3 do "
                + "for i = 1, 60000 do t[i] = i end local g = function() return r end "
                + "for i = 1, 60000 do t[i] = t[i] + g() end print(r, t[60000]) end",
        // a loop whose exit heads the next loop: no round ends there; and more inner loops than round methods
        "local s = 0 for r = 1, 3 do for i = 1, 60000 do s = s + 1 end local j = 0 while j < 30000 do j = j + 1 s = s + 2 "
                + "end for i = 1, 20000 do s = s - 1 end end print(s)",
        "local s = 0 for r = 1, 3 do for a = 1, 60000 do s = s + 1 end for b = 1, 900 do s = s + 2 end "
                + "for c = 1, 900 do s = s + 3 end for d = 1, 900 do s = s + 4 end for e = 1, 900 do s = s + 5 end "
                + "for f = 1, 900 do s = s + 6 end for g = 1, 900 do s = s + 7 end for h = 1, 900 do s = s + 8 end end print(s)",
        // the call entered at a loop of its own first (outermost), then such an outer loop: in rounds from there
        "local keys, s = {}, 0 for i = 1, 5000 do keys[i] = 'k' .. i end for r = 1, 3 do local idx = {} "
                + "for i = 1, #keys do idx[keys[i]] = i + r end for i = #keys, 1, -1 do s = s + idx[keys[i]] end end print(s)",
        // short rounds: timed, they go on in the whole body from a round's exit
        "local s = 0 for r = 1, 200 do for i = 1, r == 1 and 60000 or 10 do s = s + i end for j = 1, 3 do s = s - j end "
                + "end print(s)",
        // short inner loops: entered at the outer loop's back edge
        "local s = 0 for i = 1, 3000 do for j = 1, 3 do s = s + i * j end end print(s)",
        // the inner call compiles the loop entry at its own inner loop (B); the outer call, interpreted until then,
        // goes on at the other (A), which counts in ints only in the class compiled at it: it ends on its general path
        "local function f(which, n) local s = 0 for r = 1, 2 do if which == 1 and r == 1 then s = s + f(2, n) end "
                + "if which == 1 then for i = 1, n do s = s + i % 3 end else for i = 1, n do s = s + i % 5 end end "
                + "end return s end print(f(1, 60000))",
        // the interpreter keeps open upvalues in the order it made them, compiled code by register: b's came first
        "local function f() local a, b = 'a', 'b' local gb = function() return b end for i = 1, 5000 do end "
                + "local ga = function() return a end a, b = 'A', 'B' return ga(), gb() end print(f())",
    })
    void longLoopsOfInterpretedCallsGoOnCompiled(String program) throws Exception {
        printsAsInterpreted(program, Compile.AUTO);
    }

    /**
     * A function compiled because its first call looped long (its class has a loop entry) is called again from the
     * interpreter (a main chunk's short loop), its later calls running the class's call body: arguments and varargs,
     * closures capturing the loop's locals, an error's line and traceback, {@code debug.getlocal}, a yield from the
     * loop, must print what the interpreter prints.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "local function f(n, k) local s, fs = 0, {} for i = 1, n do s = s + i % k "
                + "if i % 1000 == 0 then local j = i fs[#fs + 1] = function() j = j + 1 return j end end end "
                + "return s, #fs, fs[1] and fs[1](), fs[2] and fs[2]() end "
                + "for r = 1, 3 do print(f(3000 * r, r + 2)) end",
        "local function f(...) local n, s = select('#', ...), 0 for i = 1, 3000 do s = s + n end return s, ... end "
                + "for r = 1, 3 do print(f(r, 'x', nil)) end print(f())",
        "local function f(bad) local t = {} for i = 1, 3000 do t[i] = i end\nif bad then return t.x.y end return #t end "
                + "print(f()) print(pcall(f, true)) print(f()) "
                + "print(select(2, xpcall(f, function(e) return e .. debug.traceback('', 1):gsub('\\n.*', '') end, 1)))",
        "local function f(tag) local c = 0 for i = 1, 3000 do c = c + i end local name, value = debug.getlocal(1, 2) "
                + "return tag, c, name, value end for r = 1, 3 do print(f(r)) end",
        "local function f(m) local c = 0 for i = 1, 3000 do c = c + i if i % m == 0 then coroutine.yield(c) end end "
                + "return 'done' end f(100000) for r = 1, 2 do local co = coroutine.wrap(f) print(co(1000), co(), co(), co()) end",
    })
    void aFunctionCompiledForItsLoopIsCalledAgainFromTheInterpreter(String program) throws Exception {
        printsAsInterpreted(program, Compile.AUTO);
    }
}
