package dev.ljuv.stdlib.lib.debug;

import dev.ljuv.stdlib.vm.CallSiteNames;
import dev.ljuv.stdlib.vm.ChunkNames;
import dev.ljuv.stdlib.vm.ErrorTrace;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.ParserHooks;
import dev.ljuv.stdlib.vm.StackLevels;

import dev.ljuv.stdlib.lib.base.Environments;
import dev.ljuv.stdlib.lib.io.IoLibrary;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * The {@code debug} library: LuaJ's functions, without LuaJ's per-instruction hooks (installing them slows
 * every Lua instruction); {@code getinfo}, {@code getlocal}, {@code setlocal} and {@code traceback} over the
 * stack levels of {@link StackLevels} (which include, in an {@code xpcall} handler, the frames the error left:
 * see {@link HandledError}); {@code setmetatable} of strings per state.
 *
 * <p>Threading: the table belongs to one Lua state.
 */
public final class DebugLibrary {
    /** Every name of the {@code debug} table. */
    static final String[] NAMES = {
        "debug", "getfenv", "gethook", "getinfo", "getlocal", "getmetatable", "getregistry", "getupvalue", "setfenv",
        "sethook", "setlocal", "setmetatable", "setupvalue", "traceback", "upvalueid", "upvaluejoin",
    };

    private DebugLibrary() {}

    /**
     * {@code debug.getregistry()}: the state's registry table, with the fields Lua code looks for in it:
     * {@code _LOADED} ({@code package.loaded}) and {@code _PRELOAD} ({@code package.preload}).
     */
    private static LuaValue registry(LuaJitGlobals g) {
        if (g.registry == null) {
            LuaTable r = new LuaTable();
            LuaValue pkg = g.get("package");
            if (pkg.istable()) {
                r.set("_LOADED", pkg.get("loaded"));
                r.set("_PRELOAD", pkg.get("preload"));
            }
            g.registry = r;
        }
        return g.registry;
    }

    /**
     * Whether upvalue {@code i} of {@code p} is one Lua code sees: all but the environment (see
     * {@code ParserHooks.ENVIRONMENT}), which Lua 5.1 and LuaJIT do not have.
     */
    private static boolean visible(Prototype p, int i) {
        return p.upvalues[i] == null || !ParserHooks.isEnvironment(p.upvalues[i].name);
    }

    private static int visibleUpvalues(Prototype p) {
        int n = 0;
        for (int i = 0; p.upvalues != null && i < p.upvalues.length; i++) {
            n += visible(p, i) ? 1 : 0;
        }
        return n;
    }

    /** The index in {@code c}'s upvalues of the one Lua code numbers {@code n}, or -1. */
    private static int upvalueIndex(LuaClosure c, int n) {
        Prototype p = c.p;
        for (int i = 0; n > 0 && p.upvalues != null && i < p.upvalues.length && i < c.upValues.length; i++) {
            if (visible(p, i) && --n == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Upvalue {@code index} (LuaJ's) of {@code closure}. */
    private record Upvalue(LuaClosure closure, int index) {
        /** Its name as Lua code sees it (none in stripped code: {@code ""}, as LuaJIT's). */
        LuaValue name() {
            var d = closure.p.upvalues[index];
            return d == null || d.name == null ? LuaValue.EMPTYSTRING : d.name;
        }

        UpValue cell() {
            return closure.upValues[index];
        }
    }

    /** The upvalue {@code debug.function(f, n, ...)} names (arguments 1 and 2), or null when {@code f} has none such. */
    private static Upvalue upvalue(Varargs args, String function) {
        LuaValue f = Args.checkFunction(args, 1, function);
        int n = Args.checkInt(args, 2, function);
        int i = f instanceof LuaClosure c ? upvalueIndex(c, n) : -1;
        return i < 0 ? null : new Upvalue((LuaClosure) f, i);
    }

    /** {@code debug.getupvalue(f, n)}: the name and value of {@code f}'s upvalue {@code n}; nothing past them. */
    static Varargs getupvalue(Varargs args) {
        Upvalue u = upvalue(args, "getupvalue");
        return u == null ? LuaValue.NONE : LuaValue.varargsOf(u.name(), u.cell().getValue());
    }

    /** {@code debug.setupvalue(f, n, v)}: sets it, returning its name; nothing past them. */
    static Varargs setupvalue(Varargs args) {
        Upvalue u = upvalue(args, "setupvalue");
        LuaValue v = Args.checkValue(args, 3, "setupvalue");
        if (u == null) {
            return LuaValue.NONE;
        }
        u.cell().setValue(v);
        return u.name();
    }

    /** {@code debug.upvalueid(f, n)}: a value that is the same for the functions sharing that upvalue. */
    static Varargs upvalueid(Varargs args) {
        Upvalue u = upvalue(args, "upvalueid");
        if (u == null) {
            throw Args.error(2, "upvalueid", "index out of range");
        }
        return LuaValue.userdataOf(u.cell());
    }

    /** {@code debug.upvaluejoin(f1, n1, f2, n2)}: {@code f1}'s upvalue {@code n1} becomes {@code f2}'s {@code n2}. */
    static Varargs upvaluejoin(Varargs args) {
        int[] index = new int[2];
        LuaClosure[] fs = new LuaClosure[2];
        for (int k = 0; k < 2; k++) {
            if (!(args.arg(1 + 2 * k) instanceof LuaClosure c)) {
                throw Args.error(1 + 2 * k, "upvaluejoin", "Lua function expected");
            }
            fs[k] = c;
            index[k] = upvalueIndex(c, Args.checkInt(args, 2 + 2 * k, "upvaluejoin"));
            if (index[k] < 0) {
                throw Args.error(2 + 2 * k, "upvaluejoin", "index out of range");
            }
        }
        fs[0].upValues[index[0]] = fs[1].upValues[index[1]];
        return LuaValue.NONE;
    }

    /**
     * {@code debug.getinfo([thread,] f | level [, what])}: for a function, or the function running at a stack
     * level (see {@link StackLevels}), the fields {@code what} asks for (default all): {@code S} source,
     * {@code short_src}, {@code what}, line span; {@code l} {@code currentline}; {@code u} {@code nups};
     * {@code n} {@code name}, {@code namewhat}; {@code f} {@code func}; {@code L} {@code activelines}.
     * A frame's current line is exact at calls (where a function inspecting its caller always is); inside a
     * metamethod, the caller's line is that of its last call.
     */
    static LuaValue getinfo(Varargs args) {
        int a = args.arg1().isthread() ? 2 : 1;
        LuaValue target = args.arg(a);
        String what = args.isnoneornil(a + 1) ? "flnSu" : Args.checkString(args, a + 1, "getinfo").tojstring();
        for (char c : what.toCharArray()) {
            if ("SlunfL".indexOf(c) < 0) {
                throw Args.error(a + 1, "getinfo", "invalid option");
            }
        }
        LuaValue f;
        StackLevels.Level level = null;
        if (target.isfunction()) {
            f = target;
        } else if (target.isnumber()) {
            int n = target.toint();
            if (n < 0) {
                return LuaValue.NIL;
            }
            boolean other = StackLevels.isOther(thread(args));
            level = n == 0 && !other ? null : StackLevels.at(thread(args), n); // 0: getinfo itself
            if ((n != 0 || other) && level == null) {
                return LuaValue.NIL;
            }
            f = level == null ? null : level.isJava() ? level.javaFunction() : level.closure();
        } else {
            throw Args.error(a, "getinfo", "function or level expected");
        }
        Prototype p = f instanceof LuaClosure c ? c.p : level != null ? level.proto() : null;
        LuaTable info = new LuaTable();
        if (what.indexOf('S') >= 0) {
            if (p != null) {
                String source = p.source == null ? "=?" : p.source.tojstring();
                info.set("source", source);
                info.set("short_src", ChunkNames.shortSource(source));
                info.set("linedefined", p.linedefined);
                info.set("lastlinedefined", p.lastlinedefined);
                info.set("what", p.linedefined == 0 ? "main" : "Lua");
            } else {
                info.set("source", "=[C]");
                info.set("short_src", "[C]");
                info.set("linedefined", -1);
                info.set("lastlinedefined", -1);
                info.set("what", "C");
            }
        }
        if (what.indexOf('l') >= 0) {
            info.set("currentline", level != null && p != null ? CallSiteNames.line(p, level.pc()) : -1);
        }
        if (what.indexOf('u') >= 0) { // (LuaJIT 2.1's nparams and isvararg too)
            info.set("nups", p == null ? 0 : visibleUpvalues(p));
            info.set("nparams", p == null ? 0 : p.numparams);
            info.set("isvararg", LuaValue.valueOf(p == null || p.is_vararg != 0));
        }
        if (what.indexOf('n') >= 0) {
            CallSiteNames.Name name = level == null ? null : level.isJava() ? level.javaCall() : StackLevels.calledAs(level);
            if (name != null && !name.kind().equals("constant")) {
                info.set("name", name.name());
                info.set("namewhat", name.kind());
            } else {
                info.set("namewhat", "");
            }
        }
        if (what.indexOf('f') >= 0 && f != null) {
            info.set("func", f);
        }
        if (what.indexOf('L') >= 0 && p != null && p.lineinfo != null) {
            LuaTable lines = new LuaTable();
            for (int line : p.lineinfo) {
                lines.set(line, LuaValue.TRUE);
            }
            info.set("activelines", lines);
        }
        return info;
    }

    /** {@code debug.getlocal([thread,] level | f, n)}: name and value of local {@code n} (parameter names of f). */
    static Varargs getlocal(Varargs args) {
        int a = args.arg1().isthread() ? 2 : 1;
        int n = Args.checkInt(args, a + 1, "getlocal");
        LuaValue target = args.arg(a);
        if (target.isfunction()) { // a parameter's name; a Java function has none
            LuaString name = target instanceof LuaClosure f ? f.p.getlocalname(n, 0) : null;
            return name == null ? LuaValue.NIL : name;
        }
        StackLevels.Level level = checkLevel(args, a, "getlocal");
        LuaString name = level.isJava() ? null : level.proto().getlocalname(n, level.pc());
        if (name == null) {
            return LuaValue.NIL;
        }
        LuaValue[] stack = level.stack();
        return LuaValue.varargsOf(name, stack != null && n - 1 < stack.length
                ? dev.ljuv.stdlib.compile.RegisterCell.reveal(stack[n - 1]) : LuaValue.NIL);
    }

    /** {@code debug.setlocal([thread,] level, n, value)}: sets local {@code n}; returns its name, or nil. */
    static Varargs setlocal(Varargs args) {
        int a = args.arg1().isthread() ? 2 : 1;
        int n = Args.checkInt(args, a + 1, "setlocal");
        StackLevels.Level level = checkLevel(args, a, "setlocal");
        LuaString name = level.isJava() ? null : level.proto().getlocalname(n, level.pc());
        LuaValue[] stack = level.stack();
        if (name == null || stack == null || n - 1 >= stack.length) {
            return LuaValue.NIL;
        }
        if (!(stack[n - 1] instanceof dev.ljuv.stdlib.compile.LoopCounter)) {
            // a compiled integer for loop counts in a JVM local that nothing outside its code can reach:
            // setting its variable or counter has no effect (a known difference, see CountedLoops)
            stack[n - 1] = args.arg(a + 2);
            LuaStacks.Frame frame = level.liveLevel() > 0 ? LuaStacks.frameAt(level.liveLevel()) : null;
            if (frame != null && frame.stack == stack) {
                // compiled code keeping its registers in JVM locals takes its named locals again from the
                // array after its current call: registers it never copied there read as nil
                for (int r = 0; r < stack.length; r++) {
                    if (stack[r] == null) {
                        stack[r] = LuaValue.NIL;
                    }
                }
                frame.localsSet = true;
            }
        }
        return name;
    }

    private static StackLevels.Level checkLevel(Varargs args, int a, String function) {
        int n = Args.checkInt(args, a, function);
        StackLevels.Level level = StackLevels.at(thread(args), n);
        if (level == null) {
            throw Args.error(a, function, "level out of range");
        }
        return level;
    }

    /** The thread a debug function was given as its first argument, or null for the running one. */
    private static LuaThread thread(Varargs args) {
        return args.arg1() instanceof LuaThread t ? t : null;
    }

    /**
     * The traceback of {@code thread} (null: the running one) from {@code level} outward, as LuaJIT writes it:
     * {@code src:line: in function 'name'}, {@code in main chunk}, {@code in function <src:N>}, {@code [C]: ...}.
     */
    static String stackOf(LuaThread thread, int level) {
        boolean other = StackLevels.isOther(thread);
        StringBuilder sb = new StringBuilder("stack traceback:");
        int shown = 0;
        for (int l = other ? Math.max(level, 0) : Math.max(level, 1); ; l++) {
            StackLevels.Level at = StackLevels.at(thread, l);
            if (at == null) {
                break;
            }
            if (++shown > 22) {
                sb.append("\n\t...");
                break;
            }
            if (at.isJava()) {
                sb.append(at.javaCall() == null ? "\n\t[C]: ?" : "\n\t[C]: in function '" + at.javaCall().name() + "'");
                continue;
            }
            sb.append('\n').append(ErrorTrace.describe(at.proto(), at.pc(), StackLevels.calledAs(at)));
        }
        return other || StackLevels.inCoroutine() ? sb.toString() : sb.append("\n\t[C]: in ?").toString();
    }

    /** The {@code debug} table. */
    public static LuaTable install(LuaJitGlobals g) {
        LuaTable luaj = Functions.luaj(g, new DebugLib(), "debug");
        g.debuglib = null; // LuaJ's hooks: replaced by DebugHooks, set there while a hook is
        LuaValue getmetatable = luaj.rawget("getmetatable");
        LuaValue setmetatable = luaj.rawget("setmetatable");
        return Functions.library("debug", NAMES)
                .keep(luaj, "debug")
                .function("getupvalue", DebugLibrary::getupvalue)
                .function("setupvalue", DebugLibrary::setupvalue)
                .function("upvalueid", DebugLibrary::upvalueid)
                .function("upvaluejoin", DebugLibrary::upvaluejoin)
                .function("sethook", args -> DebugHooks.sethook(g, args))
                .function("gethook", args -> DebugHooks.gethook(g))
                .function("getregistry", args -> registry(g))
                .function("getinfo", DebugLibrary::getinfo)
                .function("getlocal", DebugLibrary::getlocal)
                .function("setlocal", DebugLibrary::setlocal)
                .function("getfenv", args -> Environments.debugGetfenv(g, args))
                .function("setfenv", args -> Environments.debugSetfenv(g, args))
                .function("traceback", args -> {
                    int first = args.arg1().isthread() ? 2 : 1;
                    LuaValue message = args.arg(first);
                    if (!message.isstring() && args.narg() >= first) { // (an explicit nil too, as in LuaJIT)
                        return message;
                    }
                    LuaThread thread = thread(args);
                    int level = Args.optInt(args, first + 1, "traceback", StackLevels.isOther(thread) ? 0 : 1);
                    String text = stackOf(thread, level);
                    return LuaValue.valueOf(message.isnil() ? text : message.tojstring() + "\n" + text);
                })
                .function("getmetatable", args -> IoLibrary.isFile(args.arg1())
                        ? IoLibrary.fileMetatable(g) : getmetatable.invoke(args))
                .function("setmetatable", args -> {
                    if (args.arg1().type() == LuaValue.TSTRING) {
                        LuaValue mt = args.arg(2);
                        if (!mt.isnil() && !mt.istable()) {
                            throw Args.typeError(args, 2, "setmetatable", "nil or table");
                        }
                        g.stringMetatable = mt.isnil() ? null : mt; // per state, not LuaJ's static field
                        return LuaValue.TRUE;
                    }
                    setmetatable.invoke(args);
                    return LuaValue.TRUE; // LuaJIT 2.1 answers true
                })
                .done();
    }
}
