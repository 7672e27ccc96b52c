package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaError;

/**
 * A library function's argument error, {@code bad argument #n to 'f' (detail)}, that remembers its parts: raised
 * by a function that Java called directly (no Lua frame between, as in {@code pcall(string.rep)}), it names the
 * function {@code '?'}, as LuaJIT does when the call has no name ({@link LuaErrors#valueOf}).
 *
 * <p>Threading: an exception, owned by the thread that raised it.
 */
public final class ArgumentError extends LuaError {
    private final int index;
    private final String function;
    private final String detail;
    /** Numbered as a method numbers its arguments (self not counted): a call site does not renumber it. */
    private boolean methodNumbered;
    /** The library function that raised it itself (not one it called), once it has left that function; or null. */
    private org.luaj.vm2.LuaValue raisedBy;

    public ArgumentError(int index, String function, String detail) {
        super("bad argument #" + index + " to '" + function + "' (" + detail + ")");
        this.index = index;
        this.function = function;
        this.detail = detail;
    }

    /** Marks it as numbered by a method of a Lua-visible type (MethodTable), which does not count self. */
    public ArgumentError numberedAsMethod() {
        methodNumbered = true;
        return this;
    }

    /**
     * The same error raised by {@code function}, whose arguments are numbered {@code by} higher (a method
     * body called through a plain function that takes the object as argument #1: luv's {@code uv.timer_start}).
     */
    public ArgumentError shifted(int by, String function) {
        return new ArgumentError(index + by, function, detail);
    }

    /**
     * Notes that the library function {@code f}, named {@code name}, is passing this error on: when it is
     * the first to, and the error carries its name, it raised it (the call site that called {@code f} then names it,
     * as LuaJIT does: {@code local f = math.floor; f()} is "bad argument #1 to 'f'").
     */
    public void leaving(org.luaj.vm2.LuaValue f, String name) {
        if (raisedBy == null && function.equals(name)) {
            raisedBy = f;
        }
    }

    /** The library function that raised it, or null when unknown. */
    org.luaj.vm2.LuaValue raisedBy() {
        return raisedBy;
    }

    boolean methodNumbered() {
        return methodNumbered;
    }

    /** The library's name of the function that raised it. */
    String function() {
        return function;
    }

    /** The argument's position as the function counts it ({@code self} is #1). */
    int index() {
        return index;
    }

    /** The detail in parentheses ({@code number expected, got no value}). */
    String detail() {
        return detail;
    }

    /** The message as LuaJIT gives it for a call it cannot name. */
    String unnamed() {
        return "bad argument #" + index + " to '?' (" + detail + ")";
    }
}
