package dev.ljuv.stdlib;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** Library functions written as lambdas, with the name Lua error messages and tracebacks show. */
public final class Functions {
    private Functions() {}

    /** A function's body: its arguments in, its results out. */
    public interface Body {
        Varargs call(Varargs args);
    }

    public static VarArgFunction named(String name, Body body) {
        return new Named(name, body);
    }

    private static final class Named extends VarArgFunction {
        private final Body body;

        Named(String functionName, Body body) {
            this.name = functionName;
            this.body = body;
        }

        @Override
        public Varargs invoke(Varargs args) {
            return body.call(args);
        }
    }
}
