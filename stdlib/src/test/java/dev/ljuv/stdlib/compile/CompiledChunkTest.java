package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.CompiledPrograms.compiled;
import static dev.ljuv.stdlib.compile.CompiledPrograms.globals;
import static dev.ljuv.stdlib.compile.CompiledPrograms.load;
import static dev.ljuv.stdlib.compile.CompiledPrograms.printsAsInterpreted;
import static dev.ljuv.stdlib.compile.CompiledPrograms.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.stdlib.vm.RuntimeOptions.Compile;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.constant.ClassDesc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/** What gets compiled, and that compiled functions behave as interpreted ones, observable for observable. */
class CompiledChunkTest {
    /** Whether {@code f} runs compiled and cut into pieces (its class has their methods, see {@link Pieces}). */
    private static boolean inPieces(LuaValue f) {
        return compiled(f) && java.util.Arrays.stream(CompiledChunk.code(((LuaClosure) f).p).getClass()
                .getDeclaredMethods()).anyMatch(m -> m.getName().startsWith(ClassShape.PART));
    }

    @Test
    void autoCompilesAFunctionAtItsHotCall() {
        LuaValue main = load(Compile.AUTO, "local n = 0 for i = 1, 3 do n = n + i end return function(x) return n + x end");
        LuaValue inner = main.call();
        assertFalse(compiled(main), "a short loop, called once");
        assertFalse(compiled(inner), "not called yet");
        for (int i = 1; i < CompiledChunk.HOT_CALLS; i++) {
            assertEquals(6 + i, inner.call(LuaValue.valueOf(i)).toint());
        }
        assertFalse(compiled(inner), "called " + (CompiledChunk.HOT_CALLS - 1) + " times");
        assertEquals(7, inner.call(LuaValue.valueOf(1)).toint(), "the call that compiles it runs it compiled");
        assertTrue(compiled(inner));
        assertSame(LuaClosure.class, inner.getClass(), "the closure made before stays LuaJ's and runs the compiled code");
        assertEquals(8, inner.call(LuaValue.valueOf(2)).toint());
    }

    /**
     * A large function without a loop whose calls may return after a few of its instructions (a decision tree, as
     * meteor.lua generates) waits for {@link CompiledChunk#TREE_CALLS} calls; the same body run whole at each call
     * is compiled at its {@link CompiledChunk#HOT_CALLS}th.
     */
    @Test
    void aDecisionTreeIsCompiledAfterManyMoreCalls() {
        String straight = "local y = x " + "y = y * 3 % 1000 + 1 ".repeat(80) + "return y end";
        org.luaj.vm2.Varargs fs = load(Compile.AUTO, "return function(x) if x > 0 then return -x end " + straight
                + ", function(x) " + straight).invoke();
        LuaValue tree = fs.arg1();
        LuaValue whole = fs.arg(2);
        assertTrue(((LuaClosure) tree).p.code.length >= CompiledChunk.TREE_SIZE, "large enough");
        for (int i = 0; i < CompiledChunk.HOT_CALLS; i++) {
            assertEquals(-1, tree.call(LuaValue.ONE).toint());
            whole.call(LuaValue.valueOf(i));
        }
        assertTrue(compiled(whole), "runs all of itself at each call");
        assertFalse(compiled(tree), "each call may run 4 of its instructions");
        LuaValue expected = load(Compile.OFF, "return function(x) " + straight).call().call(LuaValue.ZERO);
        for (int i = CompiledChunk.HOT_CALLS; i < CompiledChunk.TREE_CALLS - 1; i++) {
            tree.call(LuaValue.ONE);
        }
        assertFalse(compiled(tree));
        assertEquals(expected, tree.call(LuaValue.ZERO), "the call that compiles it runs it compiled");
        assertTrue(compiled(tree));
        assertEquals(-2, tree.call(LuaValue.valueOf(2)).toint());
    }

    @Test
    void autoCompilesALoopingFunctionWhenItsLoopsGetHot() {
        LuaValue f = load(Compile.AUTO, "return function(n) local s = 0 for i = 1, n do s = s + i end return s end").call();
        assertEquals(55, f.call(LuaValue.valueOf(10)).toint());
        assertFalse(compiled(f), "10 iterations");
        assertEquals(CompiledChunk.HOT_LOOP * (CompiledChunk.HOT_LOOP + 1L) / 2, f.call(LuaValue.valueOf(CompiledChunk.HOT_LOOP)).tolong());
        assertTrue(compiled(f));
    }

    /**
     * Forward jumps (an {@code if}'s) are no back edges: a loop whose body skips six tests' bodies per iteration is
     * not hot after half of {@link CompiledChunk#HOT_LOOP} iterations (the patched interpreter once counted every jump).
     */
    @Test
    void onlyBackEdgesCountTowardAHotLoop() {
        LuaValue f = load(Compile.AUTO, "return function(n) local s = 0 for i = 1, n do "
                + "if i < 0 then s = s - 1 end ".repeat(6) + "s = s + i end return s end").call();
        int half = CompiledChunk.HOT_LOOP / 2;
        assertEquals(half * (half + 1L) / 2, f.call(LuaValue.valueOf(half)).tolong());
        assertFalse(compiled(f), half + " back edges, " + 6 * half + " forward jumps");
        long n = CompiledChunk.HOT_LOOP + 1;
        assertEquals(n * (n + 1) / 2, f.call(LuaValue.valueOf(n)).tolong());
        assertTrue(compiled(f), "its loop got hot");
    }

    @Test
    void aFunctionCompiledInTheMiddleOfItsRecursionKeepsItsResultsAndErrors() {
        org.luaj.vm2.Varargs v = load(Compile.AUTO, "local function fib(n) if n < 2 then return n end "
                + "return fib(n - 1) + fib(n - 2) end\n"
                + "local function bad(n) if n == 0 then local x = nil return x.y end return (bad(n - 1)) end\n"
                + "return fib(20), select(2, pcall(bad, 500)), fib").invoke();
        assertEquals(6765, v.arg(1).toint());
        assertEquals("t:2: attempt to index local 'x' (a nil value)", v.arg(2).tojstring());
        assertTrue(compiled(v.arg(3)));
    }

    @Test
    void offCompilesNothing() {
        LuaValue main = load(Compile.OFF, "for i = 1, 2 do end return function() end");
        assertFalse(compiled(main));
        LuaValue inner = main.call();
        for (int i = 0; i < CompiledChunk.HOT_CALLS; i++) {
            inner.call();
        }
        assertFalse(compiled(inner));
    }

    /**
     * A function whose code in one JVM method would pass the JIT's limit runs compiled all the same, cut into
     * methods (see {@link Pieces}): straight code, branches out of every piece, a loop around them all.
     */
    @Test
    void aFunctionTooLargeForOneJvmMethodRunsCompiledInPieces() throws Exception {
        StringBuilder code = new StringBuilder("local t, s = {}, 0 for i = 1, 2 do\n");
        for (int i = 0; i < 1500; i++) {
            code.append("t[#t + 1] = i * ").append(i).append(i % 7 == 0 ? " if i > 1 then s = s + 1 end\n" : "\n");
        }
        code.append("end return #t, s");
        org.luaj.vm2.Prototype p = globals(new PrintStream(OutputStream.nullOutputStream()), Compile.AUTO)
                .compilePrototype(new java.io.StringReader(code.toString()), "=t");
        IllegalArgumentException tooLong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> jvmCodeLength(p, false), "one method would pass the JVM's 64 KB (and the JIT's limit)");
        assertTrue(tooLong.getMessage().startsWith("Code length"), tooLong.getMessage());
        LuaValue main = load(Compile.ALWAYS, code.toString());
        assertTrue(inPieces(main));
        org.luaj.vm2.Varargs r = main.invoke();
        assertEquals(3000, r.arg1().toint());
        assertEquals(215, r.arg(2).toint());
    }

    /**
     * A hot call compiles a function too large for one method only when each call surely runs a good part of it
     * ({@link CompiledChunk#STRAIGHT}): a decision tree that returns early stays interpreted, straight code of the
     * same size goes into pieces.
     */
    @Test
    void aHotCallCutsOnlyAStraightFunctionIntoPieces() {
        StringBuilder tree = new StringBuilder("return function(t, x) if x > 0 then return x end\n");
        StringBuilder straight = new StringBuilder("return function(t, x)\n");
        for (int i = 0; i < 1500; i++) {
            tree.append("if x == ").append(-i).append(" then t[1] = t[1] + ").append(i).append(" end\n");
            straight.append("t[1] = t[1] + x * ").append(i % 97).append('\n');
        }
        tree.append("return 0 end");
        straight.append("return t[1] end");
        LuaValue branchy = load(Compile.AUTO, tree.toString()).call();
        LuaValue plain = load(Compile.AUTO, straight.toString()).call();
        LuaTable t = new LuaTable();
        t.set(1, LuaValue.valueOf(0));
        for (int i = 0; i <= CompiledChunk.HOT_CALLS; i++) {
            assertEquals(1, branchy.call(t, LuaValue.valueOf(1)).toint());
            plain.call(t, LuaValue.valueOf(0));
        }
        assertFalse(compiled(branchy), "6 of its instructions run on its shortest way: interpreted");
        assertTrue(inPieces(plain), "hot and straight: compiled in pieces");
        assertEquals(0, branchy.call(t, LuaValue.valueOf(-1)).toint(), "the interpreted tree runs its branches");
        assertEquals(1, t.get(1).toint());
    }

    /** The same for a main chunk whose hot loop (a large body) goes on compiled from the interpreter's iteration. */
    @Test
    void aLargeMainChunkGoesOnInPiecesAtItsHotLoop() throws Exception {
        StringBuilder program = new StringBuilder("local t, s, odd = {}, 0, 0 for i = 1, 3000 do\n");
        for (int i = 0; i < 400; i++) {
            program.append("t[").append(i % 50 + 1).append("] = i + ").append(i)
                    .append(i % 9 == 0 ? " if i % 2 == 1 then odd = odd + 1 else s = s + t[1] end\n" : "\n");
        }
        program.append("end print(s, odd, #t)");
        LuaValue main = load(Compile.AUTO, program.toString());
        assertFalse(compiled(main), "nothing is compiled at load");
        main.call();
        assertTrue(inPieces(main), "its loop got hot: compiled in pieces, and the call went on in them");
        printsAsInterpreted(program.toString(), Compile.AUTO, Compile.ALWAYS, Compile.PIECES);
    }

    @Test
    void integerLoopsStayInRegistersWhenCountingThemWouldPassTheJitLimit() throws Exception {
        // counting loops in JVM ints takes more JVM code: find a function that fits only without it
        for (int lines = 20; lines < 600; lines += 4) {
            StringBuilder code = new StringBuilder("local t, s = {}, 0 for i = 1, 3 do\n");
            for (int j = 0; j < lines; j++) {
                code.append("t[i] = i * ").append(j).append(" + i - 1 s = s + t[i] % 7\n");
            }
            code.append("end return s");
            org.luaj.vm2.Prototype p = globals(new PrintStream(OutputStream.nullOutputStream()), Compile.AUTO)
                    .compilePrototype(new java.io.StringReader(code.toString()), "=t");
            int limit = CompiledChunk.JIT_LIMIT;
            if (jvmCodeLength(p, true) > limit && jvmCodeLength(p, false) <= limit) {
                LuaValue compiled = load(Compile.ALWAYS, code.toString());
                LuaValue interpreted = load(Compile.OFF, code.toString());
                assertTrue(compiled(compiled), "compiled, without counted loops");
                assertEquals(interpreted.call().toint(), compiled.call().toint());
                return;
            }
        }
        org.junit.jupiter.api.Assertions.fail("no function found between the two sizes");
    }

    @Test
    void aFunctionPastTheLocalsLimitKeepsLocalsWhenItsLoopsCallOnlyNumberFunctions() throws Exception {
        // partialsums' main chunk: accumulators summed through sqrt in a loop, then printed, one call each (in locals,
        // each call that may run Lua code copies them out: the loop's code grows with their square)
        String numeric = null;
        String calling = null;
        String straight = null;
        for (int n = 2; n < 8 && (numeric == null || calling == null || straight == null); n++) {
            for (int prints = n; prints < 80; prints++) {
                String code = partialSums(n, prints, "for k = 1, 100 do");
                if (numeric == null && localsLength(code, false)[0] > CompiledChunk.LOCALS_LIMIT
                        && localsLength(code, true)[1] <= CompiledChunk.JIT_LIMIT) {
                    numeric = code;
                }
                code = partialSums(n, prints, "for k = 1, 100 do f(k)");
                if (calling == null && localsLength(code, false)[0] > CompiledChunk.LOCALS_LIMIT) {
                    calling = code;
                }
                code = partialSums(n, prints, "local k = 7 do"); // the same sums once, without a loop
                if (straight == null && localsLength(code, false)[0] > CompiledChunk.LOCALS_LIMIT) {
                    straight = code;
                }
            }
        }
        assertTrue(numeric != null && calling != null && straight != null, "functions found past the locals limit");
        assertTrue(unboxedArithmetic(numeric), "in locals, its sums on doubles");
        assertFalse(unboxedArithmetic(calling), "a loop calling a Lua function: registers in the array");
        assertFalse(unboxedArithmetic(straight), "no loop: registers in the array");
        printsAsInterpreted(numeric, Compile.ALWAYS);
        printsAsInterpreted(calling, Compile.ALWAYS);
        printsAsInterpreted(straight, Compile.ALWAYS);
    }

    /** n accumulators summed through sqrt in a block opened by {@code head}, then printed {@code prints} times. */
    private static String partialSums(int n, int prints, String head) {
        StringBuilder code = new StringBuilder("local sqrt, f = math.sqrt, function() end\n"
                + "local function pr(x) io.write(string.format('%.9f\\n', x)) end\n");
        for (int j = 0; j < n; j++) {
            code.append("local a").append(j).append(" = 0\n");
        }
        code.append(head).append('\n');
        for (int j = 0; j < n; j++) {
            code.append("a").append(j).append(" = a").append(j).append(" + 1 / sqrt(k + ").append(j).append(")\n");
        }
        code.append("end\n");
        for (int j = 0; j < prints; j++) {
            code.append("pr(a").append(j % n).append(")\n");
        }
        return code.toString();
    }

    /** The JVM code of {@code code}'s main function in locals: the body for calls, and the longest body. */
    private static int[] localsLength(String code, boolean directPaths) throws Exception {
        byte[] bytes = new FunctionCompiler(Prototypes.compile(code), ClassDesc.of("ljuv.lua.Probe"), true, false,
                true, directPaths, false).generate();
        return new int[] {ClassShape.executeLength(bytes, false), ClassShape.executeLength(bytes)};
    }

    /** Whether the class compiled for {@code code}'s main chunk computes on doubles (registers in JVM locals). */
    private static boolean unboxedArithmetic(String code) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ljuv-dump");
        try {
            java.util.Properties properties = new java.util.Properties();
            properties.setProperty("ljuv.compile", "always");
            properties.setProperty("ljuv.compile.dump", dir.toString());
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            LuaValue chunk = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(), sink, sink),
                    RuntimeOptions.from(properties, java.util.Map.of())).load(code, "=p");
            assertTrue(compiled(chunk));
            try (var classes = java.nio.file.Files.list(dir)) {
                return classes.anyMatch(c -> {
                    try {
                        return java.lang.classfile.ClassFile.of().parse(c).methods().stream()
                                .flatMap(m -> m.code().stream()).flatMap(m -> m.elementStream())
                                .anyMatch(e -> e instanceof java.lang.classfile.instruction.OperatorInstruction o
                                        && o.opcode() == java.lang.classfile.Opcode.DADD);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void compiledFunctionDeclaresAFastCallAndFastInvokeForEveryArgumentCountTheCompilerCallsDirectly() throws Exception {
        for (int n = 0; n <= CompiledFunction.FAST_ARGUMENTS; n++) {
            Class<?>[] params = new Class<?>[n + 2];
            java.util.Arrays.fill(params, LuaValue.class);
            params[0] = dev.ljuv.stdlib.vm.LuaStacks.Frame.class;
            params[1] = org.luaj.vm2.LuaClosure.class;
            assertTrue(java.lang.reflect.Modifier.isAbstract(CompiledFunction.class.getMethod("fastCall", params).getModifiers()),
                    n + " arguments");
            if (n <= CompiledFunction.INVOKE_ARGUMENTS) {
                assertTrue(java.lang.reflect.Modifier.isAbstract(
                        CompiledFunction.class.getMethod("fastInvoke", params).getModifiers()), n + " arguments, all results");
            }
        }
    }

    private static int jvmCodeLength(org.luaj.vm2.Prototype p, boolean countLoops) {
        ClassDesc self = ClassDesc.of("ljuv.lua.Probe");
        byte[] bytes = new FunctionCompiler(p, self, countLoops).generate();
        return ClassShape.executeLength(bytes);
    }

    @Test
    void anInterpretedInnerFunctionSharesItsCompiledParentsLocals() {
        StringBuilder code = new StringBuilder("local x, t = 2, {} local function big()\n");
        int lines = FunctionCompiler.MAX_INSTRUCTIONS / 4;
        for (int i = 0; i < lines; i++) {
            code.append("t[#t + 1] = x * ").append(i).append('\n');
        }
        code.append("x = x + 1 end for i = 1, 2 do big() end return #t, x, t[#t], big");
        LuaValue main = load(Compile.ALWAYS, code.toString());
        assertTrue(compiled(main));
        org.luaj.vm2.Varargs r = main.invoke();
        assertEquals(2 * lines, r.arg(1).toint());
        assertEquals(4, r.arg(2).toint());
        assertEquals(3 * (lines - 1), r.arg(3).toint(), "the second call saw x = 3, set by the first through the upvalue");
        assertFalse(compiled(r.arg(4)), "too large: interpreted");
    }

    /**
     * Each program prints what it observes; compiled and interpreted runs must print the same. The programs
     * aim at the instructions with irregular shapes: multiple results, varargs, upvalues closed by loops and
     * gotos, tail calls, table constructors, comparisons and tests, metamethods, errors and their positions,
     * stack levels.
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "local function f(...) return select('#', ...), ... end print(f()) print(f(nil, nil)) print((f(1, 2, 3)))",
        "local function p2(a, b) return tostring(a) .. tostring(b) end local function v1(a, ...) "
                + "return a, select('#', ...), ... end local function p0() return 'none' end "
                + "print(p2(), p2(1), p2(1, 2), p2(1, 2, 3), p0(1, 2, 3)) "
                + "print(v1()) print(v1(1)) print(v1(1, 2)) print(v1(1, 2, nil)) local x = v1(4, 5, 6) print(x)",
        "local function p4(a, b, c, d) return a .. b .. c .. d end local function v(a, ...) local t = {...} "
                + "return a .. #t .. tostring(t[3]) end local function none(...) return select('#', ...) end "
                + "local r = p4(1, 2, 3, 4) local s = v(1, 2, 3, 4) local n = none(nil, nil, nil, nil) "
                + "local z = none(1, 2, 3, nil) print(r, s, n, z, p4('a', 'b', 'c', 'd'))",
        "local function g() return 1, 2, 3 end local t = {g(), g()} print(#t, unpack(t)) print(g(), 'x', g())",
        "local t = {n = 1, 10, 20, [30] = 'x', 'y'} print(t.n, t[1], t[2], t[3], t[30])",
        "local fs = {} for i = 1, 3 do local j = i * 2 fs[i] = function() j = j + 1 return i, j end end "
                + "print(fs[1]()) print(fs[1]()) print(fs[3]())",
        "local fs = {} local i = 1 ::top:: do local v = i fs[i] = function() return v end end i = i + 1 "
                + "if i <= 3 then goto top end print(fs[1](), fs[2](), fs[3]())",
        "local function count(n, acc) if n == 0 then return acc end return count(n - 1, acc + 1) end print(count(100000, 0))",
        "local a, b = 1, 'x' print(a == 1, a < 2, a <= 0, b == 'x', not a, a and b, nil or false, 1 < 1.5)",
        "for i = 10, 1, -3 do io.write(i, ' ') end for i = 1, 2, 0.5 do io.write(i, ' ') end "
                + "for i = 2147483640, 2147483647, 4 do io.write(i, ' ') end print()",
        "print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7 % 0, 5.5 % 2, 2^0.5 % 1 > 0, -0.0 % 1)",
        "local m, n, z = 2147483647, -2147483648, 0 print(m + 1, n - 1, m - n, 0 - z, -z, z * -1, '10' + 1, 1 - '2', "
                + "40000 + 1, -1025 - 1, 32767 + 1) local x = -7 print(x % 3, x % 1000, 2.5 % 1000, x % 1)",
        "local mt = {__mod = function() return 'm' end, __add = function() return 'a' end, __sub = function() return 's' end} "
                + "local t = setmetatable({}, mt) print(t % 10, t + 1, 1 - t, pcall(function() return {} % 2 end))",
        "local ch = {} function ch:go(n) return self, n end local a = setmetatable({}, {__index = ch}) "
                + "for i = 1, 3 do local s, v = a:go(i) io.write(tostring(s == a), v, ' ') end print(pcall(function() local u u:go() end))",
        "for k, v in pairs({a = 1}) do print(k, v) end for i, v in ipairs({'p', 'q'}) do print(i, v) end",
        "local s = 'a' .. 1 .. 2.5 .. 'b' print(s, #s, 'x' .. 'y')",
        "local mt = {__add = function(a, b) return debug.getinfo(1, 'n').name end, "
                + "__index = function(t, k) return k .. '!' end} local t = setmetatable({}, mt) print(t + 1, t.key)",
        "local function lvl() return debug.traceback('tb', 1) end print(lvl())",
        "print(pcall(function() local x x = x + 1 end))",
        "for i = 1, 6 do if i < 3 and (i == 1 or i > 5) then io.write('a') elseif not (i ~= 4) then io.write('b') "
                + "elseif i > 4 or i == 3 then io.write(i == 6 and 'c' or 'd') else io.write('e') end end "
                + "local n = 0 while n < 10 do n = n + 1 if n % 3 == 0 then break end end print(' ', n)",
        "print(pcall(function() local t = {} return t.a.b end))",
        "print(pcall(function() return #nil end)) print(pcall(function() return {} < {} end))",
        "local ok, e = pcall(error, {code = 1}) print(ok, e.code) print(select(2, pcall(error, 'msg', 0)))",
        "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) print(co(1), co(5))",
        "local function f() local x = 5 local n, v = debug.getlocal(1, 1) return n, v end print(f())",
        "print(string.format('%5.2f|%d', 3.14159, 42), ('abc'):upper(), math.max(3, 9, 1))",
    })
    void compiledAndInterpretedRunsPrintTheSame(String program) throws Exception {
        printsAsInterpreted(program, Compile.ALWAYS, Compile.AUTO, Compile.PIECES);
    }

    /**
     * Seeded random numeric for loops (integer and float bounds and steps, counts that run into the int range's
     * edges, the variable in arithmetic, comparisons and indexing, some loops kept on the general path by an
     * assignment): compiled code counts the integer ones in JVM ints, and must print what the interpreter does.
     */
    @Test
    void randomNumericLoopsPrintTheSameCompiledAndInterpreted() throws Exception {
        java.util.Random random = new java.util.Random(20261128);
        String[] starts = {"1", "0", "-3", "10", "2147483600", "-2147483600", "2147483647", "-2147483648", "0.5",
            "1e9", "40000"};
        String[] steps = {"1", "-1", "3", "-7", "30", "0.25", "-2.5", "1000000000", "-1000000000"};
        String[] operations = {"i + 5", "i - 2147483647", "i * 3", "i * 100000", "i % 7", "-7 + i", "3 - i",
            "i % 1000", "t[i]", "i == 3", "i < 40001", "2 <= i", "i .. ''", "i / 2"};
        StringBuilder program = new StringBuilder("local t = setmetatable({}, {__index = function(_, k) return -k end})\n"
                + "local out = {}\n");
        for (int n = 0; n < 60; n++) {
            String start = starts[random.nextInt(starts.length)];
            String step = steps[random.nextInt(steps.length)];
            String limit = "(" + start + ") + (" + step + ") * " + random.nextInt(12) + " + " + (random.nextInt(5) - 2);
            String op = operations[random.nextInt(operations.length)];
            String body = random.nextInt(5) == 0 ? "i = i * 2 " : ""; // an assignment: the general path
            // each loop a function of its own: small enough to be compiled
            program.append("; (function() local k = 0 for i = ").append(start).append(", ").append(limit)
                    .append(", ").append(step).append(" do ").append(body).append("k = k + 1 if k > 30 then break end ")
                    .append("t[i] = i out[#out + 1] = tostring(").append(op).append(") end end)()\n");
        }
        program.append("print(table.concat(out, ' '))");
        String interpreted = run(Compile.OFF, program.toString());
        String compiled = run(Compile.ALWAYS, program.toString());
        assertTrue(interpreted.length() > 500, interpreted);
        assertEquals(interpreted, compiled);
        assertEquals(interpreted, run(Compile.PIECES, program.toString()));
    }
}
