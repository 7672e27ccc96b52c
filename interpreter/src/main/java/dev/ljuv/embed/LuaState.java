package dev.ljuv.embed;

import dev.ljuv.java.JavaState;
import dev.ljuv.runtime.ChunkLoader;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.CurrentState;
import dev.ljuv.stdlib.vm.Finalizers;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaStacks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One Lua state: run code, call Lua functions, expose Java functions and objects, and run its ljuv loop.
 *
 * <p>Values cross as follows. To Java: {@code nil} is {@code null}, booleans are {@link Boolean}, numbers with an
 * integral value (within 2^53) are {@link Long} and other numbers {@link Double} ({@code -0}, NaN and the
 * infinities included), strings are {@link String} (their bytes read as UTF-8), functions are {@link LuaCallable},
 * tables and userdata stay Lua values ({@link LuaValue}) that {@link #toMap} and {@link #toList} convert on
 * request. To Lua: the reverse, plus {@link JavaFunction} as a function, {@link Map} and {@link List} as tables
 * (deeply), any other number as a Lua number, and any other object as a Java object of the {@code java} module
 * (methods with {@code :}, fields with {@code .}), which comes back to Java as itself; a Java object handed in is
 * usable whatever the runtime's {@link dev.ljuv.java.JavaAccess} policy.
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

    /** The time limit of each call from the application, or null. */
    private final CallTimeLimit timeLimit;

    LuaState(Globals globals, Map<String, JavaFunction> preloads, CallTimeLimit timeLimit) {
        this.globals = globals;
        this.timeLimit = timeLimit;
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

    /** Calls a Lua function value of this state (a {@link LuaCallable}, or a {@link LuaValue} from {@link #globals}). */
    public Object[] call(Object function, Object... args) throws LuaException {
        return guarded(() -> toLua(function).invoke(toLua(args)));
    }

    // ---- globals

    public void set(String name, Object value) {
        locked(() -> globals.set(name, toLua(value)));
    }

    public Object get(String name) {
        return locked(() -> toJava(globals.get(name)));
    }

    /** Exposes {@code f} as the global function {@code name}. */
    public void setFunction(String name, JavaFunction f) {
        set(name, f);
    }

    // ---- tables on request

    /**
     * The table {@code table} (a Lua table value of this state) as a new {@link Map}, nested tables converted too
     * (a table reached twice is the same map); keys and values as {@link LuaState} converts them, raw (no
     * metamethods).
     */
    public Map<Object, Object> toMap(Object table) {
        return locked(() -> {
            Map<LuaValue, Object> seen = new IdentityHashMap<>();
            return mapOf(checkTable(table), seen);
        });
    }

    /** The sequence {@code table[1..#table]} as a new {@link List}, nested tables converted as {@link #toMap} does. */
    public List<Object> toList(Object table) {
        return locked(() -> {
            LuaTable t = checkTable(table);
            Map<LuaValue, Object> seen = new IdentityHashMap<>();
            List<Object> list = new ArrayList<>();
            seen.put(t, list);
            for (int i = 1, n = t.rawlen(); i <= n; i++) {
                list.add(deep(t.rawget(i), seen));
            }
            return list;
        });
    }

    private LuaTable checkTable(Object table) {
        LuaValue v = toLua(table);
        if (!v.istable()) {
            throw new IllegalArgumentException("not a Lua table: a " + v.typename());
        }
        return (LuaTable) v;
    }

    private Map<Object, Object> mapOf(LuaTable t, Map<LuaValue, Object> seen) {
        Map<Object, Object> map = new LinkedHashMap<>();
        seen.put(t, map);
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            map.put(deep(e.arg1(), seen), deep(e.arg(2), seen));
        }
        return map;
    }

    private Object deep(LuaValue v, Map<LuaValue, Object> seen) {
        if (!v.istable()) {
            return toJava(v);
        }
        Object done = seen.get(v);
        return done != null ? done : mapOf((LuaTable) v, seen);
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

    /**
     * Ends the state, as {@code lua_close}: the {@code __gc} of its proxies still alive run first (on this thread,
     * unless another thread is using the state then), and every later call is refused.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            locked(() -> Finalizers.endOfState(globals));
        } catch (IllegalStateException e) {
            // in use by another thread: closed without them
        }
        closed = true;
    }

    // ---- for the JSR-223 engine

    /** Compiles {@code source} under {@code chunkName} (with its {@code @} or {@code =}), without running it. */
    LuaValue load(String source, String chunkName) throws LuaException {
        return guardedValue(() -> ChunkLoader.loadString(globals, source, chunkName));
    }

    /** A fresh instance of the loaded chunk {@code chunk} whose globals are {@code env}. */
    static LuaValue withEnvironment(LuaValue chunk, LuaValue env) {
        return new LuaClosure(((LuaClosure) chunk).p, env);
    }

    /** Calls {@code function} with arguments already converted. */
    Object[] invoke(LuaValue function, Varargs args) throws LuaException {
        return guarded(() -> function.invoke(args));
    }

    /** Runs {@code body} as the state's user (see the threading contract). */
    <T> T locked(Supplier<T> body) {
        enter();
        try {
            return body.get();
        } finally {
            exit();
        }
    }

    void locked(Runnable body) {
        locked(() -> {
            body.run();
            return null;
        });
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
        JavaState java = globals instanceof LuaJitGlobals g ? JavaState.of(g) : null;
        if (java != null) {
            java.hostedBy(me); // Java objects' proxies called back on this thread run here
        }
    }

    private void exit() {
        if (--nesting == 0) {
            LuaStacks.forgetFinishedCalls(); // the thread goes on: its reused frames must not keep this state alive
            if (globals instanceof LuaJitGlobals g) {
                CurrentState.restore(outerState);
                JavaState java = JavaState.of(g);
                if (java != null) {
                    java.hostedBy(null);
                }
            }
            outerState = null;
            user.set(null);
        }
    }

    private interface Body {
        Varargs run();
    }

    private Object[] guarded(Body body) throws LuaException {
        return guardedValue(() -> toJava(body.run()));
    }

    /** Runs {@code body} as the state's user, a Lua error (or a Java failure) thrown as {@link LuaException}. */
    <T> T guardedValue(Supplier<T> body) throws LuaException {
        enter();
        CallTimeLimit.Armed watch = timeLimit != null && nesting == 1 ? timeLimit.arm() : null; // the outermost call
        int depth = LuaStacks.depth();
        try {
            return body.get();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LuaStacks.unwindTo(depth);
            throw luaException(e);
        } finally {
            if (watch != null) {
                watch.disarm();
            }
            exit();
        }
    }

    private LuaException luaException(Throwable e) {
        LuaValue value = LuaErrors.valueOf(e);
        String message = value.isstring() ? value.tojstring()
                : value.isnil() ? "nil" : "(error object is a " + value.typename() + " value)";
        return new LuaException(message, LuaErrors.traceback(e), toJava(value));
    }

    // ---- conversions

    Varargs toLua(Object[] values) {
        if (values == null || values.length == 0) {
            return LuaValue.NONE;
        }
        LuaValue[] lua = new LuaValue[values.length];
        for (int i = 0; i < values.length; i++) {
            lua[i] = toLua(values[i]);
        }
        return LuaValue.varargsOf(lua);
    }

    LuaValue toLua(Object v) {
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
        if (v instanceof LuaCallable c) {
            if (c.state() != this) {
                throw new IllegalArgumentException("a Lua function cannot move to another Lua state");
            }
            return c.value();
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
        return JavaState.of((LuaJitGlobals) globals).toLua(v);
    }

    Object[] toJava(Varargs values) {
        Object[] out = new Object[values.narg()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toJava(values.arg(i + 1));
        }
        return out;
    }

    Object toJava(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNIL:
                return null;
            case LuaValue.TBOOLEAN:
                return v.toboolean();
            case LuaValue.TNUMBER: {
                if (v instanceof LuaInteger i) {
                    return (long) i.v;
                }
                double d = v.todouble();
                return d == Math.rint(d) && Math.abs(d) <= 9.007199254740992E15 && !(d == 0 && 1 / d < 0)
                        ? (Object) (long) d : (Object) d;
            }
            case LuaValue.TSTRING:
                return v.tojstring();
            case LuaValue.TFUNCTION:
                return new LuaCallable(this, v);
            default:
                Object java = JavaState.toJava(v);
                return java != null ? java : v;
        }
    }

    private LuaValue function(JavaFunction f) {
        return Functions.named(null, args -> {
            try {
                return toLua(f.call(toJava(args)));
            } catch (LuaException e) {
                throw new LuaError(LuaValue.valueOf(e.getLuaMessage()));
            }
        });
    }
}
