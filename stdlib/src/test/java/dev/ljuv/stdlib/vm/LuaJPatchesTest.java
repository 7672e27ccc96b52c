package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.patcher.PatchedMembers;
import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Proves each LuaJ patch of the luaj-patcher module ({@code dev.ljuv.patcher.LuaJPatcher}) is in effect, one test per patch. The interpreter's patches are
 * proven on the interpreter: the compiler is off here, except where a test says otherwise.
 */
class LuaJPatchesTest {
    @Test
    void prototypeFieldPatchAddsTheCompiledFormField() throws Exception {
        Field f = org.luaj.vm2.Prototype.class.getField(PatchedMembers.PROTOTYPE_COMPILED);
        assertTrue(Modifier.isPublic(f.getModifiers()) && f.getType() == Object.class);
    }

    @Test
    void markFieldsPatchLetsAMemoryWalkCountEachTableAndStringOnce() throws Exception {
        for (Class<?> c : new Class<?>[] {org.luaj.vm2.LuaTable.class, org.luaj.vm2.LuaString.class}) {
            Field f = c.getField(PatchedMembers.WALK_MARK);
            assertTrue(Modifier.isPublic(f.getModifiers()) && f.getType() == Object.class, c.getName());
        }
        LuaJitGlobals g = (LuaJitGlobals) globals();
        long before = MemoryWalk.of(g, 16).bytes();
        g.load("local s = string.rep('x', 100000) t = {s, s, s, {s}} t[5] = t", "=m").call();
        long after = MemoryWalk.of(g, 16).bytes();
        assertTrue(after - before > 100_000 && after - before < 101_000, "one string and two tables: " + (after - before));
        assertEquals(after, MemoryWalk.of(g, 16).bytes(), "a second walk counts the same");
    }

    @Test
    void numeralCallRedirectPatchReadsANumberThroughNameBytes() {
        assertEquals("n:1: malformed number near '1x'", run(
                "local f, e = loadstring('x = 1x', '=n') return e"));
        assertEquals("1500", run("return tostring(1.5e+3)"));
    }

    @Test
    void constructionPatchRefusesATailCallOfANonFunctionInTheCallingFunction() {
        assertEquals("false t:1: attempt to call field 'missing' (a nil value)", run(
                "local t = {} local function f() return t.missing() end\n"
                + "local ok, e = pcall(function() f() end) return tostring(ok) .. ' ' .. e"));
    }

    @Test
    void callDepthPatchRunsTheCompiledCodeOfAClosureMadeBeforeItsFunctionWasCompiled() {
        LuaValue chunk = globals(RuntimeOptions.Compile.AUTO).load(
                "return function(a, b) return a + b, debug.traceback('x', 1) end", "=c");
        LuaValue inner = chunk.call();
        assertSame(org.luaj.vm2.LuaClosure.class, inner.getClass());
        org.luaj.vm2.Varargs first = inner.invoke(LuaValue.valueOf(2), LuaValue.valueOf(3));
        for (int i = 0; i < dev.ljuv.stdlib.compile.CompiledChunk.HOT_CALLS; i++) {
            inner.call(LuaValue.valueOf(2), LuaValue.valueOf(3));
        }
        assertTrue(dev.ljuv.stdlib.compile.CompiledChunk.isCompiled(((org.luaj.vm2.LuaClosure) inner).p));
        org.luaj.vm2.Varargs later = inner.invoke(LuaValue.valueOf(2), LuaValue.valueOf(3));
        assertEquals(5, later.arg1().toint());
        assertEquals(first.arg(2).tojstring(), later.arg(2).tojstring(), "the same stack seen compiled");
    }

    @Test
    void fieldReadRedirectPatchesLetTheInterpreterCallTheStatesDebugHooks() {
        assertEquals("line:2 line:3", run("local ev = {} debug.sethook(function(e, l) ev[#ev + 1] = e .. ':' .. l end, 'l')\n"
                + "local x = 1\n"
                + "debug.sethook() return table.concat(ev, ' ')"));
        assertEquals("", run("local ev = {} local function f() local y = 1 end f() return table.concat(ev, ' ')"),
                "no hook: no call");
    }

    @Test
    void codeAccessorPatchAnswersACompiledClosuresCodeUnlessAHookIsSet() throws Exception {
        java.lang.reflect.Method code = LuaValue.class.getMethod(dev.ljuv.patcher.PatchedMembers.CODE_ACCESSOR);
        Globals g = globals(RuntimeOptions.Compile.ALWAYS);
        LuaValue f = g.load("return function(x) return x end", "=c").call();
        assertTrue(code.invoke(f) instanceof dev.ljuv.stdlib.compile.CompiledFunction);
        assertEquals(null, code.invoke(LuaValue.valueOf("s")), "not a closure");
        assertEquals(null, code.invoke(globals().load("return function() end", "=i").call()), "interpreted");
        g.load("debug.sethook(function() end, 'c')", "=h").call();
        try {
            assertEquals(null, code.invoke(f), "a hook: the interpreter's way");
        } finally {
            g.load("debug.sethook()", "=h").call();
        }
        assertTrue(code.invoke(f) instanceof dev.ljuv.stdlib.compile.CompiledFunction);
    }

    /** A state whose functions run on the interpreter, the patches' home. */
    private static Globals globals() {
        return globals(RuntimeOptions.Compile.OFF);
    }

    private static Globals globals(RuntimeOptions.Compile mode) {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        return LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink),
                RuntimeOptions.DEFAULTS.withCompile(mode));
    }

    @Test
    void errorFieldsPatchOpensFieldsAndAddsTrace() throws Exception {
        for (String name : new String[] {"level", "fileline", "traceback", PatchedMembers.ERROR_TRACE}) {
            Field f = LuaError.class.getField(name);
            assertTrue(Modifier.isPublic(f.getModifiers()), name);
        }
    }

    @Test
    void unwindHookPatchPositionsErrorsAndRecordsFrames() {
        Globals g = globals();
        LuaValue chunk = g.load("local function inner()\n error('deep', 2)\nend\nlocal function outer()\n inner()\nend\nouter()", "@t.lua");
        LuaError e = assertThrows(LuaError.class, chunk::call);
        assertEquals("t.lua:5: deep", e.getMessageObject().tojstring());
        var trace = ErrorHooks.traceOf(e);
        assertNotNull(trace);
        assertEquals(3, trace.depth());
        assertEquals("stack traceback:\n\t[C]: in function 'error'\n\tt.lua:2: in function 'inner'\n"
                + "\tt.lua:5: in function 'outer'\n\tt.lua:7: in main chunk\n\t[C]: in ?", trace.traceback());
    }

    @Test
    void unwindHookPatchHidesJavaExceptionText() {
        Globals g = globals();
        LuaValue thrower = new org.luaj.vm2.lib.ZeroArgFunction() {
            @Override
            public LuaValue call() {
                throw new IllegalArgumentException("bad thing");
            }
        };
        g.set("thrower", thrower);
        LuaError e = assertThrows(LuaError.class, () -> g.load("thrower()", "=x").call());
        assertEquals("x:1: bad thing", e.getMessageObject().tojstring());
    }

    @Test
    void callDepthPatchTurnsRunawayRecursionIntoLuaError() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = LuaStacks.newThread("depth", () -> {
            Globals g = globals();
            result.set(g.load("local n = 0\nlocal function f() n = n + 1; return 1 + f() end\n"
                    + "local ok, e = pcall(f) return n .. ' ' .. e", "=d").call().tojstring());
        });
        t.start();
        t.join();
        assertEquals((LuaStacks.MAX_DEPTH - 1) + " d:2: stack overflow", result.get());
    }

    @Test
    void callDepthPatchLetsAnInterruptStopAnInterpretedLoop() throws Exception {
        // (also loops whose bodies jump forward, which makes no back-edge call: their own backward jump does)
        for (String loop : new String[] {"while true do end", "for i = 1, 1e300 do end", "repeat until false",
                "for k in next, {1} do while true do end end", "local x while true do if x then x = false end end",
                "local y ::top:: if y then y = nil else y = false end goto top"}) {
            AtomicReference<Object> result = new AtomicReference<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            Thread t = LuaStacks.newThread("loop", () -> {
                Globals g = globals(); // the interpreter: no function is compiled
                g.set("started", new org.luaj.vm2.lib.ZeroArgFunction() {
                    @Override
                    public LuaValue call() {
                        started.countDown();
                        return NIL;
                    }
                });
                LuaValue f = g.load("started() " + loop, "=l");
                assertSame(org.luaj.vm2.LuaClosure.class, f.getClass());
                result.set(g.load("return pcall(...)", "=p").invoke(f).arg(2).tojstring());
            });
            t.start();
            started.await();
            Thread.sleep(50);
            assertTrue(LuaStacks.interrupt(t), loop);
            t.join(10_000);
            assertEquals("l:1: interrupted!", result.get(), loop);
        }
    }

    @Test
    void callDepthPatchKeepsEachFrameAtItsCall() throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = LuaStacks.newThread("frames", () -> {
            Globals g = globals();
            g.set("where", new org.luaj.vm2.lib.ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    StringBuilder sb = new StringBuilder();
                    for (int level = 1; LuaStacks.frameAt(level) != null; level++) {
                        LuaStacks.Frame f = LuaStacks.frameAt(level);
                        sb.append(f.closure.p.lineinfo[f.pc]).append(' ');
                    }
                    return LuaValue.valueOf(sb.toString().trim());
                }
            });
            result.set(g.load("local function f()\n local x = 1\n return (where())\nend\nlocal r = f()\nreturn r",
                    "=frames").call().tojstring());
        });
        t.start();
        t.join();
        assertEquals("3 5", result.get(), "line of the call each frame is executing, innermost first");
    }

    @Test
    void debugHooksAreNotCalledWhileNoStateHasAHook() {
        Globals g = globals();
        int[] instructions = {0};
        g.debuglib = new org.luaj.vm2.lib.DebugLib() {
            @Override
            public void onInstruction(int pc, org.luaj.vm2.Varargs v, int top) {
                instructions[0]++;
            }
        };
        assertEquals(10, g.load("local n = 0 for i = 1, 10 do n = n + 1 end return n", "=h").call().toint());
        assertEquals(0, instructions[0], "no state has a hook: the interpreter does not call the per-instruction one");
    }

    private static String run(String code) {
        return globals().load(code, "=t").call().tojstring();
    }

    @Test
    void constructionPatchesGiveTheCompilerNameTablesWithoutALock() throws Exception {
        Field reserved = org.luaj.vm2.compiler.LexState.class.getDeclaredField("RESERVED");
        reserved.setAccessible(true);
        assertSame(CompilerTable.class, reserved.get(null).getClass(), "the lexer's reserved words");
        Class<?> state = Class.forName("org.luaj.vm2.compiler.LuaC$CompileState");
        java.lang.reflect.Constructor<?> make = state.getDeclaredConstructor();
        make.setAccessible(true);
        Field strings = state.getDeclaredField("strings");
        strings.setAccessible(true);
        assertSame(CompilerTable.class, strings.get(make.newInstance()).getClass(), "a parse's string table");
        assertEquals("3 true", run("local t = {} t['while'] = 1 t.x = 2 local function f(x) return x end "
                + "return f(t.x) + t['while'] .. ' ' .. tostring(loadstring('while true do break end') ~= nil)"));
    }

    @Test
    void redirectPatchReadsANameAsTheBytesOfTheSource() {
        // LuaJ made a name of the chars it had read the bytes into, and encoded them in UTF-8 again: a field named
        // naïve (6 bytes) was the key of 8 bytes, another than t["naïve"]
        assertEquals("2 6 5", run("local t = {} t.na\u00efve = 2 local caf\u00e9 = 1 "
                + "for k in pairs(t) do return t['na\\195\\175ve'] .. ' ' .. #k .. ' ' .. #debug.getlocal(1, 2) end"));
    }

    @Test
    void constantPatchesRefuseLuaJitsConstantOverflowAtTheFunctionsEnd() {
        // FuncState.addk counts the numbers apart, LexState.close_func checks both kinds against LuaJIT's 65536; LuaJ
        // had no limit of its own until 2^18 constants, where it failed with "compiler assert failed"
        String numbers = "local t = {'local x\\n'} for i = 2, N do t[i] = 'x=' .. i .. '.5\\n' end "
                + "local f, err = loadstring(table.concat(t)) return tostring(f ~= nil) .. ' ' .. tostring(err)";
        assertEquals("true nil", run(numbers.replace("N", "65537")), "65536 numbers");
        assertEquals("false [string \"local x...\"]:65539: main function has more than 65536 constants",
                run(numbers.replace("N", "65538")), "one more: at the function's last line, as LuaJIT");
        assertEquals("false [string \"return function() local x...\"]:70001: function at line 1 has more than 65536 "
                + "constants", run("local t = {'return function() local x\\n'} for i = 2, 70000 do "
                + "t[i] = 'x=\\'s' .. i .. '\\'\\n' end t[#t + 1] = 'end\\n' local f, err = loadstring(table.concat(t)) "
                + "return tostring(f ~= nil) .. ' ' .. tostring(err)"), "strings, in an inner function");
        String huge = run(numbers.replace("N", "300000")); // refused where LuaJ's format ends (LuaJIT: at the end)
        assertTrue(huge.startsWith("false ") && huge.endsWith(": main function has more than 65536 constants"), huge);
    }

    @Test
    void rehashBucketsPatchGrowsATableWhoseHashPartHadAKeyRemoved() {
        // (found by a seeded random sequence) t[7]'s rehash moves every key left in the hash part into the array
        // part, and the removed 1.5 is still a slot there: LuaJ filed it into a part of no buckets (out of bounds)
        assertEquals("7 1 10 13 15 17 18 19", run("local t = {1} t[2] = 1 table.insert(t, 2) t[1.5] = nil "
                + "table.remove(t) t.s8 = nil t.s0 = 6 table.remove(t) t.s5 = nil t[1.5] = nil t[2] = 10 "
                + "t[-0.5] = nil t[0.5] = nil t[3] = 13 t[0.5] = nil table.insert(t, 15) t.s0 = nil t[5] = 17 "
                + "table.insert(t, 18) t[7] = 19 t[2.5] = 1 t[2.5] = nil return #t .. ' ' .. table.concat(t, ' ')"));
    }

    @Test
    void weakKeyIndexPatchKeepsAWeakTablesFunctionKeysWhereTheirLookUpsGo() {
        // LuaJ placed every weak key by hashmod at a resize and looked a function up by hashpow2: 4 of 20 were found
        for (String mode : new String[] {"k", "kv"}) {
            assertEquals("20 20", run("local w = setmetatable({}, {__mode = '" + mode + "'}) local fs = {} "
                    + "for i = 1, 20 do local f = function() return i end fs[i] = f w[f] = i end "
                    + "local found, walked = 0, 0 for i = 1, 20 do if w[fs[i]] == i then found = found + 1 end end "
                    + "for f, i in pairs(w) do walked = walked + 1 end return found .. ' ' .. walked"), mode);
        }
    }

    @Test
    void negativeZeroIsTheKeyZero() {
        // with a few hash buckets, -0's double hash sent t[-0] to another bucket than t[0]'s (doubleHash)
        assertEquals("zero zero zero", run("local z = 0.5 - 0.5 local nz = z * -1 "
                + "local t = {} for i = 1, 3 do t[i * 100000] = i end t[0.5] = 1 t[nz] = 'zero' "
                + "local u = {} for i = 1, 3 do u[i * 100000] = i end u[0.5] = 1 u[0] = 'zero' "
                + "return t[0] .. ' ' .. t[nz] .. ' ' .. u[nz]"));
    }

    @Test
    void divisionPatchesDivideByIeeeRules() {
        assertEquals("-inf -inf inf nan -0", run("local z, one = -0.0, 1 "
                + "return table.concat({tostring(one / z), tostring(1 / -0), tostring(-1 / z), tostring(0 / z), "
                + "tostring(-1 / (1 / 0))}, ' ')"), "runtime division (LuaDouble.ddiv) and constant folding");
    }

    @Test
    void stringArithmeticPatchesPassTheStringToMetamethods() {
        assertEquals("string,table table,string 15", run("local mt = {__add = function(a, b) return type(a) .. ',' .. type(b) end} "
                + "local t = setmetatable({}, mt) return ('5' + t) .. ' ' .. (t + '5') .. ' ' .. ('10' + 5)"));
    }

    @Test
    void parserPatchesFollowLuaJitGrammar() {
        assertEquals("1 2", run("local goto = 1 local t = {goto = 2} return goto .. ' ' .. t.goto"),
                "goto followed by no name is a name");
        assertEquals("3", run("local n = 0 for i = 1, 3 do goto continue ::continue:: n = n + 1 end return n"),
                "goto followed by a name is a goto");
        assertEquals("ok ok nil nil nil", run("local function ok(s) return (loadstring(s)) and 'ok' or 'nil' end "
                + "return table.concat({ok('local a = 1; b = 2;'), ok('f(\\n1)'), ok(';'), ok('a = 1;;'), ok('f\\n(1)')}, ' ')"),
                "';' only after a statement; a call's '(' on its function's line");
        assertEquals("t:3: attempt to call field 'c' (a nil value)",
                run("local t = {b = function() return {} end} return select(2, pcall(function() return t\n.b()\n.c() end))"),
                "a call's line is its arguments' line, not its function's first line");
        assertEquals("[string \"f\"]:3: ')' expected (to close '(' at line 2) near '<eof>'",
                run("return select(2, loadstring('f\\n.g(1,\\n2', 'f'))"), "the '(' a ')' closes is on the arguments' line");
        assertEquals("t:2: attempt to perform arithmetic on a nil value t:4: attempt to get length of a nil value",
                run("local a = select(2, pcall(function() return 1 +\n nil end))"
                        + " return a .. ' ' .. select(2, pcall(function() return #\n\n nil end))"),
                "an operator's line is its last operand's");
        assertEquals("t:3: attempt to call a nil value",
                run("return select(2, pcall(function() return (nil)(\n1,\n2) end))"),
                "a tail call's line is its return statement's end");
    }

    @Test
    void tableConstructorAndBorderPatchesFollowLuaJit() {
        assertEquals("4 3 5", run("return #{1, 2, nil, 4} .. ' ' .. #{nil, nil, 3} .. ' ' "
                + ".. #{'a', nil, nil, 'f', 'g', [7] = {}, [9] = 'i'}"));
        // the parser's hooks size a constant constructor as LuaJIT's template (4 array slots for {1, nil, 3}: # is 1,
        // where an array of its 3 items gave 3), a string key makes one too; the values '...' spreads grow the array
        // at once, one slot past the last (the patched SETLIST's count and first store: 3, where growing one by one
        // gave 1); luajit agrees on each
        assertEquals("1 1 1 3 2 0", run("local a local function f(...) return #{...} end "
                + "return #{1, nil, 3} .. ' ' .. #{1, a, 3} .. ' ' .. #{1, nil, 3, x = 1} .. ' ' .. f(1, nil, 3, nil, 5) "
                + ".. ' ' .. f(1, 2, nil, 4) .. ' ' .. f(nil, nil, 3)"));
    }

    @Test
    void tableEntryPatchKeepsTheValueStoredInAField() throws Exception {
        assertEquals("string 10 string  0x1p4 ", run("local t = {x = 1, y = 2.5} t.x = '10' t.y = ' 0x1p4 ' "
                + "return type(t.x) .. ' ' .. t.x .. ' ' .. type(t.y) .. ' ' .. t.y"));
        // a number field reads back the very box stored (LuaJ's NumberValueEntry made a new one at each read)
        org.luaj.vm2.LuaTable t = new org.luaj.vm2.LuaTable();
        LuaValue big = LuaValue.valueOf(123456789);
        t.set("n", big);
        assertSame(big, t.get("n"));
        assertSame(t.get("n"), t.get("n"));
    }

    @Test
    void keyRemovalHookCountsEachRemovalOfAHashKey() throws Exception {
        java.lang.reflect.Field count = org.luaj.vm2.LuaTable.class.getField(PatchedMembers.TABLE_REMOVALS);
        assertTrue(Modifier.isPublic(count.getModifiers()) && count.getType() == int.class);
        org.luaj.vm2.LuaTable t = new org.luaj.vm2.LuaTable();
        for (int i = 0; i < 64; i++) {
            t.set("k" + i, LuaValue.valueOf(i));
        }
        t.set("k0", LuaValue.valueOf("new value")); // an update: the entry stays
        assertEquals(0, count.getInt(t));
        for (int i = 0; i < 64; i++) {
            t.set("k" + i, LuaValue.NIL);
        }
        assertEquals(64, count.getInt(t));
        // the entries next hands out are left as they were: a pair held while its key goes keeps its value
        t.set("a", LuaValue.valueOf(1));
        org.luaj.vm2.Varargs pair = t.next(LuaValue.NIL);
        t.set("a", LuaValue.NIL);
        assertEquals("a 1", pair.arg1() + " " + pair.arg(2));
    }

    @Test
    void numberPatchesWriteLuaJitText() {
        assertEquals("0.33333333333333 1e+100 inf -0 9.2233720368548e+18", run(
                "return table.concat({1/3, 1e100, 1/0, -0.0, 2^63}, ' ')"));
        assertEquals("-0", run("local x = 0 return tostring(-x)"), "NegativeZeroPatch");
        assertEquals("-0 -0 0 0 -6 4294967296", run("local z, m, t = 0, -1, {} "
                + "return table.concat({z * m, m * z, z * z, m * m - 1, 2 * -3, 65536 * 65536}, ' ')"),
                "NegativeZeroPatch.PRODUCT");
        assertEquals("-0", LuaValue.valueOf(0).mul(-5).tojstring(), "NegativeZeroPatch.PRODUCT");
        NumberBoxes.box(1); // (the shared boxes made)
        assertSame(NumberBoxes.box(20300), LuaValue.valueOf(20000).add(LuaValue.valueOf(300)), "IntegerResultPatch.SUM");
        assertSame(NumberBoxes.box(19995), LuaValue.valueOf(20000).sub(LuaValue.valueOf(5)),
                "IntegerResultPatch.DIFFERENCE");
        assertEquals("2147483648 -2147483649 -19995 70000", run("local a, b = 2147483647, -2147483648 "
                + "return table.concat({a + 1, b - 1, 5 - 20000, 35000 + 35000}, ' ')"), "past the int range: doubles");
        assertEquals("-0", run("return tostring(-0.0)"), "ConstantPatch keeps the literal");
        assertEquals("x0.5", run("return 'x' .. 0.5"), "concatenation goes through the core class");
    }

    @Test
    void numberLiteralPatchReadsLuaJitLiterals() {
        assertEquals("5 0.25 16", run("return 0b101 .. ' ' .. 0x1p-2 .. ' ' .. 0x1p+4"));
        LuaError e = assertThrows(LuaError.class, () -> globals().load("return 0b12", "=n"));
        assertEquals("n:1: malformed number near '0b12'", e.getMessage());
    }

    @Test
    void scanNumberPatchReadsStringsAsLuaJitDoes() {
        // LuaJ's LuaString.scannumber read no sign before a hex number, no hex float, no inf: each was an error
        assertEquals("-16 16 inf -0.25 3", run("return (1 + '-0x11') .. ' ' .. ('0x1p4' + 0) .. ' ' .. ('inf' * 1) .. ' '"
                + " .. (' -0x1P-2 ' * 1) .. ' ' .. math.floor('0x1.8p1')"));
        LuaError e = assertThrows(LuaError.class, () -> run("return '1e' + 0"));
        assertTrue(e.getMessage().contains("attempt to perform arithmetic"), e.getMessage());
    }

    @Test
    void stringPatchesCompareBytes() {
        assertEquals("true true true", run("local a, b = ('x'):rep(5000), ('x'):rep(5000) "
                + "return tostring(a == b) .. ' ' .. tostring('\\255' > '\\1') .. ' ' .. tostring('\\128' > '\\127')"));
    }

    @Test
    void recentStringsPatchGivesEachThreadItsOwnCache() throws Exception {
        byte[] bytes = "recent".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        org.luaj.vm2.LuaString here = org.luaj.vm2.LuaString.valueOf(bytes, 0, bytes.length);
        assertSame(here, org.luaj.vm2.LuaString.valueOf(bytes, 0, bytes.length), "found again in this thread's cache");
        AtomicReference<Object[]> there = new AtomicReference<>();
        Thread other = new Thread(() -> there.set(new Object[] {
                org.luaj.vm2.LuaString.valueOf(bytes, 0, bytes.length), ValueSemantics.recentStrings()}));
        other.start();
        other.join();
        assertTrue(there.get()[0] != here && here.raweq((org.luaj.vm2.LuaString) there.get()[0]),
                "another thread makes its own equal string: the cache it looked in is not this thread's");
        assertTrue(there.get()[1] != ValueSemantics.recentStrings());
        assertTrue(java.util.Arrays.asList(ValueSemantics.recentStrings()).contains(here));
    }

    /**
     * The calls of methods named {@code called} in the methods named {@code in} of LuaJ's class {@code c} as patched,
     * counted by "method: opcode name".
     */
    private static String calls(Class<?> c, java.util.Set<String> in, java.util.Set<String> called) throws Exception {
        byte[] bytes;
        try (InputStream stream = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            bytes = stream.readAllBytes();
        }
        java.util.Map<String, Integer> calls = new java.util.TreeMap<>();
        for (java.lang.classfile.MethodModel m : java.lang.classfile.ClassFile.of().parse(bytes).methods()) {
            String name = m.methodName().stringValue();
            m.code().filter(code -> in.contains(name)).ifPresent(code -> code.forEach(e -> {
                if (e instanceof java.lang.classfile.instruction.InvokeInstruction call
                        && called.contains(call.name().stringValue())) {
                    calls.merge(name + ": " + call.opcode() + " " + call.name().stringValue(), 1, Integer::sum);
                }
            }));
        }
        return calls.toString();
    }

    @Test
    void nilTestPatchesLeaveNoIsnilCallInTableReadsAndWrites() throws Exception {
        // no isnil() left: only the hook's static calls
        assertEquals("{arrayset: INVOKESTATIC isNil=1, get: INVOKESTATIC isNil=2, hashset: INVOKESTATIC isNil=1, "
                + "inext: INVOKESTATIC isNil=1, next: INVOKESTATIC isNil=1, set: INVOKESTATIC isNil=2}",
                calls(org.luaj.vm2.LuaTable.class, java.util.Set.of("get", "set", "arrayset", "hashset", "next", "inext"),
                        java.util.Set.of("isnil", "isNil")));
        // and nil still reads and writes as nil
        assertEquals("nil 2 nil 1", run("local t = {1, 2} t[1] = nil local h = {a = 1} h.a = nil h.b = 1 "
                + "return tostring(t[1]) .. ' ' .. t[2] .. ' ' .. tostring(h.a) .. ' ' .. h.b"));
    }

    @Test
    void lazyHashPatchHashesALongStringWhenFirstAsked() throws Exception {
        java.lang.reflect.Field stored = org.luaj.vm2.LuaString.class.getDeclaredField("m_hashcode");
        stored.setAccessible(true);
        byte[] text = "a string longer than the thirty-two bytes of the recent strings".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII);
        org.luaj.vm2.LuaString s = org.luaj.vm2.LuaString.valueOf(text);
        assertEquals(0, stored.getInt(s), "not hashed when made");
        int h = org.luaj.vm2.LuaString.hashCode(text, 0, text.length);
        assertEquals(h, s.hashCode(), "LuaJ's hash");
        assertEquals(h, stored.getInt(s), "kept");
        org.luaj.vm2.LuaString shortOne = org.luaj.vm2.LuaString.valueOf("short");
        assertEquals(org.luaj.vm2.LuaString.hashCode(shortOne.m_bytes, 0, 5), stored.getInt(shortOne),
                "a short string is hashed when made (LuaJ's cache of recent strings reads the field)");
        assertSame(shortOne, org.luaj.vm2.LuaString.valueOf("short"), "and is found in that cache");
        // long keys built by concatenation find each other in tables, compiled or not
        String keys = "local t = {} for i = 1, 200 do t[string.rep('k', 40) .. i] = i end local n = 0 "
                + "for i = 1, 200 do n = n + t[string.rep('k', 40) .. i] end return n .. ' ' .. tostring(t[string.rep('k', 41)])";
        assertEquals("20100 nil", run(keys));
        assertEquals("20100 nil", globals(RuntimeOptions.Compile.ALWAYS).load(keys, "=t").call().tojstring());
    }

    @Test
    void stringEqualityComparesEveryByteAtEveryLength() {
        // raweq (patched: ValueSemantics.stringsEqual) tells most strings apart by LuaJ's hash, then compares 8, 4 or
        // 1 bytes at a time by length: at each length up to 40, equal strings that are slices of other arrays at odd
        // offsets, and from 4 bytes on (shorter ones may never share a hash) two strings of the same hash that differ
        // in their last bytes only, found by a birthday search: their bytes alone tell them apart
        java.util.Random random = new java.util.Random(42);
        for (int n = 1; n <= 40; n++) {
            byte[] base = new byte[n + 3];
            random.nextBytes(base);
            byte[] copy = new byte[n + 5];
            System.arraycopy(base, 1, copy, 3, n);
            org.luaj.vm2.LuaString a = org.luaj.vm2.LuaString.valueOf(base, 1, n);
            org.luaj.vm2.LuaString same = org.luaj.vm2.LuaString.valueOf(copy, 3, n);
            assertTrue(a.raweq(same) && same.raweq(a), "equal bytes, length " + n);
            java.util.Map<Integer, byte[]> seen = new java.util.HashMap<>();
            while (n >= 4) { // the same first bytes, three random last ones: those alone differ
                byte[] b = base.clone();
                for (int k = n - 2; k <= n; k++) {
                    b[k] = (byte) random.nextInt();
                }
                byte[] earlier = seen.putIfAbsent(org.luaj.vm2.LuaString.hashCode(b, 1, n), b);
                if (earlier != null && !java.util.Arrays.equals(earlier, 1, n + 1, b, 1, n + 1)) {
                    org.luaj.vm2.LuaString x = org.luaj.vm2.LuaString.valueOf(earlier, 1, n);
                    org.luaj.vm2.LuaString y = org.luaj.vm2.LuaString.valueOf(b, 1, n);
                    assertEquals(x.hashCode(), y.hashCode());
                    assertTrue(!x.raweq(y) && !y.raweq(x), "same hash, other last bytes, length " + n);
                    break;
                }
            }
        }
    }

    @Test
    void truthPatchesLeaveNoVirtualTestInTheInterpreter() throws Exception {
        assertEquals("{ljuv$execute: INVOKESTATIC isTrue=2, ljuv$execute: INVOKESTATIC not=1}",
                calls(org.luaj.vm2.LuaClosure.class, java.util.Set.of(dev.ljuv.patcher.PatchedMembers.EXECUTE),
                        java.util.Set.of("toboolean", "not", "isTrue")));
        // interpreted: TEST (if, and, or), TESTSET (a value kept by and/or) and NOT on every kind of value
        assertEquals("nil:F false:F true:T 0:T '':T table:T | true true false false false false | nil false 1 0 t",
                run("local vs = {n = 0} local function add(v) vs.n = vs.n + 1 vs[vs.n] = v end "
                + "add(nil) add(false) add(true) add(0) add('') add({}) local out = {} "
                + "for i = 1, vs.n do local v = vs[i] "
                + "out[#out + 1] = (type(v) == 'string' and \"''\" or type(v) == 'table' and 'table' or tostring(v)) "
                + ".. ':' .. (v and 'T' or 'F') end "
                + "local nots = {} for i = 1, vs.n do nots[i] = tostring(not vs[i]) end "
                + "local a, b, c, d = nil and 1, false or false, 0 and 1, false or 0 "
                + "return table.concat(out, ' ') .. ' | ' .. table.concat(nots, ' ') .. ' | ' .. tostring(a) .. ' ' "
                + ".. tostring(b) .. ' ' .. c .. ' ' .. d .. ' ' .. ({} and 't' or 'f')"));
    }

    @Test
    void lua51MetamethodPatches() {
        assertEquals("3", run("return #setmetatable({1, 2, 3}, {__len = function() return 99 end})"));
        assertEquals("true", run("return tostring(-setmetatable({}, {__unm = function(a, b) return rawequal(a, b) end}))"));
        // comparisons need the same handler on both sides; __le falls back to not __lt
        assertEquals("false true", run("local f = function(a, b) return a[1] < b[1] end "
                + "local a, b = setmetatable({1}, {__lt = f}), setmetatable({2}, {__lt = f}) "
                + "local c = setmetatable({0}, {__lt = function() return true end}) "
                + "return tostring(pcall(function() return a < c end)) .. ' ' .. tostring(b <= b)"));
    }

    @Test
    void stringMetatablePatchFollowsTheCurrentState() {
        Globals a = globals();
        Globals b = globals(); // created last on this thread: current
        LuaValue x = LuaValue.valueOf("x");
        assertSame(b.get("string"), x.getmetatable().get("__index"));
        dev.ljuv.stdlib.vm.LuaJitGlobals previous = dev.ljuv.stdlib.vm.CurrentState.enter((dev.ljuv.stdlib.vm.LuaJitGlobals) a);
        try {
            assertSame(a.get("string"), x.getmetatable().get("__index"));
        } finally {
            dev.ljuv.stdlib.vm.CurrentState.restore(previous);
        }
        assertSame(b.get("string"), x.getmetatable().get("__index"));
    }

    @Test
    void labelTargetPatchKeepsLocalsAfterALabelFresh() {
        assertEquals("nil nil", run("local k, seen = 0, {} local x ::top:: local y seen[#seen + 1] = tostring(y) "
                + "y = true k = k + 1 if k < 2 then goto top end return table.concat(seen, ' ')"));
    }

    @Test
    void syntaxErrorPatchNamesToken() {
        LuaError e = assertThrows(LuaError.class, () -> globals().load("x = = 1", "=c"));
        assertEquals("c:1: unexpected symbol near '='", e.getMessage());
    }
}
