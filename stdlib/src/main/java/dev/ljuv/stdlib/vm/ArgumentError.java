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
    private final String detail;

    public ArgumentError(int index, String function, String detail) {
        super("bad argument #" + index + " to '" + function + "' (" + detail + ")");
        this.index = index;
        this.detail = detail;
    }

    /** The message as LuaJIT gives it for a call it cannot name. */
    String unnamed() {
        return "bad argument #" + index + " to '?' (" + detail + ")";
    }
}
