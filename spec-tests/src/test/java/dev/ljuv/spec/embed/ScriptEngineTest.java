package dev.ljuv.spec.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ljuv.embed.LjuvScriptEngine;
import dev.ljuv.embed.LuaCallable;
import dev.ljuv.embed.LuaException;
import dev.ljuv.embed.UncheckedLuaException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.script.SimpleScriptContext;
import org.junit.jupiter.api.Test;

/** The JSR-223 engine as a Java application uses it, through {@code javax.script} alone where it can. */
class ScriptEngineTest {
    private final ScriptEngineManager manager = new ScriptEngineManager();
    private final ScriptEngine engine = manager.getEngineByName("lua");

    public interface Calculator {
        int add(int a, int b);

        String name();

        default String describe() {
            return "a calculator named " + name();
        }
    }

    public interface Greeter {
        String greet(String who);

        List<Object> history();
    }

    @Test
    void foundByNameExtensionAndMimeTypeBeforeLuajsOwnEngine() {
        assertInstanceOf(LjuvScriptEngine.class, engine, "\"lua\" is this engine, though LuaJ's is on the class path");
        for (String name : List.of("lua", "luajit", "ljuv")) {
            assertInstanceOf(LjuvScriptEngine.class, manager.getEngineByName(name), name);
        }
        assertInstanceOf(LjuvScriptEngine.class, manager.getEngineByExtension("lua"));
        assertInstanceOf(LjuvScriptEngine.class, manager.getEngineByMimeType("text/x-lua"));
        assertInstanceOf(LjuvScriptEngine.class, manager.getEngineByMimeType("application/lua"));
        List<String> names = manager.getEngineFactories().stream().map(ScriptEngineFactory::getEngineName).toList();
        assertTrue(names.contains("Ljuv") && names.contains("Luaj"), "both engines listed: " + names);
        ScriptEngineFactory f = engine.getFactory();
        assertEquals("lua", f.getLanguageName());
        assertEquals("obj:m(a, b)", f.getMethodCallSyntax("obj", "m", "a", "b"));
    }

    @Test
    void globalsFlowBothWays() throws Exception {
        engine.eval("x = 10 t = {1, 2} s = 'text'");
        assertEquals(10L, engine.get("x"));
        assertEquals("text", engine.get("s"));
        engine.put("y", 32);
        assertEquals(42L, engine.eval("return x + y"));
        Bindings scope = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertTrue(scope.containsKey("print") && scope.containsKey("x"), "the engine scope is the globals");
        assertEquals(List.of(1L, 2L), ((LjuvScriptEngine) engine).toList(scope.get("t")));
        scope.remove("x");
        assertEquals(Boolean.TRUE, engine.eval("return x == nil"));
        assertThrows(IllegalArgumentException.class, () -> engine.put("", 1));
        assertThrows(NullPointerException.class, () -> engine.put(null, 1));
    }

    @Test
    void bindingsOfOneCallAreSeenByThatCallOnly() throws Exception {
        engine.eval("kept = 'engine'");
        Bindings b = engine.createBindings();
        b.put("z", 3);
        assertEquals(4L, engine.eval("w = z + 1 assert(type(print) == 'function') return w", b));
        assertEquals(4L, b.get("w"), "the call's globals went into its bindings");
        assertEquals("engine", engine.eval("return kept", b), "the state's globals are seen below the bindings");
        assertNull(engine.get("w"));
        assertNull(engine.get("z"));
        assertEquals("engine", engine.get("kept"));
    }

    @Test
    void globalScopeIsSeenWhereLuaHasNotSetTheName() throws Exception {
        manager.put("greeting", "hi");
        ScriptEngine e = manager.getEngineByName("lua");
        assertEquals("hi", e.eval("return greeting"));
        manager.put("greeting", "hello");
        assertEquals("hello", e.eval("return greeting"), "a changed global scope is seen at the next eval");
        e.eval("greeting = 'own'");
        manager.put("greeting", "ignored");
        assertEquals("own", e.eval("return greeting"), "Lua's own value wins");
        manager.put("other", 1);
        assertEquals(1L, e.eval("return other"));
        manager.getBindings().remove("other");
        assertEquals(Boolean.TRUE, e.eval("return other == nil"));
    }

    @Test
    void compileOnceEvalMany() throws Exception {
        Compilable c = (Compilable) engine;
        CompiledScript counter = c.compile("counter = (counter or 0) + 1 return counter");
        assertEquals(1L, counter.eval());
        assertEquals(2L, counter.eval());
        assertEquals(3L, counter.eval());
        Bindings b = engine.createBindings();
        b.put("counter", 41);
        assertEquals(42L, counter.eval(b));
        assertEquals(3L, engine.get("counter"), "another scope's run left the engine's globals alone");
        assertEquals(4L, counter.eval());
        ScriptException e = assertThrows(ScriptException.class, () -> c.compile("local a = 1\n\nx = = 2"));
        assertEquals(3, e.getLineNumber());
        assertTrue(e.getMessage().startsWith("<eval>:3: unexpected symbol near '='"), e.getMessage());
    }

    @Test
    void invokeFunctionsAndMethods() throws Exception {
        Invocable inv = (Invocable) engine;
        engine.eval("function add(a, b) return a + b end");
        assertEquals(5L, inv.invokeFunction("add", 2, 3));
        assertEquals(2.5, inv.invokeFunction("add", 1, 1.5));
        assertThrows(NoSuchMethodException.class, () -> inv.invokeFunction("missing"));
        Object obj = engine.eval("return { name = 't', greet = function(self, who) return self.name .. ' greets ' .. who end }");
        assertEquals("t greets you", inv.invokeMethod(obj, "greet", "you"));
        assertThrows(NoSuchMethodException.class, () -> inv.invokeMethod(obj, "absent"));
        engine.eval("function fail() error('failed here') end");
        ScriptException e = assertThrows(ScriptException.class, () -> inv.invokeFunction("fail"));
        assertEquals(1, e.getLineNumber());
        assertInstanceOf(LuaException.class, e.getCause());
    }

    @Test
    void interfacesImplementedByLua() throws Exception {
        Invocable inv = (Invocable) engine;
        assertNull(inv.getInterface(Calculator.class), "null while a method has no Lua function");
        engine.eval("function add(a, b) return a + b end function name() return 'lua' end");
        Calculator calc = inv.getInterface(Calculator.class);
        assertEquals(7, calc.add(3, 4));
        assertEquals("a calculator named lua", calc.describe(), "a default method Lua leaves out keeps its body");
        engine.eval("function describe() return 'mine' end");
        assertEquals("mine", calc.describe());
        Object t = engine.eval("""
                local seen = {}
                return { greet = function(self, who) seen[#seen + 1] = who return 'hello ' .. who end,
                         history = function(self) return seen end }""");
        Greeter g = inv.getInterface(t, Greeter.class);
        assertEquals("hello ann", g.greet("ann"));
        g.greet("bob");
        assertEquals(List.of("ann", "bob"), g.history());
        Comparator<Object> byLength = inv.getInterface(
                engine.eval("return { compare = function(self, a, b) return #a - #b end }"), Comparator.class);
        assertEquals(List.of("b", "aa", "ccc"), List.of("ccc", "b", "aa").stream().sorted(byLength).toList());
        engine.eval("function add() error('no adding') end");
        UncheckedLuaException e = assertThrows(UncheckedLuaException.class, () -> calc.add(1, 2));
        assertEquals("<eval>:1: no adding", e.getMessage());
        engine.eval("function add() return nil end");
        assertThrows(ClassCastException.class, () -> calc.add(1, 2));
        assertThrows(IllegalArgumentException.class, () -> inv.getInterface(String.class));
    }

    @Test
    void errorsCarryFileAndLine() {
        engine.put(ScriptEngine.FILENAME, "calc.lua");
        ScriptException e = assertThrows(ScriptException.class, () -> engine.eval("local x = 1\nerror('boom')"));
        assertEquals("calc.lua", e.getFileName());
        assertEquals(2, e.getLineNumber());
        assertEquals(-1, e.getColumnNumber(), "Lua has no columns");
        assertTrue(e.getMessage().startsWith("calc.lua:2: boom"), e.getMessage());
        LuaException cause = (LuaException) e.getCause();
        assertTrue(cause.getLuaTraceback().contains("calc.lua:2: in main chunk"), cause.getLuaTraceback());
        engine.getBindings(ScriptContext.ENGINE_SCOPE).remove(ScriptEngine.FILENAME);
        ScriptException plain = assertThrows(ScriptException.class, () -> engine.eval("\n\nlocal t = nil + 1"));
        assertEquals("<eval>", plain.getFileName());
        assertEquals(3, plain.getLineNumber());
        assertTrue(plain.getMessage().startsWith("<eval>:3: attempt to perform arithmetic on a nil value"), plain.getMessage());
        ScriptException noPosition = assertThrows(ScriptException.class, () -> engine.eval("error('bare', 0)"));
        assertEquals(-1, noPosition.getLineNumber());
        assertEquals("<eval>", noPosition.getFileName());
    }

    @Test
    void bytesReachTheWriterOneCharEachAndANewWriterKeepsTheState() throws Exception {
        StringWriter first = new StringWriter();
        engine.getContext().setWriter(first);
        engine.eval("kept = 7 io.write('\\0\\128\\255', 'é') print()");
        assertEquals("\u0000\u0080\u00ff\u00c3\u00a9\n", first.toString(), "ISO-8859-1: byte = char, never U+FFFD");
        StringWriter second = new StringWriter();
        engine.getContext().setWriter(second);
        engine.eval("print(kept)");
        assertEquals("7\n", second.toString());
        StringWriter errors = new StringWriter();
        engine.getContext().setErrorWriter(errors);
        engine.eval("io.stderr:write('warned')");
        assertEquals("warned", errors.toString());
        engine.getContext().setReader(new StringReader("first line\nsecond"));
        assertEquals("first line", engine.eval("return io.read('*l')"));
        assertEquals("second", engine.eval("return io.read('*a')"));
    }

    @Test
    void anotherContextsWritersAndArguments() throws Exception {
        SimpleScriptContext ctx = new SimpleScriptContext();
        StringWriter out = new StringWriter();
        ctx.setWriter(out);
        ctx.setAttribute(ScriptEngine.ARGV, new String[] {"a", "b"}, ScriptContext.ENGINE_SCOPE);
        assertEquals(2L, engine.eval("print(...) return select('#', ...)", ctx));
        assertEquals("a\tb\n", out.toString());
    }

    @Test
    void valuesConvertAsDocumented() throws Exception {
        assertEquals(7L, engine.eval("return 7"));
        assertEquals(1.5, engine.eval("return 1.5"));
        assertEquals(1099511627776L, engine.eval("return 2^40"));
        assertEquals(-0.0, engine.eval("return 0/-1"));
        assertEquals(Boolean.TRUE, engine.eval("return 0/0 ~= 0/0"));
        assertNull(engine.eval("return nil"));
        LjuvScriptEngine lua = (LjuvScriptEngine) engine;
        Map<Object, Object> m = lua.toMap(engine.eval("return { a = 1, list = {'x', 'y'}, [3] = true }"));
        assertEquals(1L, m.get("a"));
        assertEquals(Map.of(1L, "x", 2L, "y"), m.get("list"));
        assertEquals(Boolean.TRUE, m.get(3L));
        @SuppressWarnings("unchecked")
        Function<Object, Object> twice = (Function<Object, Object>) engine.eval("return function(x) return x * 2 end");
        assertEquals(List.of(2L, 4L, 6L), List.of(1, 2, 3).stream().map(twice).collect(Collectors.toList()));
        assertEquals(List.of(3L), List.of(((LuaCallable) twice).call(1.5, "x")));
        engine.put("javaList", List.of(10, 20));
        engine.put("javaMap", Map.of("k", "v"));
        engine.put("callback", twice);
        assertEquals("2 20 v 42", engine.eval("return #javaList .. ' ' .. javaList[2] .. ' ' .. javaMap.k .. ' ' .. callback(21)"));
        assertEquals("\"x\"", engine.eval("return string.format('%q', 'x')"));
    }
}
