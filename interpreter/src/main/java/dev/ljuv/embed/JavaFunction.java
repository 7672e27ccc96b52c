package dev.ljuv.embed;

/**
 * A Java function callable from Lua. Arguments and results are converted as {@link LuaState} converts
 * values; throwing {@link LuaException} (or any runtime exception) raises a Lua error with its message.
 */
@FunctionalInterface
public interface JavaFunction {
    Object[] call(Object... args) throws LuaException;
}
