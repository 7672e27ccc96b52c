package dev.ljuv.embed;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import javax.script.SimpleBindings;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A JSR-223 engine over one {@link LuaState} (LuaJIT 2.1's dialect, the ljuv module), also {@link Compilable}
 * and {@link Invocable}.
 *
 * <ul>
 * <li>Scopes: the engine scope of the engine's own context is the state's globals ({@link LuaBindings}): what a
 * script sets, {@code get} reads, and the other way round. The global scope (the manager's bindings) is seen
 * by scripts under the names that Lua has not set itself; it is looked at as each evaluation starts. Any other
 * engine scope ({@code eval(s, bindings)}, a context of the caller's) is seen for that evaluation only: its
 * scripts read the bindings, then the global scope, then the state's globals, and their global assignments go
 * into the bindings, so the state's globals are left as they were.</li>
 * <li>{@code eval} returns the chunk's first result, converted as {@link LuaState} converts values (integral
 * numbers {@link Long}, others {@link Double}, functions {@link LuaCallable}; tables stay Lua values:
 * {@link #toMap}, {@link #toList}). {@link ScriptEngine#ARGV} is the chunk's {@code ...}.</li>
 * <li>A script is named by {@link ScriptEngine#FILENAME} (as {@code luajit file} names it), else {@code <eval>};
 * a Lua error is a {@link ScriptException} with the file and line of the error and the
 * {@link LuaException} (its traceback) as cause.</li>
 * <li>Output: {@code print}, {@code io.write} and {@code io.stderr} go to the context's writers, each byte as one
 * char (see {@link ContextStreams}); {@code io.read} reads the context's reader.</li>
 * </ul>
 *
 * <p>Threading: like its state, one thread at a time ({@code THREADING} is null); a call from a second thread
 * while one runs throws {@link IllegalStateException}.
 */
public final class LjuvScriptEngine extends AbstractScriptEngine implements Compilable, Invocable {
    /** The chunk name of a script without {@link ScriptEngine#FILENAME}. */
    static final String DEFAULT_NAME = "<eval>";
    /** The position Lua puts in front of an error message: {@code chunk:line: }. */
    private static final Pattern POSITION = Pattern.compile("^([^\\n]*?):(\\d+): ");

    private final LjuvScriptEngineFactory factory;
    private final LuaState state;
    private final LuaBindings globals;
    /** The context being evaluated; null: the engine's own. */
    private ScriptContext active;
    /** Names of the global scope copied into the Lua globals, with the value they were given. */
    private final Map<String, LuaValue> imported = new HashMap<>();

    LjuvScriptEngine(LjuvScriptEngineFactory factory) {
        this.factory = factory;
        ContextStreams streams = new ContextStreams(() -> active != null ? active : context);
        this.state = LjuvRuntime.builder().stdin(streams.in).stdout(streams.out).stderr(streams.err).build().newState();
        this.globals = new LuaBindings(state);
        context.setBindings(globals, ScriptContext.ENGINE_SCOPE);
        context.setWriter(new ContextStreams.ProcessWriter(System.out));
        context.setErrorWriter(new ContextStreams.ProcessWriter(System.err));
        context.setReader(new ContextStreams.ProcessReader(System.in));
    }

    // ---- ScriptEngine

    @Override
    public Object eval(String script, ScriptContext ctx) throws ScriptException {
        return run(load(script, ctx), ctx);
    }

    @Override
    public Object eval(Reader reader, ScriptContext ctx) throws ScriptException {
        return eval(read(reader), ctx);
    }

    @Override
    public Bindings createBindings() {
        return new SimpleBindings();
    }

    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }

    /** The Lua state behind this engine, for the embedding API ({@link LuaState}). */
    public LuaState state() {
        return state;
    }

    /** A Lua table (as {@code eval} returns it) as a {@link Map}: {@link LuaState#toMap}. */
    public Map<Object, Object> toMap(Object table) {
        return state.toMap(table);
    }

    /** A Lua sequence as a {@link List}: {@link LuaState#toList}. */
    public List<Object> toList(Object table) {
        return state.toList(table);
    }

    // ---- Compilable

    @Override
    public CompiledScript compile(String script) throws ScriptException {
        LuaValue chunk = load(script, context);
        return new CompiledScript() {
            @Override
            public Object eval(ScriptContext ctx) throws ScriptException {
                return run(chunk, ctx);
            }

            @Override
            public ScriptEngine getEngine() {
                return LjuvScriptEngine.this;
            }
        };
    }

    @Override
    public CompiledScript compile(Reader script) throws ScriptException {
        return compile(read(script));
    }

    // ---- Invocable

    @Override
    public Object invokeFunction(String name, Object... args) throws ScriptException, NoSuchMethodException {
        LuaValue f = function(name);
        return first(call(f, state.toLua(args)));
    }

    @Override
    public Object invokeMethod(Object thiz, String name, Object... args) throws ScriptException, NoSuchMethodException {
        LuaValue self = self(thiz);
        LuaValue m = method(self, name);
        return first(call(m, LuaValue.varargsOf(self, state.toLua(args))));
    }

    @Override
    public <T> T getInterface(Class<T> type) {
        return LuaInterfaces.implement(this, null, type);
    }

    @Override
    public <T> T getInterface(Object thiz, Class<T> type) {
        return LuaInterfaces.implement(this, self(thiz), type);
    }

    /** The global function {@code name} as the engine's context sees it. */
    LuaValue function(String name) throws NoSuchMethodException {
        Objects.requireNonNull(name, "name");
        LuaValue f = state.locked(() -> state.toLua(context.getAttribute(name)));
        if (!callable(f)) {
            throw new NoSuchMethodException("no Lua function '" + name + "'");
        }
        return f;
    }

    /** The method {@code name} of {@code self} ({@code self[name]}, metamethods included). */
    LuaValue method(LuaValue self, String name) throws ScriptException, NoSuchMethodException {
        Objects.requireNonNull(name, "name");
        LuaValue m;
        try {
            m = state.guardedValue(() -> self.get(name));
        } catch (LuaException e) {
            throw scriptException(e, DEFAULT_NAME);
        }
        if (!callable(m)) {
            throw new NoSuchMethodException("no Lua method '" + name + "' in the " + self.typename());
        }
        return m;
    }

    LuaValue self(Object thiz) {
        LuaValue self = state.locked(() -> state.toLua(thiz));
        if (self.isnil()) {
            throw new IllegalArgumentException("the object is null");
        }
        return self;
    }

    static boolean callable(LuaValue f) {
        return f.isfunction() || f.metatag(LuaValue.CALL).isfunction();
    }

    /** Calls {@code f} in the engine's context (its writers). */
    Object[] call(LuaValue f, Varargs args) throws ScriptException {
        try {
            return state.invoke(f, args);
        } catch (LuaException e) {
            throw scriptException(e, DEFAULT_NAME);
        } finally {
            flush(context);
        }
    }

    // ---- evaluation

    private LuaValue load(String script, ScriptContext ctx) throws ScriptException {
        Object file = ctx.getAttribute(ScriptEngine.FILENAME);
        String chunkName = file != null ? "@" + file : "=" + DEFAULT_NAME;
        try {
            return state.load(script, chunkName);
        } catch (LuaException e) {
            throw scriptException(e, file != null ? file.toString() : DEFAULT_NAME);
        }
    }

    private Object run(LuaValue chunk, ScriptContext ctx) throws ScriptException {
        Object file = ctx.getAttribute(ScriptEngine.FILENAME);
        ScriptContext outer = active;
        active = ctx;
        try {
            LuaValue f = state.locked(() -> {
                Bindings scope = ctx.getBindings(ScriptContext.ENGINE_SCOPE);
                if (scope == globals) {
                    importGlobalScope(ctx.getBindings(ScriptContext.GLOBAL_SCOPE));
                    return chunk;
                }
                return LuaState.withEnvironment(chunk, ScopeTable.of(state, ctx));
            });
            Object argv = ctx.getAttribute(ScriptEngine.ARGV);
            Object[] args = argv instanceof Object[] a ? a : new Object[0];
            return first(state.invoke(f, state.toLua(args)));
        } catch (LuaException e) {
            throw scriptException(e, file != null ? file.toString() : DEFAULT_NAME);
        } finally {
            flush(ctx);
            active = outer;
        }
    }

    /**
     * Makes the global scope's names Lua globals where Lua has not set them itself: a name Lua set (to something
     * other than what was imported) stays Lua's, and a name gone from the global scope goes from Lua too.
     */
    private void importGlobalScope(Bindings scope) {
        LuaTable g = state.globals();
        if (scope != null) {
            for (Map.Entry<String, Object> e : scope.entrySet()) {
                LuaValue key = LuaValue.valueOf(e.getKey());
                LuaValue current = g.rawget(key);
                if (current.isnil() || current == imported.get(e.getKey())) {
                    LuaValue v = state.toLua(e.getValue());
                    g.rawset(key, v);
                    imported.put(e.getKey(), v);
                }
            }
        }
        for (Iterator<Map.Entry<String, LuaValue>> it = imported.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, LuaValue> e = it.next();
            if (scope == null || !scope.containsKey(e.getKey())) {
                if (g.rawget(e.getKey()) == e.getValue()) {
                    g.rawset(e.getKey(), LuaValue.NIL);
                }
                it.remove();
            }
        }
    }

    private static void flush(ScriptContext ctx) {
        try {
            if (ctx.getWriter() != null) {
                ctx.getWriter().flush();
            }
            if (ctx.getErrorWriter() != null) {
                ctx.getErrorWriter().flush();
            }
        } catch (IOException e) {
            // the writer's own failure: nothing more to tell the script
        }
    }

    private static Object first(Object[] results) {
        return results.length > 0 ? results[0] : null;
    }

    private static String read(Reader reader) throws ScriptException {
        try {
            StringBuilder sb = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = reader.read(buf)) > 0; ) {
                sb.append(buf, 0, n);
            }
            return sb.toString();
        } catch (IOException e) {
            throw new ScriptException(e);
        }
    }

    /** A Lua error as JSR-223 reports it: the Lua message, the file and line where Lua gives them. */
    static ScriptException scriptException(LuaException e, String file) {
        Matcher m = POSITION.matcher(e.getLuaMessage());
        ScriptException se = m.find()
                ? new ScriptException(e.getLuaMessage(), m.group(1), Integer.parseInt(m.group(2)), -1)
                : new ScriptException(e.getLuaMessage(), file, -1, -1);
        se.initCause(e);
        return se;
    }
}
