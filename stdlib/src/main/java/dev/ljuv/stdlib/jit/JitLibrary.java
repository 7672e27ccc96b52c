package dev.ljuv.stdlib.jit;

import dev.ljuv.stdlib.Functions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * LuaJIT's extension modules: the {@code jit} table (version facts; the control functions accept and
 * ignore their arguments: there is no trace compiler to control), {@code bit}, {@code table.new} and
 * {@code table.clear} through {@code require}, and a clear error for the modules that need LuaJIT's
 * internals ({@code ffi}, {@code jit.util}, {@code jit.profile}, ...).
 *
 * <p>Threading: installs into one state.
 */
public final class JitLibrary {
    private JitLibrary() {}

    static String os() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return "OSX";
        }
        if (os.contains("windows")) {
            return "Windows";
        }
        return os.contains("bsd") ? "BSD" : "Other";
    }

    static String arch() {
        String a = System.getProperty("os.arch", "");
        return switch (a) {
            case "amd64", "x86_64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "x86";
            default -> a;
        };
    }

    public static void install(Globals g) {
        LuaTable jit = new LuaTable();
        jit.set("version", "LuaJIT 2.1.0-beta3");
        jit.set("version_num", 20100);
        jit.set("os", os());
        jit.set("arch", arch());
        LuaValue nothing = Functions.named("jit", args -> LuaValue.NONE);
        jit.set("on", nothing);
        jit.set("off", nothing);
        jit.set("flush", nothing);
        jit.set("attach", nothing);
        jit.set("status", Functions.named("status", args -> LuaValue.FALSE));
        LuaTable opt = new LuaTable();
        opt.set("start", nothing);
        jit.set("opt", opt);
        g.set("jit", jit);

        LuaTable bit = BitLibrary.create();
        g.set("bit", bit);
        LuaTable loaded = g.get("package").get("loaded").checktable();
        loaded.set("jit", jit);
        loaded.set("bit", bit);
        loaded.set("jit.opt", opt);

        LuaTable preload = g.get("package").get("preload").checktable();
        LuaValue tableNew = Functions.named("new", args -> new LuaTable(Math.max(0, args.optint(1, 0)), Math.max(0, args.optint(2, 0))));
        LuaValue tableClear = Functions.named("clear", args -> {
            LuaTable t = args.checktable(1);
            for (LuaValue k : t.keys()) {
                t.rawset(k, LuaValue.NIL);
            }
            return LuaValue.NONE;
        });
        preload.set("table.new", Functions.named("table.new", args -> tableNew));
        preload.set("table.clear", Functions.named("table.clear", args -> tableClear));
        for (String unsupported : new String[] {"ffi", "jit.util", "jit.profile", "jit.vmdef", "jit.bcsave", "jit.dump", "jit.v", "jit.p"}) {
            preload.set(unsupported, Functions.named(unsupported, args -> {
                throw new LuaError("module '" + unsupported + "' is not supported on the JVM (it needs LuaJIT's internals)");
            }));
        }
    }
}
