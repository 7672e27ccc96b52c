package dev.ljuv.stdlib.lib.base;

import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.lib.io.IoLibrary;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.ErrorTrace;
import dev.ljuv.stdlib.vm.Finalizers;
import dev.ljuv.stdlib.vm.HandledError;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaNumbers;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.Prepended;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
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

    /** {@code type}'s results, one string per type: LuaJ's {@code type} made a new one each call, from a Java string. */
    private static final LuaString[] TYPE_NAMES =
            java.util.Arrays.stream(LuaValue.TYPE_NAMES).map(LuaString::valueOf).toArray(LuaString[]::new);

    private static LuaValue type(LuaValue v) {
        if (v == LuaValue.NONE) {
            throw Args.error(1, "type", "value expected");
        }
        int t = v.type(); // (a userdata type may name itself otherwise)
        boolean usual = t >= 0 && t < TYPE_NAMES.length && LuaValue.TYPE_NAMES[t].equals(v.typename());
        return usual ? TYPE_NAMES[t] : LuaValue.valueOf(v.typename());
    }

    /** Fills {@code g} with the base library (first: the others load through it). */
    public static void install(LuaJitGlobals g) {
        LuaTable luaj = Functions.luaj(g, new JseBaseLib(), "_G"); // also makes it the state's file finder
        LuaValue getmetatable = luaj.rawget("getmetatable");
        LuaValue luajTostring = luaj.rawget("tostring");
        LuaValue luajPairs = luaj.rawget("pairs"); // (looked up once: a look-up by a Java string encodes it each time)
        LuaValue luajIpairs = luaj.rawget("ipairs");
        // a string is its own text, whatever the string metatable says, as in LuaJIT
        LuaValue tostring = Functions.named("tostring",
                args -> args.arg1().type() == LuaValue.TSTRING ? args.arg1() : luajTostring.invoke(args));
        LuaValue luajError = luaj.rawget("error");
        // a number raised at level 0 (or below) stays a number, as in LuaJIT: LuaJ's error made it a string; the level
        // is checked here for every message, so that a bad one gets LuaJIT's argument error, not LuaJ's
        LuaValue error = Functions.named("error", args -> {
            int level = Args.optInt(args, 2, "error", 1);
            if (level <= 0 && args.arg1().type() == LuaValue.TNUMBER) {
                throw new LuaError(args.arg1());
            }
            return luajError.invoke(args);
        });
        CollectGarbage gc = new CollectGarbage(g.finalizers);
        gc.self = Functions.named("collectgarbage", gc::call);
        Functions.library("_G", g, NAMES)
                .value("_G", g)
                .value("_VERSION", LuaValue.valueOf("Lua 5.1"))
                .value("collectgarbage", gc.self)
                .value("error", error)
                .keep(luaj, "next", "rawequal", "select")
                .value("type", Functions.unary("type", BaseLibrary::type))
                .value("tostring", tostring)
                .function("loadfile", args -> loadfile(g, args))
                .function("dofile", args -> {
                    Varargs chunk = loadfile(g, args.isnoneornil(1) ? LuaValue.NONE : args.arg1());
                    if (chunk.isnil(1)) {
                        throw new LuaError(chunk.arg(2).tojstring(), 0); // the loader's message as it is
                    }
                    return chunk.arg1().invoke(LuaValue.NONE);
                })
                // (rawget and setmetatable: a body for two arguments too, which compiled calls reach directly)
                .value("rawget", Functions.named("rawget", BaseLibrary::rawget,
                        (t, k) -> rawget(LuaValue.varargsOf(t, k)).arg1()))
                .function("assert", BaseLibrary::assertion)
                .function("ipairs", args -> {
                    checkValue(args, "ipairs");
                    LuaValue mm = iteration(args.arg1(), IPAIRS);
                    return mm != null ? mm.invoke(args.arg1()) : luajIpairs.invoke(args);
                })
                .function("pairs", args -> {
                    checkValue(args, "pairs");
                    LuaValue mm = iteration(args.arg1(), PAIRS);
                    return mm != null ? mm.invoke(args.arg1()) : luajPairs.invoke(args);
                })
                .function("rawset", BaseLibrary::rawset)
                .value("setmetatable", Functions.named("setmetatable", BaseLibrary::setmetatable,
                        (t, mt) -> setmetatable(LuaValue.varargsOf(t, mt)).arg1()))
                .function("unpack", BaseLibrary::unpack)
                .function("getmetatable", args -> IoLibrary.isFile(args.arg1())
                        ? IoLibrary.fileMetatable(g) : getmetatable.invoke(args))
                .value("print", new Print(g, tostring))
                .function("pcall", BaseLibrary::pcall)
                .function("xpcall", BaseLibrary::xpcall)
                .function("tonumber", BaseLibrary::tonumber)
                .function("load", args -> load(g, args))
                .function("loadstring", args -> {
                    // LuaJIT's load under another name (a reader function works too, and a mode and an environment);
                    // not the global load, which a script may have replaced
                    LuaValue s = args.arg1();
                    return load(g, s.isstring() && args.isnil(2) ? LuaValue.varargsOf(new LuaValue[] {s, s}, args.subargs(3)) : args);
                })
                .function("getfenv", args -> Environments.getfenv(g, args))
                .function("setfenv", args -> Environments.setfenv(g, args))
                .function("gcinfo", args -> {
                    Runtime rt = Runtime.getRuntime();
                    return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
                })
                .function("newproxy", newproxy(g))
                .done();
    }

    /**
     * A userdata's {@code __pairs}/{@code __ipairs} (Java objects iterate so): LuaJIT 2.1 honours them only with
     * its 5.2 extensions, where a userdata would otherwise be an error anyway; tables keep 5.1's behaviour.
     */
    private static final LuaValue PAIRS = LuaValue.valueOf("__pairs");
    private static final LuaValue IPAIRS = LuaValue.valueOf("__ipairs");

    private static LuaValue iteration(LuaValue v, LuaValue event) {
        if (v.type() != LuaValue.TUSERDATA) {
            return null;
        }
        LuaValue mm = v.metatag(event);
        return mm.isnil() ? null : mm;
    }

    private static void checkValue(Varargs args, String function) {
        if (args.narg() == 0) {
            throw Args.error(1, function, "value expected");
        }
    }

    /**
     * {@code assert(v [, message, ...])}: all its arguments when {@code v} is true; else the message, with the
     * caller's position when it is a string or a number, as it is otherwise (a table, nil), as in LuaJIT.
     */
    private static Varargs assertion(Varargs args) {
        checkValue(args, "assert");
        if (args.arg1().toboolean()) {
            return args;
        }
        if (args.narg() < 2) {
            throw new LuaError("assertion failed!");
        }
        LuaValue m = args.arg(2);
        throw m.isstring() ? new LuaError(m.tojstring()) : new LuaError(m);
    }

    /** {@code rawset(t, k, v)}: LuaJIT's errors for a nil or NaN key. */
    private static Varargs rawset(Varargs args) {
        LuaTable t = (LuaTable) Args.checkTable(args, 1, "rawset");
        LuaValue k = args.arg(2);
        if (k.isnil()) {
            throw new LuaError("table index is nil");
        }
        if (k.type() == LuaValue.TNUMBER && Double.isNaN(k.todouble())) {
            throw new LuaError("table index is NaN");
        }
        t.rawset(k, args.arg(3));
        return t;
    }

    /** {@code setmetatable(t, mt)}: a table, and a table or nil; a protected metatable stays. */
    private static Varargs rawget(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "rawget");
        if (args.narg() < 2) {
            throw Args.error(2, "rawget", "value expected");
        }
        return t.rawget(args.arg(2));
    }

    private static Varargs setmetatable(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "setmetatable");
        LuaValue mt = args.arg(2);
        if (!mt.isnil() && !mt.istable()) {
            throw Args.error(2, "setmetatable", "nil or table expected");
        }
        LuaValue old = t.getmetatable();
        if (old != null && !old.rawget(LuaValue.METATABLE).isnil()) {
            throw new LuaError("cannot change a protected metatable");
        }
        return t.setmetatable(mt.isnil() ? null : mt);
    }

    /**
     * {@code unpack(t [, i [, j]])}: raw reads (no {@code __index}), as LuaJIT's; at most LuaJIT's number of results
     * (its stack's limit).
     */
    private static Varargs unpack(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "unpack");
        int i = args.isnoneornil(2) ? 1 : Args.checkInt(args, 2, "unpack");
        int j = args.isnoneornil(3) ? t.rawlen() : Args.checkInt(args, 3, "unpack");
        if (i > j) {
            return LuaValue.NONE;
        }
        long n = (long) j - i + 1;
        if (n >= 7998) {
            throw new LuaError("too many results to unpack");
        }
        LuaValue[] values = new LuaValue[(int) n];
        for (int k = 0; k < n; k++) {
            values[k] = t.rawget(i + k);
        }
        return LuaValue.varargsOf(values);
    }

    /** {@code pcall(f, ...)}: whatever the call throws (stack overflow and out of memory too) as a Lua error value. */
    private static Varargs pcall(Varargs args) {
        LuaValue f = Args.checkValue(args, 1, "pcall");
        int depth = LuaStacks.depth();
        try {
            return new Prepended(LuaValue.TRUE, LuaStacks.callFromJava(f, args.subargs(2)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LuaStacks.unwindTo(depth);
            return LuaValue.varargsOf(LuaValue.FALSE, caught(e));
        }
    }

    /** The error value a protected call returns for {@code e}, placed first when no Lua frame placed it. */
    private static LuaValue caught(Throwable e) {
        if (e instanceof LuaError le) {
            ErrorHooks.placeCaught(le);
        }
        return LuaErrors.valueOf(e);
    }

    /** {@code xpcall(f, handler, ...)}: the handler sees the failed frames (debug.traceback inside it). */
    private static Varargs xpcall(Varargs args) {
        checkValue(args, "xpcall");
        LuaValue f = args.arg1();
        LuaValue handler = Args.checkFunction(args, 2, "xpcall");
        LuaValue error;
        ErrorTrace trace;
        int depth = LuaStacks.depth();
        try {
            return new Prepended(LuaValue.TRUE, LuaStacks.callFromJava(f, args.subargs(3)));
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            LuaStacks.unwindTo(depth);
            error = caught(e);
            trace = e instanceof LuaError le ? ErrorHooks.traceOf(le) : null;
        }
        LuaValue handled = error;
        try {
            return LuaValue.varargsOf(LuaValue.FALSE, HandledError.with(trace, () -> handler.call(handled)));
        } catch (RuntimeException | StackOverflowError e) {
            return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("error in error handling"));
        }
    }

    /** {@code tonumber(e [, base])} with LuaJIT's number syntax in base 10 (hex, binary, exponents, inf, nan). */
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
            return e instanceof LuaString s ? LuaNumbers.scan(s) : LuaValue.NIL;
        }
        if (base < 2 || base > 36) {
            throw Args.error(2, "tonumber", "base out of range");
        }
        return inBase(Args.checkString(args, 1, "tonumber"), base);
    }

    /**
     * {@code tonumber(s, base)} for a base other than 10, as LuaJIT reads it (C's {@code strtoul} after an optional
     * sign): blanks around, one {@code -} or {@code +}, then digits of the base, a {@code 0x} before them in base 16;
     * past 2^64 - 1 the value stays there, as {@code strtoul}'s does; a NUL byte ends the text, as C's string does.
     */
    private static LuaValue inBase(LuaString s, int base) {
        byte[] b = s.m_bytes;
        int i = s.m_offset;
        int end = s.m_offset + s.m_length;
        for (int k = i; k < end; k++) {
            if (b[k] == 0) {
                end = k;
                break;
            }
        }
        while (i < end && LuaNumbers.isSpace(b[i])) {
            i++;
        }
        boolean negative = i < end && b[i] == '-';
        if (i < end && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        if (i >= end || digit(b[i], 36) < 0) {
            return LuaValue.NIL; // (LuaJIT asks for a letter or a digit here, before strtoul's own blanks and sign)
        }
        if (base == 16 && i + 2 < end && b[i] == '0' && (b[i + 1] | 0x20) == 'x' && digit(b[i + 2], 16) >= 0) {
            i += 2; // strtoul's prefix of base 16
        }
        int start = i;
        long value = 0; // unsigned
        boolean overflow = false;
        for (int d; i < end && (d = digit(b[i], base)) >= 0; i++) {
            long next = value * base + d;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, base)) > 0) {
                overflow = true;
            }
            value = next;
        }
        if (i == start) {
            return LuaValue.NIL;
        }
        while (i < end && LuaNumbers.isSpace(b[i])) {
            i++;
        }
        if (i < end) {
            return LuaValue.NIL;
        }
        double n = overflow ? 0x1p64 : unsigned(value);
        return LuaValue.valueOf(negative ? -n : n);
    }

    /** A digit's value in {@code base} (letters either case), or -1. */
    private static int digit(byte c, int base) {
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : -1;
        return d < base ? d : -1;
    }

    /** {@code (double) v} of an unsigned 64-bit {@code v}, rounded as C converts it. */
    private static double unsigned(long v) {
        return v >= 0 ? (double) v : new java.math.BigDecimal(Long.toUnsignedString(v)).doubleValue();
    }

    /**
     * {@code load(chunk [, chunkname [, mode [, env]]])}: a string or a reader function; failures, a reader's
     * error and a chunk of the wrong mode included, as nil and a message.
     */
    private static Varargs load(LuaJitGlobals g, Varargs args) {
        LuaValue chunk = args.arg1();
        LuaString source;
        String defaultName;
        if (chunk.isstring()) {
            source = chunk.strvalue();
            defaultName = source.tojstring();
        } else if (chunk.isfunction()) {
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            try {
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
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) { // an endless reader too
                return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.valueOf(e));
            }
            source = LuaString.valueUsing(pieces.toByteArray());
            defaultName = "=(load)";
        } else {
            throw Args.typeError(args, 1, "load", "function");
        }
        String chunkName = args.isnoneornil(2) ? defaultName : Args.checkString(args, 2, "load").tojstring();
        String mode = args.isnoneornil(3) ? "bt" : Args.checkString(args, 3, "load").tojstring();
        boolean binary = source.m_length > 0 && source.m_bytes[source.m_offset] == 0x1b;
        if (mode.indexOf(binary ? 'b' : 't') < 0) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load chunk with wrong mode"));
        }
        if (binary && !g.binaryChunks) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("attempt to load a binary chunk (refused in this state)"));
        }
        // as in LuaJIT, a chunk's default environment is the loading thread's (see setfenv(0, t))
        LuaValue env = args.isnoneornil(4) ? g.currentEnvironment() : args.arg(4);
        try {
            return g.load(new ByteArrayInputStream(source.m_bytes, source.m_offset, source.m_length), chunkName, "bt", env);
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaErrors.valueOf(e));
        }
    }

    /**
     * {@code loadfile([name [, mode [, env]]])}: a file (standard input without a name), a first line starting
     * with {@code #} skipped; failures as nil and C's message ({@code cannot open x: No such file or directory}).
     */
    private static Varargs loadfile(LuaJitGlobals g, Varargs args) {
        String name = args.isnoneornil(1) ? null : Args.checkString(args, 1, "loadfile").tojstring();
        String mode = args.isnoneornil(2) ? "bt" : Args.checkString(args, 2, "loadfile").tojstring();
        byte[] source;
        try {
            source = name == null ? g.STDIN.readAllBytes() : java.nio.file.Files.readAllBytes(java.nio.file.Path.of(name));
        } catch (java.io.IOException | java.io.UncheckedIOException | java.nio.file.InvalidPathException e) {
            java.io.IOException io = e instanceof java.io.IOException x ? x : new java.io.IOException(e.getMessage());
            String text = dev.ljuv.stdlib.lib.io.Errno.failure(null, io).arg(2).tojstring();
            boolean opening = io instanceof java.nio.file.NoSuchFileException || io instanceof java.nio.file.AccessDeniedException;
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf((opening ? "cannot open " : "cannot read ")
                    + (name == null ? "stdin" : name) + ": " + text));
        }
        int start = 0;
        if (source.length > 0 && source[0] == '#') { // a shebang line: skipped, its newline kept for line numbers
            while (start < source.length && source[start] != '\n') {
                start++;
            }
        }
        LuaString chunk = LuaString.valueUsing(java.util.Arrays.copyOfRange(source, start, source.length));
        LuaValue env = args.narg() >= 3 ? args.arg(3) : LuaValue.NONE;
        return load(g, LuaValue.varargsOf(new LuaValue[] {chunk, LuaValue.valueOf(name == null ? "=stdin" : "@" + name),
                LuaValue.valueOf(mode)}, env));
    }

    /**
     * {@code newproxy([boolean | proxy])}: a userdata, with a new metatable ({@code true}), none ({@code false}, nil),
     * or the metatable of another proxy made so; anything else is refused, as by LuaJIT, which knows its proxies'
     * metatables (this state's, held weakly). Its metatable's {@code __gc} is called ({@code Finalizers}).
     */
    private static Functions.Body newproxy(LuaJitGlobals g) {
        java.util.Set<LuaValue> metatables = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
        return args -> {
            LuaValue a = args.arg1();
            LuaTable meta = null;
            if (a == LuaValue.TRUE) {
                meta = new LuaTable();
                metatables.add(meta);
            } else if (a.toboolean()) {
                LuaValue m = a instanceof LuaUserdata u ? u.getmetatable() : null;
                if (m == null || !metatables.contains(m)) {
                    throw Args.error(1, "newproxy", "boolean or proxy expected");
                }
                meta = (LuaTable) m;
            }
            return g.finalizers.proxy(meta); // (one without a metatable may get one: debug.setmetatable)
        };
    }

    /**
     * {@code collectgarbage([opt [, arg]])} with LuaJIT 2.1's options and answers, on the JVM's collector:
     * {@code "collect"} runs a collection, {@code "count"} is the heap in use in kilobytes (in a state with a memory
     * limit, what the state holds, as the limit measures it), {@code "step"} runs a
     * collection for a non-zero step (and says a cycle finished), {@code "stop"}/{@code "restart"}/
     * {@code "isrunning"} and the tuning options are kept per state and answered as LuaJIT answers them (the
     * JVM's collector cannot be paused by a script).
     */
    private static final class CollectGarbage {
        private int pause = 200;
        private int stepmul = 200;
        private boolean running = true;
        /** The function itself: its call's registers tell the dead ones (see {@code LuaStacks.dropDeadValues}). */
        LuaValue self;
        private final Finalizers finalizers;

        CollectGarbage(Finalizers finalizers) {
            this.finalizers = finalizers;
        }

        /** A full collection for a call of {@code nargs} arguments, after dropping what LuaJIT's would not see. */
        private void collect(int nargs) {
            LuaStacks.dropDeadValues(self, nargs);
            finalizers.collect(); // (the proxies' __gc, whose errors it raises)
        }

        Varargs call(Varargs args) {
            String option = args.isnoneornil(1) ? "collect" : Args.checkString(args, 1, "collectgarbage").tojstring();
            Runtime rt = Runtime.getRuntime();
            switch (option) {
                case "collect":
                    collect(args.narg());
                    return LuaValue.ZERO;
                case "stop":
                    running = false;
                    return LuaValue.ZERO;
                case "restart":
                    running = true;
                    return LuaValue.ZERO;
                case "isrunning":
                    return LuaValue.valueOf(running);
                case "count": {
                    dev.ljuv.stdlib.vm.LuaJitGlobals g = dev.ljuv.stdlib.vm.CurrentState.get();
                    long bytes = g != null && g.memoryLimit != null ? g.memoryLimit.held() // the state's own, as LuaJIT's
                            : rt.totalMemory() - rt.freeMemory();
                    return LuaValue.valueOf(bytes / 1024.0);
                }
                case "step":
                    if (Args.optInt(args, 2, "collectgarbage", 0) > 0) {
                        collect(args.narg());
                        return LuaValue.TRUE;
                    }
                    return LuaValue.FALSE;
                case "setpause": {
                    int previous = pause;
                    pause = Args.optInt(args, 2, "collectgarbage", 0);
                    return LuaValue.valueOf(previous);
                }
                case "setstepmul": {
                    int previous = stepmul;
                    stepmul = Args.optInt(args, 2, "collectgarbage", 0);
                    return LuaValue.valueOf(previous);
                }
                default:
                    throw Args.error(1, "collectgarbage", "invalid option '" + option + "'");
            }
        }
    }
}
