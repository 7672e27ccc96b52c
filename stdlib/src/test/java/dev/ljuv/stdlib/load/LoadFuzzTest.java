package dev.ljuv.stdlib.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.vm.LuaStacks;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;

/**
 * Seeded fuzzing of {@code load}: mutated Lua sources must load to a function or give {@code nil, message};
 * mutated {@code string.dump} bytecode must do the same, and a function it gives must end, when called, with
 * results or a Lua error. Never a Java exception, a Java name in a message, a hang or a dead thread.
 *
 * <p>Bytecode functions are called only when they have no backward jump: a forged chunk may loop forever as
 * legitimately as a Lua program may; one that recurses without end is stopped by the depth limit, and one
 * that runs longer than 100 ms (calls exploding without depth) is interrupted, which the next call raises as a Lua error.
 * About 15 seconds in the build; {@code -Dfuzz.minutes=N} runs longer and reports how many inputs ran.
 */
class LoadFuzzTest {
    private static final long BUDGET_NANOS = (long) (Double.parseDouble(System.getProperty("fuzz.minutes", "0.25")) * 60e9);
    private static final long CASE_LIMIT_NANOS = 100_000_000L;

    /** Sources to mutate: the grammar's corners, closures, varargs, metatables, goto, numbers, strings. */
    private static final List<String> CORPUS = List.of(
            "local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end return fib(10)",
            "local t = {1, 2, 3, x = 'y', [10] = false} local s = 0 for i, v in ipairs(t) do s = s + v end return s, #t",
            "local a, b = ... return select('#', ...), a, b, {...}",
            "local mt = {__index = function(t, k) return k .. '!' end, __add = function(a, b) return 7 end} "
                    + "local o = setmetatable({}, mt) return o.x, o + 1",
            "do local i = 1 ::top:: i = i + 1 if i < 5 then goto top end return i end",
            "local s = ('abc'):rep(3):upper():gsub('B', '%%') return s:find('%%', 1, true), #s, s:byte(2)",
            "local x = 0x10 + 1e2 - 3 % 2 ^ 2 .. '' return tonumber(x), -x, not x, x == x",
            "local f = function(...) local t = {n = select('#', ...), ...} return t end return f(1, nil, 3).n",
            "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return co(1), co(2)",
            "local r = {} for k = 10, 1, -3 do r[#r + 1] = k end while #r > 2 do table.remove(r) end repeat r[1] = nil until true return r",
            "local up = 1 local function g() up = up + 1 return function() return up end end return g()(), pcall(error, {})",
            "return string.format('%5.2f|%q|%x', 3.14159, 'a\\nb', 255), ('x'):rep(0), math.max(1, 2, 3)");

    @Test
    void mutatedSourcesAndBytecode() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong caseStart = new AtomicLong(System.nanoTime());
        long[] counts = new long[3]; // sources, bytecode loads, bytecode calls
        Thread fuzz = LuaStacks.newThread("fuzz", () -> {
            try {
                run(counts, caseStart);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        fuzz.start();
        long deadline = System.nanoTime() + BUDGET_NANOS + 60_000_000_000L;
        while (fuzz.isAlive() && System.nanoTime() < deadline) {
            fuzz.join(20);
            if (System.nanoTime() - caseStart.get() > CASE_LIMIT_NANOS) {
                LuaStacks.interrupt(fuzz); // a case making calls without end: its next call raises
            }
        }
        assertTrue(!fuzz.isAlive(), "a fuzz case hung (no call to interrupt)");
        if (failure.get() != null) {
            throw new AssertionError(failure.get().getMessage(), failure.get());
        }
        System.out.printf("load fuzz: %d mutated sources, %d mutated bytecode chunks, %d of them called%n",
                counts[0], counts[1], counts[2]);
        assertTrue(counts[0] > 1000 && counts[1] > 1000, "enough inputs ran");
    }

    private static void run(long[] counts, AtomicLong caseStart) {
        Globals g = LuaJitStdlib.newGlobals(new StdStreams(InputStream.nullInputStream(),
                new PrintStream(OutputStream.nullOutputStream()), new PrintStream(OutputStream.nullOutputStream())));
        LuaValue load = g.get("load");
        LuaValue dump = g.get("string").get("dump");
        Random r = new Random(20261201);
        long end = System.nanoTime() + BUDGET_NANOS;
        while (System.nanoTime() < end) {
            String source = CORPUS.get(r.nextInt(CORPUS.size()));
            byte[] mutated = mutateSource(r, source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            caseStart.set(System.nanoTime());
            checkLoad(load.invoke(LuaValue.varargsOf(LuaValue.valueOf(mutated), LuaValue.valueOf("=fuzz"))), mutated);
            counts[0]++;

            byte[] code = ((LuaString) dump.call(load.call(LuaValue.valueOf(source)))).m_bytes.clone();
            byte[] forged = mutateBytes(r, code);
            caseStart.set(System.nanoTime());
            Varargs loaded = load.invoke(LuaValue.varargsOf(new LuaValue[] {
                    LuaValue.valueOf(forged), LuaValue.valueOf("=forged"), LuaValue.valueOf("b")}));
            checkLoad(loaded, forged);
            counts[1]++;
            if (Boolean.getBoolean("fuzz.trace") && System.nanoTime() - caseStart.get() > 1_000_000_000L) {
                System.out.println("slow load " + (System.nanoTime() - caseStart.get()) / 1_000_000 + " ms: " + HexFormat.of().formatHex(forged));
            }
            if (loaded.arg1() instanceof LuaClosure c && forwardOnly(c.p)) {
                counts[2]++;
                try {
                    c.invoke(LuaValue.varargsOf(LuaValue.valueOf(1), LuaValue.valueOf("two")));
                } catch (LuaError e) {
                    checkMessage(String.valueOf(e.getMessage()), forged);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("forged bytecode " + HexFormat.of().formatHex(forged) + " threw " + e, e);
                }
            }
        }
    }

    private static void checkLoad(Varargs result, byte[] input) {
        if (result.arg1().isnil()) {
            checkMessage(result.arg(2).tojstring(), input);
        } else if (!result.arg1().isfunction()) {
            throw new AssertionError("load gave a " + result.arg1().typename() + " for " + HexFormat.of().formatHex(input));
        }
    }

    private static void checkMessage(String message, byte[] input) {
        if (message.contains("java.") || message.contains("Exception") || message.contains("org.luaj")) {
            throw new AssertionError("a Java name reached Lua: " + message + " for " + HexFormat.of().formatHex(input));
        }
    }

    /** Whether {@code p} and its inner functions only jump forward (they end, but for calls). */
    private static boolean forwardOnly(Prototype p) {
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                return false;
            }
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                if (!forwardOnly(inner)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final String[] TOKENS = {
        "end", "function", "local", "(", ")", "{", "}", "[", "]", "=", "==", "..", "...", ",", ";", ":", "::",
        "goto", "return", "if", "then", "else", "for", "in", "do", "while", "repeat", "until", "nil", "\"", "'",
        "[[", "]]", "--", "0x", "1e", "#", "%", "^", "~=", "<=", "and", "or", "not", "\\", "\n", " ", "break",
    };

    private static byte[] mutateSource(Random r, byte[] s) {
        StringBuilder b = new StringBuilder(new String(s, java.nio.charset.StandardCharsets.ISO_8859_1));
        for (int n = 1 + r.nextInt(3); n > 0 && b.length() > 0; n--) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(5)) {
                case 0 -> b.setCharAt(at, (char) r.nextInt(256));
                case 1 -> b.insert(at, TOKENS[r.nextInt(TOKENS.length)]);
                case 2 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(8)));
                case 3 -> b.insert(at, b.substring(at, Math.min(b.length(), at + 1 + r.nextInt(12))));
                default -> b.setLength(at);
            }
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutateBytes(Random r, byte[] code) {
        byte[] b = code.clone();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
            int at = r.nextInt(b.length);
            b[at] = switch (r.nextInt(3)) {
                case 0 -> (byte) r.nextInt(256);
                case 1 -> (byte) (b[at] ^ (1 << r.nextInt(8)));
                default -> (byte) (b[at] + 1);
            };
        }
        return r.nextInt(8) == 0 ? java.util.Arrays.copyOf(b, r.nextInt(b.length)) : b;
    }
}
