package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.LuaStacks;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A Lua function's compiled code: implemented by every generated class, whose instance for a state is kept on
 * the state's prototype ({@code Prototype.ljuv$compiled}). Closures stay LuaJ's {@code LuaClosure}s whether their function
 * is compiled or not (a closure made before its function was compiled runs the compiled code too): the patched
 * {@code LuaClosure.execute} runs {@link #run} when the prototype has code, and compiled call sites call
 * {@code fastCall} directly.
 *
 * <p>A class, not an interface: every call asks whether a prototype's code is one, and a class test is one
 * compare.
 *
 * <p>Threading: the class is shared by the states of the JVM; an instance belongs to one state (its fields are that
 * state's inline caches); the closure carries the upvalues.
 */
public abstract class CompiledFunction {
    /** The chunk of the state whose instance this is (set once, when compiled): its loop entries. */
    CompiledChunk chunk;

    /** The function's body on {@code closure}'s upvalues: what the interpreter's {@code ljuv$execute} does. */
    public abstract Varargs run(LuaClosure closure, LuaValue[] stack, Varargs varargs, LuaStacks.Frame frame);

    /**
     * Goes on with an interpreted call of the function at instruction {@code pc} (a loop's back edge), with the
     * interpreter's open upvalues, to its end: on-stack replacement, for a call that loops long (see
     * {@code CompiledChunk.loop}). Only the classes compiled for it have one.
     */
    public Varargs enterLoop(LuaClosure closure, LuaValue[] stack, Varargs varargs, LuaStacks.Frame frame, int pc,
            org.luaj.vm2.UpValue[] open) {
        throw new UnsupportedOperationException("compiled without a loop entry");
    }

    /**
     * Arguments up to which compiled code calls a compiled function through its {@code fastCall}: one method below
     * for each count from 0, which every generated class implements. Five and six are in LuaJIT's benchmarks:
     * array3d's {@code arr:set(x, y, z, v)}, ray's dot of two vectors.
     */
    static final int FAST_ARGUMENTS = 6;

    // What LuaClosure's call(...) does, with this function's register count and parameters as constants: how
    // compiled code calls a compiled function with up to FAST_ARGUMENTS arguments and one result or none; the
    // caller's frame, whose next is the callee's (CallHooks.enterFrom).

    /**
     * Arguments up to which compiled code calls a compiled function through its {@code fastInvoke} where it wants more
     * than one result or all of them: a generic {@code for}'s iterator (two), {@code local a, b = f(x)}. The same
     * call as {@code fastCall}'s, its results as the body returns them.
     */
    static final int INVOKE_ARGUMENTS = 3;

    public abstract Varargs fastInvoke(LuaStacks.Frame caller, LuaClosure closure);

    public abstract Varargs fastInvoke(LuaStacks.Frame caller, LuaClosure closure, LuaValue a);

    public abstract Varargs fastInvoke(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b);

    public abstract Varargs fastInvoke(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b,
            LuaValue c);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b, LuaValue c);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b, LuaValue c, LuaValue d);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b, LuaValue c, LuaValue d, LuaValue e);

    public abstract LuaValue fastCall(LuaStacks.Frame caller, LuaClosure closure, LuaValue a, LuaValue b, LuaValue c, LuaValue d, LuaValue e,
            LuaValue f);
}
