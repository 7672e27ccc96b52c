package dev.ljuv.embed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.script.AbstractScriptEngine;
import javax.script.Bindings;
import javax.script.ScriptContext;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptException;
import javax.script.SimpleBindings;

/**
 * A JSR-223 engine over one {@link LuaState}: bindings of the engine and global scopes become Lua globals
 * before each evaluation, {@code eval} returns the chunk's first result, and {@code print} writes to the
 * context's writer.
 *
 * <p>Threading: like its state, one thread at a time.
 */
public final class LjuvScriptEngine extends AbstractScriptEngine {
    private final ScriptEngineFactory factory;
    private LuaState state;
    private Writer stateWriter;

    LjuvScriptEngine(ScriptEngineFactory factory) {
        this.factory = factory;
    }

    private LuaState state(ScriptContext context) {
        Writer w = context.getWriter();
        if (state == null || stateWriter != w) {
            PrintStream out = new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    w.write(b & 0xff);
                    w.flush();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    w.write(new String(b, off, len, StandardCharsets.UTF_8));
                    w.flush();
                }
            }, true, StandardCharsets.UTF_8);
            state = LjuvRuntime.builder().stdout(out).build().newState();
            stateWriter = w;
        }
        return state;
    }

    @Override
    public Object eval(String script, ScriptContext context) throws ScriptException {
        LuaState lua = state(context);
        for (int scope : new int[] {ScriptContext.GLOBAL_SCOPE, ScriptContext.ENGINE_SCOPE}) {
            Bindings b = context.getBindings(scope);
            if (b != null) {
                for (Map.Entry<String, Object> e : b.entrySet()) {
                    lua.set(e.getKey(), e.getValue());
                }
            }
        }
        try {
            Object[] r = lua.run(script, "script");
            return r.length > 0 ? r[0] : null;
        } catch (LuaException e) {
            ScriptException se = new ScriptException(e.getLuaMessage());
            se.initCause(e);
            throw se;
        }
    }

    @Override
    public Object eval(Reader reader, ScriptContext context) throws ScriptException {
        StringBuilder sb = new StringBuilder();
        try (BufferedReader r = new BufferedReader(reader)) {
            char[] buf = new char[8192];
            int n;
            while ((n = r.read(buf)) > 0) {
                sb.append(buf, 0, n);
            }
        } catch (IOException e) {
            throw new ScriptException(e);
        }
        return eval(sb.toString(), context);
    }

    @Override
    public Bindings createBindings() {
        return new SimpleBindings();
    }

    @Override
    public ScriptEngineFactory getFactory() {
        return factory;
    }
}
