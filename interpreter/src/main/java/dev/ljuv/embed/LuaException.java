package dev.ljuv.embed;

/**
 * A Lua error that reached Java: the Lua message (with its position, as Lua writes it), the Lua traceback,
 * and the error value itself (converted as {@link LuaState} converts results).
 *
 * <p>Threading: immutable.
 */
public class LuaException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String luaMessage;
    private final String luaTraceback;
    private final transient Object value;

    public LuaException(String luaMessage, String luaTraceback, Object value) {
        super(luaMessage);
        this.luaMessage = luaMessage;
        this.luaTraceback = luaTraceback;
        this.value = value;
    }

    /** The error message as Lua reports it, e.g. {@code script.lua:3: boom}. */
    public String getLuaMessage() {
        return luaMessage;
    }

    /** The Lua stack traceback ({@code stack traceback:} and one line per frame). */
    public String getLuaTraceback() {
        return luaTraceback;
    }

    /** The Lua error value ({@code error({code = 1})} gives its table), converted to Java. */
    public Object getValue() {
        return value;
    }
}
