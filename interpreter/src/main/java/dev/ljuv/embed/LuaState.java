package dev.ljuv.embed;

import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.runtime.ChunkLoader;
import dev.ljuv.stdlib.vm.CurrentState;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.LuaErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.CoerceJavaToLua;

/**
 * One Lua state: run code, call Lua functions, expose Java functions and objects, and run its ljuv loop.
 *
 * <p>Values cross as follows. To Java: {@code nil} is {@code null}, booleans are {@link Boolean}, integral
 * numbers {@link Integer} (or {@link Long}/{@link Double} beyond), other numbers {@link Double}, strings
 * {@link String}; tables, functions and userdata stay Lua values ({@link LuaValue}). To Lua: the reverse,
 * plus {@link JavaFunction} as a function, {@link Map} and {@link List} as tables, and any other object as a
 * LuaJ Java-object userdata.
 *
 * <p>Threading: a state belongs to one thread at a time. A call from another thread while a call is running
 * throws {@link IllegalStateException} instead of corrupting the state; calls back into the state from the
 * same thread (a Lua callback calling Java calling Lua) are fine. The state's ljuv loop belongs to the
 * thread that first used it.
 */
public final class LuaState implements AutoCloseable {
    private final Globals globals;
    private final AtomicReference<Thread> user = new AtomicReference<>();
    /** The state current on the using thread before this one entered, restored when it leaves. */
    private LuaJitGlobals outerState;
    private int nesting;
    private boolean closed;

    LuaState(Globals globals, Map<String, JavaFunction> preloads) {
        this.globals = globals;
        LuaTable preload = globals.get("package").get("preload").checktable();
        preloads.forEach((name, loader) -> preload.set(name, function(loader)));
    }

    // ---- running code

    /** Runs {@code code} (named {@code chunkName} in messages) with {@code args} as {@code ...}. */
    public Object[] run(String code, String chunkName, Object... args) throws LuaException {
        return guarded(() -> ChunkLoader.loadString(globals, code, "=" + chunkName).invoke(toLua(args)));
    }

    /** Runs a Lua file with {@code args} as {@code ...}. */
    public Object[] runFile(Path file, Object... args) throws LuaException {
        return guarded(() -> {
            try {
                return ChunkLoader.loadFile(globals, file.toString()).invoke(toLua(args));
            } catch (IOException e) {
                throw new LuaError(ChunkLoader.describe(e));
            }
        });
    }

    /** Calls the global function {@code name}. */
    public Object[] call(String name, Object... args) throws LuaException {
        return guarded(() -> globals.get(name).invoke(toLua(args)));
    }

    /** Calls a Lua function value (as returned by {@link #get} or a previous call). */
    public Object[] call(LuaValue function, Object... args) throws LuaException {
        return guarded(() -> function.invoke(toLua(args)));
    }

    // ---- globals

    public void set(String name, Object value) {
        enter();
        try {
            globals.set(name, toLua(value));
        } finally {
            exit();
        }
    }

    public Object get(String name) {
        enter();
        try {
            return toJava(globals.get(name));
        } finally {
            exit();
        }
    }

    /** Exposes {@code f} as the global function {@code name}. */
    public void setFunction(String name, JavaFunction f) {
        set(name, f);
    }

    // ---- the ljuv loop

    /**
     * Runs the state's default ljuv loop ({@code ljuv.loop:run(mode)}) on the calling thread: {@code "default"}
     * until it has no more work, {@code "once"} or {@code "nowait"} for one step. Returns whether work is
     * left; a callback error surfaces as the exception.
     */
    public boolean runLoop(String mode) throws LuaException {
        Object[] r = guarded(() -> {
            LuaValue loop = globals.get("require").call(LuaValue.valueOf("ljuv")).get("loop");
            return loop.get("run").invoke(LuaValue.varargsOf(loop, LuaValue.valueOf(mode)));
        });
        return r.length > 0 && Boolean.TRUE.equals(r[0]);
    }

    /** {@code runLoop("default")}. */
    public boolean runLoop() throws LuaException {
        return runLoop("default");
    }

    /** The LuaJ globals, for what this API does not cover. Same threading rule as the state. */
    public Globals globals() {
        return globals;
    }

    @Override
    public void close() {
        closed = true;
    }

    // ---- threading contract

    private void enter() {
        Thread me = Thread.currentThread();
        Thread current = user.get();
        if (current == me) {
            nesting++;
            return;
        }
        if (closed) {
            throw new IllegalStateException("the Lua state is closed");
        }
        if (!user.compareAndSet(null, me)) {
            throw new IllegalStateException("the Lua state is in use by thread '" + user.get().getName()
                    + "': a state belongs to one thread at a time");
        }
        nesting = 1;
        // per-state things LuaJ keeps statically (the string metatable) follow the state to this thread
        outerState = globals instanceof LuaJitGlobals g ? CurrentState.enter(g) : null;
    }

    private void exit() {
        if (--nesting == 0) {
            if (globals instanceof LuaJitGlobals) {
                CurrentState.restore(outerState);
            }
            outerState = null;
            user.set(null);
        }
    }

    private interface Body {
        Varargs run();
    }

    private Object[] guarded(Body body) throws LuaException {
        enter();
        try {
            return toJava(body.run());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw luaException(e);
        } finally {
            exit();
        }
    }

    static LuaException luaException(Throwable e) {
        LuaValue value = LuaErrors.valueOf(e);
        String message = value.isstring() ? value.tojstring()
                : value.isnil() ? "nil" : "(error object is a " + value.typename() + " value)";
        return new LuaException(message, LuaErrors.traceback(e), toJava(value));
    }

    // ---- conversions

    static Varargs toLua(Object[] values) {
        if (values == null || values.length == 0) {
            return LuaValue.NONE;
        }
        LuaValue[] lua = new LuaValue[values.length];
        for (int i = 0; i < values.length; i++) {
            lua[i] = toLua(values[i]);
        }
        return LuaValue.varargsOf(lua);
    }

    static LuaValue toLua(Object v) {
        if (v == null) {
            return LuaValue.NIL;
        }
        if (v instanceof LuaValue l) {
            return l;
        }
        if (v instanceof Boolean b) {
            return LuaValue.valueOf(b);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return LuaValue.valueOf(((Number) v).intValue());
        }
        if (v instanceof Number n) {
            return LuaValue.valueOf(n.doubleValue());
        }
        if (v instanceof String s) {
            return LuaValue.valueOf(s);
        }
        if (v instanceof JavaFunction f) {
            return function(f);
        }
        if (v instanceof Map<?, ?> map) {
            LuaTable t = new LuaTable();
            map.forEach((k, value) -> t.set(toLua(k), toLua(value)));
            return t;
        }
        if (v instanceof List<?> list) {
            LuaTable t = new LuaTable(list.size(), 0);
            for (int i = 0; i < list.size(); i++) {
                t.set(i + 1, toLua(list.get(i)));
            }
            return t;
        }
        return CoerceJavaToLua.coerce(v);
    }

    static Object[] toJava(Varargs values) {
        Object[] out = new Object[values.narg()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toJava(values.arg(i + 1));
        }
        return out;
    }

    static Object toJava(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER: {
                if (v instanceof LuaInteger i) {
                    return i.v;
                }
                double d = v.todouble();
                return d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15 && !(d == 0 && 1 / d < 0)
                        ? (Object) (long) d : (Object) d;
            }
            case LuaValue.TSTRING:
                return v.tojstring();
            default:
                return v;
        }
    }

    private static LuaValue function(JavaFunction f) {
        return Functions.named(null, args -> {
            try {
                return toLua(f.call(toJava(args)));
            } catch (LuaException e) {
                throw new LuaError(LuaValue.valueOf(e.getLuaMessage()));
            }
        });
    }
}
