package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.Functions;
import dev.ljuv.stdlib.LuaStacks;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The Lua 5.1 / LuaJIT globals LuaJ (a 5.2 implementation) lacks or names differently: {@code _VERSION},
 * {@code unpack}, {@code loadstring}, {@code getfenv}, {@code setfenv}, {@code module},
 * {@code newproxy}, {@code gcinfo}, and {@code package.loaders}, {@code package.config},
 * {@code package.seeall}.
 *
 * <p>Threading: installs into one state.
 */
public final class Lua51 {
    private Lua51() {}

    public static void install(Globals g) {
        g.set("_VERSION", "Lua 5.1");
        g.set("rawlen", LuaValue.NIL); // Lua 5.2 only
        LuaTable debug = g.get("debug").checktable();
        debug.set("getuservalue", LuaValue.NIL);
        debug.set("setuservalue", LuaValue.NIL);
        debug.set("getfenv", Functions.named("getfenv", args -> Environments.debugGetfenv(g, args)));
        debug.set("setfenv", Functions.named("setfenv", args -> Environments.debugSetfenv(g, args)));
        LuaTable table = g.get("table").checktable();
        g.set("unpack", table.get("unpack"));
        table.set("unpack", LuaValue.NIL); // Lua 5.2 names, absent from LuaJIT 2.1
        table.set("pack", LuaValue.NIL);
        table.set("move", Functions.named("move", Lua51::move));
        g.set("loadstring", Functions.named("loadstring", args -> {
            LuaValue s = args.arg1();
            if (!s.isstring()) {
                throw Args.typeError(args, 1, "loadstring", "string");
            }
            return g.get("load").invoke(LuaValue.varargsOf(s, args.isnil(2) ? s : args.arg(2)));
        }));
        g.set("getfenv", Functions.named("getfenv", args -> Environments.getfenv(g, args)));
        g.set("setfenv", Functions.named("setfenv", args -> Environments.setfenv(g, args)));
        g.set("gcinfo", Functions.named("gcinfo", args -> {
            Runtime rt = Runtime.getRuntime();
            return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
        }));
        g.set("newproxy", Functions.named("newproxy", args -> {
            LuaValue a = args.arg1();
            LuaValue meta = LuaValue.NIL;
            if (a.toboolean()) {
                meta = a instanceof LuaUserdata u && u.getmetatable() != null ? u.getmetatable() : new LuaTable();
            }
            return new LuaUserdata(new Object(), meta.istable() ? meta : null);
        }));

        LuaTable pkg = g.get("package").checktable();
        Require.install(g);
        pkg.set("config", "/\n;\n?\n!\n-\n");
        pkg.set("loadlib", Functions.named("loadlib",
                args -> LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("dynamic libraries not enabled on the JVM"),
                        LuaValue.valueOf("absent"))));
        pkg.get("loaded").set("_G", g);
        LuaValue io = g.get("io");
        for (String stream : new String[] {"stdin", "stdout", "stderr"}) {
            io.rawset(stream, io.get(stream)); // LuaJ creates them on first access: make them plain fields
        }
        pkg.set("seeall", Functions.named("seeall", args -> {
            LuaValue m = Args.checkTable(args, 1, "seeall");
            LuaValue mt = m.getmetatable();
            if (mt == null || mt.isnil()) {
                mt = new LuaTable();
                m.setmetatable(mt);
            }
            mt.set(LuaValue.INDEX, g);
            return LuaValue.NONE;
        }));
        g.set("module", Functions.named("module", args -> module(g, args)));
    }

    /** {@code table.move(a1, f, e, t [, a2])} (LuaJIT 2.1 has it). */
    private static Varargs move(Varargs args) {
        LuaValue a1 = Args.checkTable(args, 1, "move");
        int f = Args.checkInt(args, 2, "move");
        int e = Args.checkInt(args, 3, "move");
        int t = Args.checkInt(args, 4, "move");
        LuaValue a2 = args.isnoneornil(5) ? a1 : Args.checkTable(args, 5, "move");
        if (e >= f) {
            if (t > e || t <= f || a1 != a2) {
                for (int i = 0; i <= e - f; i++) {
                    a2.set(t + i, a1.get(f + i));
                }
            } else {
                for (int i = e - f; i >= 0; i--) {
                    a2.set(t + i, a1.get(f + i));
                }
            }
        }
        return a2;
    }

    /** {@code module(name, ...)}: the module table becomes the environment of the calling function. */
    private static Varargs module(Globals g, Varargs args) {
        String name = args.checkjstring(1);
        LuaTable loaded = g.get("package").get("loaded").checktable();
        LuaValue m = loaded.get(name);
        if (!m.istable()) {
            m = g;
            for (String part : name.split("\\.")) {
                LuaValue next = m.get(part);
                if (next.isnil()) {
                    next = new LuaTable();
                    m.set(part, next);
                } else if (!next.istable()) {
                    throw new org.luaj.vm2.LuaError("name conflict for module '" + name + "'");
                }
                m = next;
            }
            loaded.set(name, m);
        }
        if (m.get("_NAME").isnil()) {
            m.set("_M", m);
            m.set("_NAME", name);
            int dot = name.lastIndexOf('.');
            m.set("_PACKAGE", dot < 0 ? "" : name.substring(0, dot + 1));
        }
        LuaClosure caller = LuaStacks.frame(1);
        if (caller != null) {
            Environments.setfenv(g, LuaValue.varargsOf(caller, m));
        }
        for (int i = 2; i <= args.narg(); i++) {
            args.arg(i).call(m);
        }
        return LuaValue.NONE;
    }
}
