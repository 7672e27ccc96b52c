package dev.ljuv.java;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import org.luaj.vm2.LuaError;

/**
 * How a Java exception becomes a Lua error: the error value is the exception itself, a Java object whose
 * {@code tostring} is Java's ({@code java.lang.NumberFormatException: For input string: "x"}), so that
 * {@code pcall} returns something a script can print, concatenate and inspect ({@code err:getMessage()},
 * {@code java.instanceof(err, NumberFormatException)}). A Lua error that crossed Java code (raised by a Lua
 * function that Java called back) comes out as the Lua error it was. {@link VirtualMachineError}s pass through:
 * the runtime's one place for them turns them into "not enough memory" and "stack overflow".
 *
 * <p>Threading: stateless.
 */
final class JavaErrors {
    private JavaErrors() {}

    static LuaError raise(JavaState state, Throwable t) {
        while ((t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof VirtualMachineError v) {
            throw v;
        }
        if (t instanceof LuaError e) {
            return e;
        }
        if (t instanceof LuaFailure f) {
            return f.error;
        }
        return new LuaError(new JavaObject(state, t));
    }

    /**
     * A Lua error on its way through Java code (a proxy's Lua function failed): Java sees a RuntimeException whose
     * text is the Lua message, without a Java class name before it; back in Lua it is the original error again.
     */
    static final class LuaFailure extends RuntimeException {
        final LuaError error;

        LuaFailure(LuaError error) {
            super(error.getMessage(), null, false, false);
            this.error = error;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
