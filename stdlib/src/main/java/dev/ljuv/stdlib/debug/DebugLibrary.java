package dev.ljuv.stdlib.debug;

import dev.ljuv.stdlib.Functions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.DebugLib;

/**
 * The {@code debug} library: LuaJ's functions, without LuaJ's per-instruction hooks (installing them slows
 * every Lua instruction), and a {@code traceback} built from the frames the error being handled left
 * (see {@link HandledError}).
 *
 * <p>Threading: the table belongs to one Lua state.
 */
public final class DebugLibrary {
    private DebugLibrary() {}

    /**
     * {@code debug.getinfo([thread,] f | level [, what])}: for a function, or the Lua function running at a
     * stack level (1: the caller), its source, {@code short_src}, {@code what}, line span and upvalue count.
     * The current line is not tracked (LuaJ only knows it with its slow per-instruction hooks): -1.
     */
    static LuaValue getinfo(org.luaj.vm2.Varargs args) {
        int a = args.arg1().isthread() ? 2 : 1;
        LuaValue target = args.arg(a);
        LuaValue f;
        if (target.isfunction()) {
            f = target;
        } else if (target.isnumber()) {
            int level = target.toint();
            if (level == 0) {
                LuaTable c = new LuaTable();
                c.set("what", "C");
                c.set("source", "=[C]");
                c.set("short_src", "[C]");
                c.set("currentline", -1);
                c.set("linedefined", -1);
                return c;
            }
            f = dev.ljuv.stdlib.LuaStacks.frame(level);
            if (f == null) {
                return LuaValue.NIL;
            }
        } else {
            throw dev.ljuv.stdlib.Args.error(a, "getinfo", "function or level expected");
        }
        LuaTable info = new LuaTable();
        info.set("func", f);
        info.set("currentline", -1);
        if (f instanceof org.luaj.vm2.LuaClosure c) {
            var p = c.p;
            String source = p.source == null ? "=?" : p.source.tojstring();
            info.set("source", source);
            info.set("short_src", ChunkNames.shortSource(source));
            info.set("linedefined", p.linedefined);
            info.set("lastlinedefined", p.lastlinedefined);
            info.set("what", p.linedefined == 0 ? "main" : "Lua");
            info.set("nups", p.upvalues == null ? 0 : p.upvalues.length);
        } else {
            info.set("source", "=[C]");
            info.set("short_src", "[C]");
            info.set("linedefined", -1);
            info.set("lastlinedefined", -1);
            info.set("what", "C");
            info.set("nups", 0);
        }
        return info;
    }

    /**
     * The Lua functions on the calling thread's stack from {@code level} outward, as Lua 5.1 writes a frame
     * whose current line is unknown: {@code src: in function <src:N>}, {@code src: in main chunk}.
     */
    static String currentStack(int level) {
        StringBuilder sb = new StringBuilder("stack traceback:");
        int shown = 0;
        for (int l = Math.max(level, 1); ; l++) {
            org.luaj.vm2.LuaClosure c = dev.ljuv.stdlib.LuaStacks.frame(l);
            if (c == null) {
                break;
            }
            if (++shown > 22) {
                sb.append("\n\t...");
                break;
            }
            String src = ChunkNames.shortSource(c.p.source);
            sb.append("\n\t").append(src).append(": in ");
            sb.append(c.p.linedefined == 0 ? "main chunk" : "function <" + src + ":" + c.p.linedefined + ">");
        }
        return sb.append("\n\t[C]: in ?").toString();
    }

    public static void install(Globals g) {
        g.load(new DebugLib());
        g.debuglib = null; // keep the functions, drop the hooks on every call and instruction
        LuaTable debug = g.get("debug").checktable();
        debug.set("getinfo", Functions.named("getinfo", DebugLibrary::getinfo));
        debug.set("traceback", Functions.named("traceback", args -> {
            int first = args.arg1().isthread() ? 2 : 1;
            LuaValue message = args.arg(first);
            if (!message.isnil() && !message.isstring()) {
                return message;
            }
            ErrorTrace trace = HandledError.current();
            int level = args.isnoneornil(first + 1) ? 1 : args.arg(first + 1).toint();
            String text = trace != null ? trace.traceback() : currentStack(level);
            return LuaValue.valueOf(message.isnil() ? text : message.tojstring() + "\n" + text);
        }));
        LuaValue setmetatable = debug.get("setmetatable");
        debug.set("setmetatable", Functions.named("setmetatable", args -> {
            if (args.arg1().isstring() && !args.arg1().isnumber() && g instanceof dev.ljuv.stdlib.LuaJitGlobals lg) {
                LuaValue mt = args.arg(2);
                if (!mt.isnil() && !mt.istable()) {
                    throw dev.ljuv.stdlib.Args.typeError(args, 2, "setmetatable", "nil or table");
                }
                lg.stringMetatable = mt.isnil() ? null : mt; // per state, not LuaJ's static field
                return args.arg1();
            }
            return setmetatable.invoke(args);
        }));
    }
}
