package dev.ljuv.stdlib.lib.pkg;

import dev.ljuv.stdlib.lib.base.Environments;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The package library (LuaJIT's {@code lib_package.c}): {@code require} and {@code package.loaders} as in Lua
 * 5.1 / LuaJIT 2.1: four loaders (preload, Lua files along {@code package.path}, C modules along
 * {@code package.cpath}, all-in-one C modules), the "module 'x' not found" message listing every place searched,
 * {@code package.searchpath}, and Lua 5.1's {@code module} with {@code package.seeall}. C modules cannot be loaded
 * on the JVM: finding one is reported as such.
 *
 * <p>Threading: installs into one state.
 */
public final class PackageLibrary {
    /** Every name of the {@code package} table. */
    static final String[] NAMES = {
        "config", "cpath", "loaded", "loaders", "loadlib", "path", "preload", "searchpath", "seeall",
    };
    /** The globals this library registers. */
    static final String[] GLOBALS = {"module", "require"};

    /** {@code package.path} when {@code LUA_PATH} does not say otherwise: LuaJIT's default on Linux. */
    public static final String DEFAULT_PATH = "./?.lua;./?/init.lua;"
            + "/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;"
            + "/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua";
    /** {@code package.cpath} when {@code LUA_CPATH} does not say otherwise. */
    public static final String DEFAULT_CPATH = "./?.so;/usr/local/lib/lua/5.1/?.so;/usr/lib/lua/5.1/?.so";

    private PackageLibrary() {}

    /** Marks a module being loaded, to detect a require loop. */
    private static final LuaValue SENTINEL = new org.luaj.vm2.LuaUserdata(new Object()); // not a table: module() must not take it

    /** The {@code package} table, with {@code require} and {@code module} in {@code g}. */
    public static LuaTable install(Globals g) {
        LuaTable pkg = new LuaTable();
        LuaTable loaders = new LuaTable();
        loaders.set(1, Functions.named("preload_loader", args -> {
            String name = Args.checkString(args, 1, "preload_loader").tojstring();
            LuaValue f = pkg.get("preload").get(name);
            return f.isnil() ? LuaValue.valueOf("\n\tno field package.preload['" + name + "']") : f;
        }));
        loaders.set(2, Functions.named("lua_loader", args -> {
            String name = Args.checkString(args, 1, "lua_loader").tojstring();
            StringBuilder tried = new StringBuilder();
            String file = search(name, pathString(pkg, "path"), tried);
            if (file == null) {
                return LuaValue.valueOf(tried.toString());
            }
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return g.load(in, "@" + file, "bt", g);
            } catch (IOException e) {
                throw new LuaError("error loading module '" + name + "' from file '" + file + "'", 0);
            } catch (LuaError e) { // raised by a loader, as LuaJIT's luaL_error there: no caller position
                throw new LuaError("error loading module '" + name + "' from file '" + file + "':\n\t"
                        + e.getMessageObject().tojstring(), 0);
            }
        }));
        loaders.set(3, Functions.named("c_loader", args -> cLoader(pkg, Args.checkString(args, 1, "c_loader").tojstring(), false)));
        loaders.set(4, Functions.named("all_in_one_loader", args -> cLoader(pkg, Args.checkString(args, 1, "all_in_one_loader").tojstring(), true)));
        LuaTable loaded = new LuaTable();
        Functions.library("package", pkg, NAMES)
                .value("config", LuaValue.valueOf("/\n;\n?\n!\n-\n"))
                .value("path", LuaValue.valueOf(DEFAULT_PATH))
                .value("cpath", LuaValue.valueOf(DEFAULT_CPATH))
                .value("loaded", loaded)
                .value("preload", new LuaTable())
                .value("loaders", loaders)
                .function("loadlib", args -> LuaValue.varargsOf(LuaValue.NIL,
                        LuaValue.valueOf("dynamic libraries not enabled on the JVM"), LuaValue.valueOf("absent")))
                .function("searchpath", args -> {
                    StringBuilder tried = new StringBuilder();
                    String file = search(Args.checkString(args, 1, "searchpath").tojstring(),
                            Args.checkString(args, 2, "searchpath").tojstring(), tried);
                    return file != null ? LuaValue.valueOf(file)
                            : LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(tried.toString()));
                })
                .function("seeall", args -> {
                    LuaValue m = Args.checkTable(args, 1, "seeall");
                    LuaValue mt = m.getmetatable();
                    if (mt == null || mt.isnil()) {
                        mt = new LuaTable();
                        m.setmetatable(mt);
                    }
                    mt.set(LuaValue.INDEX, g);
                    return LuaValue.NONE;
                })
                .done();
        loaded.set("package", pkg);
        Functions.library("_G", g, GLOBALS)
                // the loaded table as the package library made it (LuaJIT's registry._LOADED), whatever the
                // script does with package.loaded
                .function("require", args -> require(pkg, loaded, args))
                .function("module", args -> module(g, loaded, args))
                .done();
        return pkg;
    }

    /** {@code module(name, ...)}: the module table becomes the environment of the calling function. */
    private static Varargs module(Globals g, LuaTable loaded, Varargs args) {
        String name = Args.checkString(args, 1, "module").tojstring();
        LuaValue m = loaded.get(name);
        if (!m.istable()) {
            m = g;
            for (String part : name.split("\\.")) {
                LuaValue next = m.get(part);
                if (next.isnil()) {
                    next = new LuaTable();
                    m.set(part, next);
                } else if (!next.istable()) {
                    throw new LuaError("name conflict for module '" + name + "'");
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

    private static LuaValue cLoader(LuaTable pkg, String name, boolean root) {
        int dot = name.indexOf('.');
        if (root && dot < 0) {
            return LuaValue.NIL; // not a submodule: nothing for the all-in-one loader to look for
        }
        String searched = root ? name.substring(0, dot) : name;
        StringBuilder tried = new StringBuilder();
        String file = search(searched, pathString(pkg, "cpath"), tried);
        if (file != null) {
            throw new LuaError("error loading module '" + name + "' from file '" + file
                    + "':\n\tC modules cannot be loaded on the JVM", 0);
        }
        return LuaValue.valueOf(tried.toString());
    }

    /** The first readable file of {@code path} for {@code name}; appends each miss to {@code tried}. */
    private static boolean readableFile(String name) {
        try {
            Path p = Path.of(name);
            return Files.isReadable(p) && !Files.isDirectory(p);
        } catch (java.nio.file.InvalidPathException e) {
            return false; // no such file can exist
        }
    }

    static String search(String name, String path, StringBuilder tried) {
        String file = name.replace('.', '/');
        for (String template : path.split(";")) {
            if (template.isEmpty()) {
                continue;
            }
            String candidate = template.replace("?", file);
            if (readableFile(candidate)) {
                return candidate;
            }
            tried.append("\n\tno file '").append(candidate).append('\'');
        }
        return null;
    }

    /** {@code package.path} or {@code cpath}, which must be a string (a number reads as one), as LuaJIT checks it. */
    private static String pathString(LuaTable pkg, String field) {
        LuaValue v = pkg.get(field);
        if (!v.isstring()) {
            throw new LuaError("'package." + field + "' must be a string", 0);
        }
        return v.tojstring();
    }

    private static Varargs require(LuaTable pkg, LuaTable loaded, Varargs args) {
        LuaValue nameValue = args.arg1();
        if (!nameValue.isstring()) {
            throw Args.typeError(args, 1, "require", "string");
        }
        LuaString full = nameValue.strvalue();
        int nul = full.indexOf((byte) 0, 0);
        LuaValue name = nul < 0 ? full : full.substring(0, nul); // a C string, as LuaJIT reads it
        LuaValue existing = loaded.rawget(name);
        if (existing.toboolean()) {
            if (existing == SENTINEL) {
                throw new LuaError("loop or previous error loading module '" + name.tojstring() + "'");
            }
            return existing;
        }
        LuaValue loaders = pkg.get("loaders");
        if (!loaders.istable()) {
            throw new LuaError("'package.loaders' must be a table");
        }
        StringBuilder notFound = new StringBuilder();
        LuaValue loader;
        for (int i = 1; ; i++) {
            LuaValue f = loaders.get(i);
            if (f.isnil()) {
                throw new LuaError("module '" + name.tojstring() + "' not found:" + notFound);
            }
            LuaValue r = f.call(name);
            if (r.isfunction()) {
                loader = r;
                break;
            }
            if (r.isstring()) {
                notFound.append(r.tojstring());
            }
        }
        loaded.rawset(name, SENTINEL); // stays if the module fails, as in Lua 5.1
        LuaValue result = loader.call(name);
        if (!result.isnil()) {
            loaded.rawset(name, result);
        }
        if (loaded.rawget(name) == SENTINEL) {
            loaded.rawset(name, LuaValue.TRUE);
        }
        return loaded.rawget(name);
    }
}
