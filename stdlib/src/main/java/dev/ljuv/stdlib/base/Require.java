package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.Functions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require} and {@code package.loaders} as in Lua 5.1 / LuaJIT 2.1: four loaders (preload, Lua files
 * along {@code package.path}, C modules along {@code package.cpath}, all-in-one C modules), the
 * "module 'x' not found" message listing every place searched, and {@code package.searchpath}. C modules
 * cannot be loaded on the JVM: finding one is reported as such.
 *
 * <p>Threading: installs into one state.
 */
public final class Require {
    private Require() {}

    /** Marks a module being loaded, to detect a require loop. */
    private static final LuaValue SENTINEL = new org.luaj.vm2.LuaUserdata(new Object()); // not a table: module() must not take it

    public static void install(Globals g) {
        LuaTable pkg = g.get("package").checktable();
        LuaTable loaders = new LuaTable();
        loaders.set(1, Functions.named("preload_loader", args -> {
            String name = args.checkjstring(1);
            LuaValue f = pkg.get("preload").get(name);
            return f.isnil() ? LuaValue.valueOf("\n\tno field package.preload['" + name + "']") : f;
        }));
        loaders.set(2, Functions.named("lua_loader", args -> {
            String name = args.checkjstring(1);
            StringBuilder tried = new StringBuilder();
            String file = search(name, pkg.get("path").checkjstring(), tried);
            if (file == null) {
                return LuaValue.valueOf(tried.toString());
            }
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return g.load(in, "@" + file, "bt", g);
            } catch (IOException e) {
                throw new LuaError("error loading module '" + name + "' from file '" + file + "'");
            } catch (LuaError e) {
                throw new LuaError("error loading module '" + name + "' from file '" + file + "':\n\t"
                        + e.getMessageObject().tojstring());
            }
        }));
        loaders.set(3, Functions.named("c_loader", args -> cLoader(pkg, args.checkjstring(1), false)));
        loaders.set(4, Functions.named("all_in_one_loader", args -> cLoader(pkg, args.checkjstring(1), true)));
        pkg.set("loaders", loaders);
        pkg.set("searchers", LuaValue.NIL);
        pkg.set("searchpath", Functions.named("searchpath", args -> {
            StringBuilder tried = new StringBuilder();
            String file = search(args.checkjstring(1), args.checkjstring(2), tried);
            return file != null ? LuaValue.valueOf(file) : LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(tried.toString()));
        }));
        g.set("require", Functions.named("require", args -> require(g, pkg, args)));
    }

    private static LuaValue cLoader(LuaTable pkg, String name, boolean root) {
        String searched = root ? name.split("\\.")[0] : name;
        if (root && searched.equals(name)) {
            return LuaValue.NIL; // not a submodule: nothing for the all-in-one loader to look for
        }
        StringBuilder tried = new StringBuilder();
        String file = search(searched, pkg.get("cpath").checkjstring(), tried);
        if (file != null) {
            throw new LuaError("error loading module '" + name + "' from file '" + file
                    + "':\n\tC modules cannot be loaded on the JVM");
        }
        return LuaValue.valueOf(tried.toString());
    }

    /** The first readable file of {@code path} for {@code name}; appends each miss to {@code tried}. */
    static String search(String name, String path, StringBuilder tried) {
        String file = name.replace('.', '/');
        for (String template : path.split(";")) {
            if (template.isEmpty()) {
                continue;
            }
            String candidate = template.replace("?", file);
            if (Files.isReadable(Path.of(candidate)) && !Files.isDirectory(Path.of(candidate))) {
                return candidate;
            }
            tried.append("\n\tno file '").append(candidate).append('\'');
        }
        return null;
    }

    private static Varargs require(Globals g, LuaTable pkg, Varargs args) {
        LuaValue nameValue = args.arg1();
        if (!nameValue.isstring()) {
            throw Args.typeError(args, 1, "require", "string");
        }
        LuaValue name = nameValue.strvalue();
        LuaTable loaded = pkg.get("loaded").checktable();
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
