package dev.ljuv.stdlib.lua;

import dev.ljuv.stdlib.vm.ArgumentError;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The methods of one Lua-visible type, and its metatable. Each method checks that it is called on an object
 * of the type ({@code calling 'start' on bad self} otherwise) and receives its other arguments numbered from
 * 1, as Lua numbers method arguments in error messages.
 *
 * <p>Threading: built and used by the thread of one Lua state.
 */
public final class MethodTable<T extends LuaValue> {
    /** A method's body: {@code self} and the arguments after it. */
    public interface Body<T> {
        Varargs call(T self, Varargs args);
    }

    private final Class<T> type;
    private final String typeName;
    private final LuaTable methods = new LuaTable() {
        @Override
        public void rawset(LuaValue key, LuaValue value) {
            super.rawset(key, value);
            clearCache(); // a script replaced or added a method
        }
    };
    private final LuaTable metatable = new LuaTable();
    /** Whether a bad self is reported as LuaJIT's library functions do ({@code bad argument #1}). */
    private boolean selfIsArgument;
    /** Identifies the type's methods as they are now: replaced whenever a script changes them. */
    private Object version = new Object();

    public MethodTable(Class<T> type, String typeName) {
        this.type = type;
        this.typeName = typeName;
        metatable.set(LuaValue.INDEX, methods);
        metatable.set("__name", typeName);
        metatable.set(LuaValue.TOSTRING, Functions.named("__tostring", args ->
                LuaValue.valueOf(typeName + ": " + dev.ljuv.stdlib.vm.ValueSemantics.address(args.arg1()))));
    }

    private void clearCache() {
        cacheKeys = new LuaString[32];
        cacheValues = new LuaValue[32];
        version = new Object();
    }

    /**
     * The current version of the methods: a compiled {@code obj:name()} caches the method it found with this,
     * and looks it up again once the version differs (another type, or changed methods).
     */
    public Object version() {
        return version;
    }

    /**
     * Reports a method called on something else as {@code bad argument #1 to 'put' (buffer expected, got
     * number)}, as LuaJIT's own types do (string buffers), instead of ljuv's {@code calling 'put' on bad self}.
     */
    public MethodTable<T> selfIsArgument() {
        selfIsArgument = true;
        return this;
    }

    public MethodTable<T> method(String name, Body<T> body) {
        methods.set(name, new Method<>(this, name, body));
        return this;
    }

    private static final class Method<T extends LuaValue> extends VarArgFunction {
        private final MethodTable<T> table;
        private final Body<T> body;

        Method(MethodTable<T> table, String methodName, Body<T> body) {
            this.table = table;
            this.body = body;
            this.name = methodName;
        }

        String methodName() {
            return name;
        }

        @Override
        public Varargs invoke(Varargs args) {
            try {
                return body.call(table.checkSelf(args.arg1(), args.narg(), name), args.subargs(2));
            } catch (ArgumentError e) {
                throw table.numbered(e);
            }
        }

        // LuaJ's interpreter calls these directly for calls with up to three arguments and one result;
        // answering them here saves the generic path's argument list and one virtual hop per call
        // (obj:method() in a tight loop is the hot path of the event-loop benchmarks).
        @Override
        public LuaValue call(LuaValue self) {
            try {
                return body.call(table.checkSelf(self, 1, name), NONE).arg1();
            } catch (ArgumentError e) {
                throw table.numbered(e);
            }
        }

        @Override
        public LuaValue call(LuaValue self, LuaValue a) {
            try {
                return body.call(table.checkSelf(self, 2, name), a).arg1();
            } catch (ArgumentError e) {
                throw table.numbered(e);
            }
        }

        @Override
        public Varargs invoke(LuaValue self, Varargs rest) {
            try {
                return body.call(table.checkSelf(self, 1 + rest.narg(), name), rest);
            } catch (ArgumentError e) {
                throw table.numbered(e);
            }
        }
    }

    /**
     * An argument error of a method on its way out. ljuv's own types number arguments without self, whatever the
     * call looks like; LuaJIT's (string buffers) count self as #1 and, as every LuaJIT library function, are
     * renumbered by the call site: one less for {@code obj:m()}.
     */
    private ArgumentError numbered(ArgumentError e) {
        return selfIsArgument ? e : e.numberedAsMethod();
    }

    // A compiled method call's own way into a method (DirectCallEmitter.methodCall): its call of the body is the site's,
    // so the JIT inlines the one body a site meets (async:send()) instead of dispatching through the call all methods
    // of all types share in Method.call.

    /** {@code f}'s body when it is a method of some type's table, else null. */
    public static Body<?> body(LuaValue f) {
        return f instanceof Method<?> m ? m.body : null;
    }

    /** {@code self} checked as method {@code f} (one with a {@link #body}) checks it, for {@code narg} arguments. */
    public static LuaValue self(LuaValue f, LuaValue self, int narg) {
        Method<?> m = (Method<?>) f;
        return m.table.checkSelf(self, narg, m.methodName());
    }

    /** An argument error of method {@code f}'s body on its way out, as the method's own call passes it on. */
    public static ArgumentError leaving(LuaValue f, ArgumentError e) {
        return ((Method<?>) f).table.numbered(e);
    }

    /** {@code self} as a {@code T}, or the error Lua gives for a method called on something else. */
    @SuppressWarnings("unchecked")
    public T checkSelf(LuaValue self, int narg, String method) {
        if (self instanceof LuaObject o && o.methodTable() == this) {
            return (T) self; // the common case: one field compared instead of a dynamic type check
        }
        if (!type.isInstance(self)) {
            String problem = typeName + " expected, got " + (narg == 0 ? "no value" : self.typename());
            if (selfIsArgument) {
                throw new ArgumentError(1, method, problem); // named and numbered by its call site, as LuaJIT's
            }
            throw new LuaError("calling '" + method + "' on bad self (" + problem + ")");
        }
        return type.cast(self);
    }

    /** The table behind {@code __index}. */
    public LuaTable methods() {
        return methods;
    }

    // A small open-addressing cache keyed by method name: method calls on handles are the hot path
    // ("async:send()" in a loop), and LuaTable's generic look-up goes through several virtual calls.
    private LuaString[] cacheKeys = new LuaString[32];
    private LuaValue[] cacheValues = new LuaValue[32];

    /** The method named {@code key}, or nil; what {@code obj[key]} gives for the type's objects. */
    public LuaValue lookup(LuaValue key) {
        if (key instanceof LuaString s) {
            LuaString[] keys = cacheKeys;
            int mask = keys.length - 1;
            for (int i = s.hashCode() & mask; ; i = (i + 1) & mask) {
                LuaString k = keys[i];
                if (k == s) {
                    return cacheValues[i];
                }
                if (k == null) {
                    break;
                }
                if (k.raweq(s)) {
                    keys[i] = s; // the caller's own constant: the next look-up from its code is one compare
                    return cacheValues[i];
                }
            }
        }
        LuaValue v = methods.rawget(key);
        if (!v.isnil() && key instanceof LuaString s) {
            remember(s, v);
        }
        return v;
    }

    private void remember(LuaString key, LuaValue value) {
        LuaString[] keys = cacheKeys;
        int count = 0;
        for (LuaString k : keys) {
            if (k != null) {
                count++;
            }
        }
        if (count * 2 >= keys.length) {
            return; // full enough: later names go through the table
        }
        int mask = keys.length - 1;
        int i = key.hashCode() & mask;
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        cacheValues[i] = value;
        keys[i] = key;
    }

    public LuaTable metatable() {
        return metatable;
    }
}
