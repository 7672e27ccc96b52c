package dev.ljuv.embed;

import java.util.function.Function;
import org.luaj.vm2.LuaValue;

/**
 * A Lua function as Java sees it: {@link #call} with any number of arguments and results, or, where Java expects
 * a {@link Function}, {@link #apply} with one argument and the first result. Arguments and results are
 * converted as {@link LuaState} converts values.
 *
 * <p>Threading: as its state's, one thread at a time; a call while another thread is inside the state throws
 * {@link IllegalStateException}.
 */
public final class LuaCallable implements Function<Object, Object> {
    private final LuaState state;
    private final LuaValue function;

    LuaCallable(LuaState state, LuaValue function) {
        this.state = state;
        this.function = function;
    }

    /** Calls the function; a Lua error is thrown as {@link LuaException}. */
    public Object[] call(Object... args) throws LuaException {
        return state.invoke(function, state.toLua(args));
    }

    /** Calls the function with one argument and returns its first result; a Lua error is thrown unchecked. */
    @Override
    public Object apply(Object arg) {
        try {
            Object[] r = call(arg);
            return r.length > 0 ? r[0] : null;
        } catch (LuaException e) {
            throw new UncheckedLuaException(e);
        }
    }

    /** The state the function belongs to. */
    public LuaState state() {
        return state;
    }

    /** The LuaJ value, for what this API does not cover. Same threading rule as the state. */
    public LuaValue value() {
        return function;
    }

    /** Two callables are equal when they wrap the same Lua function. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LuaCallable c && c.function == function;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(function);
    }

    @Override
    public String toString() {
        return function.tojstring();
    }
}
