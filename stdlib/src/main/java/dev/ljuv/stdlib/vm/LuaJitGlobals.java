package dev.ljuv.stdlib.vm;

import dev.ljuv.stdlib.vm.Coroutine;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * LuaJ globals whose {@link #yield} suspends a {@link Coroutine} instead of LuaJ's thread hand-off, for any
 * LuaJ code that yields through {@code Globals}; and the Lua 5.1 thread environments ({@code getfenv(0)}),
 * which chunks loaded and {@code print} in that thread use.
 *
 * <p>Threading: as {@link Globals}: used by one thread at a time.
 */
public class LuaJitGlobals extends Globals {
    private final RuntimeOptions options;
    private final java.util.function.Function<Runnable, Execution> executions;

    public LuaJitGlobals(RuntimeOptions options) {
        this.options = options;
        this.executions = Coroutine.executions(options.coroutines());
    }

    /** The settings of the runtime this state belongs to. */
    public RuntimeOptions options() {
        return options;
    }

    /** What runs this state's coroutines. */
    java.util.function.Function<Runnable, Execution> executions() {
        return executions;
    }

    /**
     * One instance per distinct string constant or library name of this state. Table look-ups compare keys by
     * identity first: when the constant {@code "resume"} in a chunk is the very key of {@code coroutine.resume},
     * a global or field access never compares bytes (which was a quarter of a coroutine switch's time).
     */
    private final java.util.WeakHashMap<org.luaj.vm2.LuaString, java.lang.ref.WeakReference<org.luaj.vm2.LuaString>>
            internedStrings = new java.util.WeakHashMap<>(); // weak: code loaded and dropped leaves no strings behind

    /** This state's instance of a string equal to {@code s} (registering {@code s} when it is the first). */
    public org.luaj.vm2.LuaString intern(org.luaj.vm2.LuaString s) {
        java.lang.ref.WeakReference<org.luaj.vm2.LuaString> ref = internedStrings.get(s);
        org.luaj.vm2.LuaString known = ref == null ? null : ref.get();
        if (known != null) {
            return known;
        }
        internedStrings.put(s, new java.lang.ref.WeakReference<>(s));
        return s;
    }

    /** Registers the string keys of {@code t} as this state's instances (library tables, after set-up). */
    public void internKeys(org.luaj.vm2.LuaTable t) {
        for (LuaValue k = t.next(NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            if (k instanceof org.luaj.vm2.LuaString s) {
                intern(s);
            }
        }
    }

    /**
     * The metatables of basic types in this state, as LuaJIT's global state keeps them (LuaJ keeps one static
     * field for the whole JVM): strings' ({@code debug.setmetatable("", mt)} replaces it), and io files' (a view:
     * see {@code FileMetatable}).
     */
    public LuaValue stringMetatable;
    public org.luaj.vm2.LuaTable fileMetatable;

    /**
     * Whether Lua's {@code load} family accepts binary chunks (an embedder's policy may refuse them: forged
     * bytecode is the one input LuaJIT itself does not defend against). The runtime's own loads are not affected.
     */
    public boolean binaryChunks = true;

    /**
     * The {@code java} module's context of this state (ljuv-lib's {@code JavaState}), set when the state is
     * assembled: the embedding API converts Java objects through it. Typed Object: this library does not know it.
     */
    public Object javaContext;

    /** This state's memory limit, or null (see {@link MemoryLimit}). */
    public MemoryLimit memoryLimit;

    /** The {@code __gc} of this state's proxies ({@code newproxy}). */
    public final Finalizers finalizers = new Finalizers();

    /** The registry table {@code debug.getregistry()} answers, made on first use. */
    public org.luaj.vm2.LuaTable registry;

    /** The main thread's environment when {@code setfenv(0, t)} changed it; null: these globals. */
    private LuaValue mainEnvironment;

    /** The environment of the running thread ({@code getfenv(0)}). */
    public LuaValue currentEnvironment() {
        return environmentOf(running);
    }

    /** The environment of {@code thread}. */
    public LuaValue environmentOf(LuaThread thread) {
        LuaValue env = thread instanceof Coroutine c ? c.environment() : mainEnvironment;
        return env == null ? this : env;
    }

    /** Sets the environment of {@code thread}. */
    public void setEnvironment(LuaThread thread, LuaValue env) {
        if (thread instanceof Coroutine c) {
            c.setEnvironment(env);
        } else {
            mainEnvironment = env == this ? null : env;
        }
    }

    @Override
    public Varargs yield(Varargs args) {
        return Coroutine.yield(this, args);
    }
}
