package dev.ljuv.stdlib.lib.base;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.StackLevels;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1 function environments on LuaJ's 5.2 model: a function's environment is its {@code _ENV} upvalue.
 * {@code getfenv}/{@code setfenv} take a function or a stack level (1 is the calling function; 0 the
 * running thread's environment, see {@link LuaJitGlobals#currentEnvironment}), as in LuaJIT; the debug
 * versions also take threads. Setting gives the function an upvalue cell of its own, so functions
 * that shared the old environment keep it, and closures the function creates afterwards inherit the new one.
 * A function that reads no global has no such upvalue, and a Java function none at all: their environment is
 * kept beside them ({@link #KEPT}), so that {@code getfenv} answers what {@code setfenv} set, as in LuaJIT.
 *
 * <p>Threading: used by the thread of one Lua state; {@link #KEPT} is shared by the states of the JVM (each
 * key belongs to one of them) and synchronized.
 */
public final class Environments {
    private Environments() {}

    /** Environments of functions without an {@code _ENV} upvalue; weak: a function's entry lives as long as it. */
    private static final java.util.Map<LuaValue, LuaValue> KEPT =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * The function a {@code getfenv}/{@code setfenv} argument designates, or null for level 0; nil means level 1
     * for {@code getfenv} only.
     */
    static LuaValue target(Varargs args, String function) {
        LuaValue f = args.arg1();
        if (f.isnil() && function.equals("getfenv")) {
            f = LuaValue.valueOf(1);
        }
        if (f.isfunction()) {
            return f;
        }
        if (!f.isnumber()) {
            throw Args.typeError(args, 1, function, "number");
        }
        int level = f.toint();
        if (level < 0) {
            throw Args.error(1, function, "level must be non-negative");
        }
        if (level == 0) {
            return null;
        }
        LuaValue at = StackLevels.functionAt(level); // the same levels as debug.getinfo's
        if (at == null) {
            throw Args.error(1, function, "invalid level");
        }
        return at;
    }

    private static int envIndex(LuaClosure c) {
        var ups = c.p.upvalues;
        if (ups == null || ups.length == 0) {
            return -1;
        }
        for (int i = 0; i < ups.length; i++) {
            if (ups[i] != null && dev.ljuv.stdlib.vm.ParserHooks.isEnvironment(ups[i].name)) {
                return i;
            }
        }
        return ups[0] != null && ups[0].name != null ? -1 : 0; // stripped debug info: LuaJ puts the environment first
    }

    public static LuaValue getfenv(Globals g, Varargs args) {
        LuaValue f = target(args, "getfenv");
        return f == null ? threads(g).currentEnvironment() : environmentOf(g, f);
    }

    private static LuaValue environmentOf(Globals g, LuaValue f) {
        if (f instanceof LuaClosure c) {
            int i = envIndex(c);
            if (i >= 0 && c.upValues[i] != null) {
                return c.upValues[i].getValue();
            }
        }
        LuaValue kept = KEPT.get(f);
        return kept != null ? kept : g;
    }

    public static Varargs setfenv(Globals g, Varargs args) {
        LuaValue env = checkEnvironment(args);
        LuaValue f = target(args, "setfenv");
        if (f == null) {
            threads(g).setEnvironment(g.running, env); // chunks loaded from now on and print use it
            return LuaValue.NONE;
        }
        return setClosureEnvironment(f, env, false);
    }

    /** {@code debug.getfenv(o)}: the environment of a function, thread or userdata; nil for other values. */
    public static LuaValue debugGetfenv(Globals g, Varargs args) {
        LuaValue o = args.arg1();
        if (o instanceof LuaThread t) {
            return threads(g).environmentOf(t);
        }
        if (o.isfunction()) {
            return environmentOf(g, o);
        }
        return o.isuserdata() ? threads(g).currentEnvironment() : LuaValue.NIL;
    }

    /** {@code debug.setfenv(o, t)}: also sets a thread's environment (what {@code getfenv(0)} gives in it). */
    public static LuaValue debugSetfenv(Globals g, Varargs args) {
        LuaValue env = checkEnvironment(args);
        LuaValue o = args.arg1();
        if (o instanceof LuaThread t) {
            threads(g).setEnvironment(t, env);
            return o;
        }
        return setClosureEnvironment(o, env, true);
    }

    private static LuaValue checkEnvironment(Varargs args) {
        LuaValue env = args.arg(2);
        if (!env.istable()) {
            throw Args.typeError(args, 2, "setfenv", "table");
        }
        return env;
    }

    /** Sets a function's environment; a Java function's only through {@code debug.setfenv}, as in LuaJIT. */
    private static LuaValue setClosureEnvironment(LuaValue f, LuaValue env, boolean javaFunctions) {
        if (!(f instanceof LuaClosure c)) {
            if (!javaFunctions || !f.isfunction()) {
                throw new LuaError("'setfenv' cannot change environment of given object");
            }
            KEPT.put(f, env);
            return f;
        }
        int i = envIndex(c);
        if (i >= 0) {
            c.upValues[i] = new UpValue(new LuaValue[] {env}, 0);
        } else {
            KEPT.put(f, env);
        }
        return f;
    }

    private static LuaJitGlobals threads(Globals g) {
        return (LuaJitGlobals) g;
    }
}
