package dev.ljuv.stdlib.lib.base;

import dev.ljuv.stdlib.lib.io.IoLibrary;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.ErrorTrace;
import dev.ljuv.stdlib.vm.HandledError;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The base library (LuaJIT's {@code lib_base.c}): the global functions of Lua 5.1 as LuaJIT 2.1 has them.
 * LuaJ (a Lua 5.2) provides some as they are; the others are LuaJIT's behaviour written here: {@code print}
 * through the thread's {@code tostring}, {@code pcall}/{@code xpcall} that turn any failure into a Lua error
 * value, {@code tonumber} with LuaJIT's number syntax, {@code load} with readers and modes, Lua 5.1's
 * environments ({@link Environments}), {@code unpack}, {@code gcinfo}, {@code newproxy}.
 * {@code require} and {@code module} are the package library's; {@code coroutine} has its own library.
 *
 * <p>Threading: installs into one state; the functions run on that state's thread.
 */
public final class BaseLibrary {
    /** Every name this library puts in {@code _G}. */
    static final String[] NAMES = {
        "_G", "_VERSION", "assert", "collectgarbage", "dofile", "error", "gcinfo", "getfenv", "getmetatable",
        "ipairs", "load", "loadfile", "loadstring", "newproxy", "next", "pairs", "pcall", "print", "rawequal",
        "rawget", "rawset", "select", "setfenv", "setmetatable", "tonumber", "tostring", "type", "unpack", "xpcall",
    };

    private BaseLibrary() {}

    /** Fills {@code g} with the base library (first: the others load through it). */
    public static void install(LuaJitGlobals g) {
        LuaTable luaj = Functions.luaj(g, new JseBaseLib(), "_G"); // also makes it the state's file finder
        LuaTable luajTable = Functions.luaj(g, new TableLib(), "table");
        LuaValue getmetatable = luaj.rawget("getmetatable");
        Functions.library("_G", g, NAMES)
                .value("_G", g)
                .value("_VERSION", LuaValue.valueOf("Lua 5.1"))
                .keep(luaj, "assert", "collectgarbage", "dofile", "error", "ipairs", "loadfile", "next", "pairs",
                        "rawequal", "rawget", "rawset", "select", "setmetatable", "tostring", "type")
                .keep(luajTable, "unpack")
                .function("getmetatable", args -> IoLibrary.isFile(args.arg1())
                        ? IoLibrary.fileMetatable(g) : getmetatable.invoke(args))
                .function("print", args -> print(g, args))
                .function("pcall", BaseLibrary::pcall)
                .function("xpcall", BaseLibrary::xpcall)
                .function("tonumber", BaseLibrary::tonumber)
                .function("load", args -> load(g, args))
                .function("loadstring", args -> {
                    LuaValue s = args.arg1();
                    if (!s.isstring()) {
                        throw Args.typeError(args, 1, "loadstring", "string");
                    }
                    return g.get("load").invoke(LuaValue.varargsOf(s, args.isnil(2) ? s : args.arg(2)));
                })
                .function("getfenv", args -> Environments.getfenv(g, args))
                .function("setfenv", args -> Environments.setfenv(g, args))
                .function("gcinfo", args -> {
                    Runtime rt = Runtime.getRuntime();
                    return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
                })
                .function("newproxy", BaseLibrary::newproxy)
                .done();
    }

    /** {@code print(...)}: each value through the running thread's {@code tostring}, tab-separated. */
    private static Varargs print(LuaJitGlobals g, Varargs args) {
        LuaValue tostring = g.currentEnvironment().get("tostring");
        PrintStream out = g.STDOUT;
        for (int i = 1, n = args.narg(); i <= n; i++) {
            if (i > 1) {
                out.write('\t');
            }
            LuaValue s = tostring.call(args.arg(i));
            if (!s.isstring()) {
                throw new LuaError("'tostring' must return a string to 'print'");
            }
            LuaString bytes = s.strvalue();
            out.write(bytes.m_bytes, bytes.m_offset, bytes.m_length);
        }
        out.write('\n');
        return LuaValue.NONE;
    }

    /** {@code pcall(f, ...)}: whatever the call throws (stack overflow and out of memory too) as a Lua error value. */
    private static Varargs pcall(Varargs args) {
        LuaValue f = args.checkvalue(1);
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(2)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaErrors.valueOf(e));
        }
    }

    /** {@code xpcall(f, handler, ...)}: the handler sees the failed frames (debug.traceback inside it). */
    private static Varargs xpcall(Varargs args) {
        LuaValue f = args.arg1();
        LuaValue handler = args.arg(2);
        LuaValue error;
        ErrorTrace trace;
        try {
            return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(args.subargs(3)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            error = LuaErrors.valueOf(e);
            trace = e instanceof LuaError le ? ErrorHooks.traceOf(le) : null;
        }
        LuaValue handled = error;
        try {
            return LuaValue.varargsOf(LuaValue.FALSE, HandledError.with(trace, () -> handler.call(handled)));
        } catch (RuntimeException | StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("error in error handling"));
        }
    }

    /** {@code tonumber(e [, base])} with LuaJIT's number syntax in base 10 (hex, exponents; no binary). */
    private static Varargs tonumber(Varargs args) {
        if (args.narg() == 0) {
            throw Args.error(1, "tonumber", "value expected");
        }
        LuaValue e = args.arg1();
        int base = args.isnoneornil(2) ? 10 : (int) Args.checkNumber(args, 2, "tonumber");
        if (base == 10) {
            if (e.type() == LuaValue.TNUMBER) {
                return e;
            }
            if (!(e instanceof LuaString)) {
                return LuaValue.NIL;
            }
            String s = e.tojstring().trim();
            boolean negative = s.startsWith("-");
            if (negative || s.startsWith("+")) {
                s = s.substring(1);
            }
            if (s.isEmpty() || s.startsWith("0b") || s.startsWith("0B")) {
                return LuaValue.NIL;
            }
            LuaValue v = ValueSemantics.parseNumber(s);
            return v == null ? LuaValue.NIL : negative ? LuaValue.valueOf(-v.todouble()) : v;
        }
        if (base < 2 || base > 36) {
            throw Args.error(2, "tonumber", "base out of range");
        }
        String s = e.checkjstring().trim().toLowerCase();
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return LuaValue.NIL;
        }
        double v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) {
                return LuaValue.NIL;
            }
            v = v * base + d;
        }
        return LuaValue.valueOf(negative ? -v : v);
    }

    /** {@code load(chunk [, chunkname [, mode [, env]]])}: a string or a reader function; errors as nil, msg. */
    private static Varargs load(LuaJitGlobals g, Varargs args) {
        LuaValue chunk = args.arg1();
        LuaString source;
        String defaultName;
        if (chunk.isstring()) {
            source = chunk.strvalue();
            defaultName = source.tojstring();
        } else if (chunk.isfunction()) {
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            while (true) {
                LuaValue piece = chunk.call();
                if (piece.isnil()) {
                    break;
                }
                if (!piece.isstring()) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                }
                LuaString s = piece.strvalue();
                if (s.m_length == 0) {
                    break;
                }
                pieces.write(s.m_bytes, s.m_offset, s.m_length);
            }
            source = LuaString.valueUsing(pieces.toByteArray());
            defaultName = "=(load)";
        } else {
            throw Args.typeError(args, 1, "load", "function");
        }
        String chunkName = args.isnoneornil(2) ? defaultName : args.checkjstring(2);
        String mode = args.isnoneornil(3) ? "bt" : args.checkjstring(3);
        // as in LuaJIT, a chunk's default environment is the loading thread's (see setfenv(0, t))
        LuaValue env = args.isnoneornil(4) ? g.currentEnvironment() : args.arg(4);
        try {
            return g.load(new ByteArrayInputStream(source.m_bytes, source.m_offset, source.m_length), chunkName, mode, env);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.valueOf(e));
        }
    }

    /** {@code newproxy([boolean | proxy])}: a userdata, with a new metatable or sharing another proxy's. */
    private static Varargs newproxy(Varargs args) {
        LuaValue a = args.arg1();
        LuaValue meta = LuaValue.NIL;
        if (a.toboolean()) {
            meta = a instanceof LuaUserdata u && u.getmetatable() != null ? u.getmetatable() : new LuaTable();
        }
        return new LuaUserdata(new Object(), meta.istable() ? meta : null);
    }
}
