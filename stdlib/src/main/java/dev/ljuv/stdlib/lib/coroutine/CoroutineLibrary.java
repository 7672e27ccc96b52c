package dev.ljuv.stdlib.lib.coroutine;

import dev.ljuv.stdlib.compile.Generators;
import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.LuaJitGlobals;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code coroutine} library on {@link Coroutine}: {@code create}, {@code resume}, {@code yield},
 * {@code status}, {@code running}, {@code wrap}, {@code isyieldable}, with LuaJIT 2.1's behaviour.
 */
public final class CoroutineLibrary {
    /** Every name of the {@code coroutine} table. */
    static final String[] NAMES = {"create", "isyieldable", "resume", "running", "status", "wrap", "yield"};

    /**
     * The functions a frameless body calls itself (see {@code FramelessExecution}): the library's own, which call no
     * Lua function, or call one (a metamethod, gsub's replacement) before anything they do shows: refused there, the
     * call is made again on a continuation, as if the first had not been. Not print, io, pcall, sort, resume...
     */
    static final String[] PURE_BASE = {"assert", "error", "getmetatable", "ipairs", "next", "pairs", "rawequal",
        "rawget", "rawlen", "rawset", "select", "setmetatable", "tonumber", "tostring", "type", "unpack"};
    static final String[] PURE_TABLE = {"concat", "insert", "remove"};
    static final String[] PURE_COROUTINE = {"isyieldable", "running", "status"};

    private CoroutineLibrary() {}

    /**
     * The functions of {@link #PURE_BASE}, {@link #PURE_TABLE}, and {@code math}, {@code bit} and {@code string}'s
     * ({@link #PURE_COROUTINE} join them once the library is made).
     */
    private static java.util.Set<LuaValue> pure(LuaJitGlobals g) {
        java.util.Set<LuaValue> pure = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (String name : PURE_BASE) {
            pure.add(g.get(name));
        }
        LuaValue table = g.get("table");
        for (String name : PURE_TABLE) {
            pure.add(table.istable() ? table.get(name) : LuaValue.NIL);
        }
        for (String library : new String[] {"math", "bit", "string"}) {
            LuaValue t = g.get(library);
            if (!t.istable()) {
                continue; // (a state made without it)
            }
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                if (e.arg(2).isfunction() && !e.arg1().toString().equals("dump")) {
                    pure.add(e.arg(2));
                }
            }
        }
        pure.removeIf(f -> !f.isfunction() || f instanceof org.luaj.vm2.LuaClosure);
        return pure;
    }

    /** The {@code coroutine} table. */
    public static LuaTable install(LuaJitGlobals g) {
        // x = yield(v) straight from the call site: three Java frames fewer between a suspended body and its yield,
        // which each switch copies and each suspended coroutine keeps (see Functions.one)
        LuaValue yield = Functions.named("yield", args -> Coroutine.yield(g, args), v -> Coroutine.yield(g, v).arg1());
        java.util.Set<LuaValue> pure = pure(g);
        Generators generators = new Generators(g, pure);
        LuaTable library = Functions.library("coroutine", NAMES)
                .function("create", args -> Coroutine.create(g, Args.checkFunction(args, 1, "create"), generators, yield))
                .function("resume", args -> checkCoroutine(args, "resume").resume(args.subargs(2)))
                .value("yield", yield)
                .function("status", args -> LuaValue.valueOf(checkCoroutine(args, "status").getStatus()))
                .function("running", args -> g.running instanceof Coroutine c ? c : LuaValue.NIL)
                .function("isyieldable", args -> LuaValue.valueOf(g.running instanceof Coroutine))
                .function("wrap", args -> wrap(Coroutine.create(g, Args.checkFunction(args, 1, "wrap"), generators, yield)))
                .done();
        for (String name : PURE_COROUTINE) {
            pure.add(library.get(name));
        }
        return library;
    }

    private static Coroutine checkCoroutine(Varargs args, String function) {
        if (args.arg1() instanceof Coroutine c) {
            return c;
        }
        throw Args.error(1, function, "coroutine expected");
    }

    private static LuaValue wrap(Coroutine co) {
        return Functions.holdingBuiltin(dev.ljuv.stdlib.vm.Builtins.WRAPPED, co, args -> {
            Varargs r = co.resume(args);
            if (r.arg1().toboolean()) {
                return r.subargs(2);
            }
            LuaValue e = r.arg(2);
            if (e instanceof org.luaj.vm2.LuaString) {
                // as LuaJIT: a message gets the position of the Lua code that called the wrapped function
                throw new LuaError(e.tojstring());
            }
            throw new LuaError(e); // any other error value travels on unchanged
        });
    }
}
