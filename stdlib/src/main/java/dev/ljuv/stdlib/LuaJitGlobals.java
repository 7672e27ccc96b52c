package dev.ljuv.stdlib;

import dev.ljuv.stdlib.coroutine.Coroutine;
import org.luaj.vm2.Globals;
import org.luaj.vm2.Varargs;

/**
 * LuaJ globals whose {@link #yield} suspends a {@link Coroutine} instead of LuaJ's thread hand-off, for any
 * LuaJ code that yields through {@code Globals}.
 *
 * <p>Threading: as {@link Globals}: used by one thread at a time.
 */
public class LuaJitGlobals extends Globals {
    @Override
    public Varargs yield(Varargs args) {
        return Coroutine.yield(this, args);
    }
}
