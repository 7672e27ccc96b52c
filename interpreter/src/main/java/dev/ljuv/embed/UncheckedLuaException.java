package dev.ljuv.embed;

/**
 * A {@link LuaException} thrown where Java allows no checked exception: from {@link LuaCallable#apply} and from
 * the methods of an interface implemented by Lua ({@link LjuvScriptEngine#getInterface}).
 *
 * <p>Threading: immutable.
 */
public final class UncheckedLuaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UncheckedLuaException(LuaException cause) {
        super(cause.getLuaMessage(), cause);
    }

    @Override
    public synchronized LuaException getCause() {
        return (LuaException) super.getCause();
    }
}
