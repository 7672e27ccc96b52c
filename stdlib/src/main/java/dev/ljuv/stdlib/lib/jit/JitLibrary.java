package dev.ljuv.stdlib.lib.jit;


import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The jit library (LuaJIT's {@code lib_jit.c}): the {@code jit} table (version facts; the control functions
 * accept and ignore their arguments: there is no trace compiler to control), and a clear error for the modules
 * that need LuaJIT's internals ({@code ffi}, {@code jit.util}, {@code jit.profile}, ...).
 *
 * <p>Threading: installs into one state.
 */
public final class JitLibrary {
    /** Every name of the {@code jit} table. */
    static final String[] NAMES = {
        "arch", "attach", "flush", "off", "on", "opt", "os", "security", "status", "version", "version_num",
    };
    /** {@code jit.security}'s options, as LuaJIT's: its hardening of the PRNG, string hashing and interning, and machine code. */
    static final String[] SECURITY_OPTIONS = {"prng", "strhash", "strid", "mcode"};
    /** Every name of {@code jit.opt}. */
    static final String[] OPT_NAMES = {"start"};
    /** LuaJIT's modules that need its internals: {@code require} raises a clear error. */
    static final String[] UNSUPPORTED = {
        "ffi", "jit.util", "jit.profile", "jit.vmdef", "jit.bcsave", "jit.dump", "jit.v", "jit.p",
    };

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

    /**
     * {@code jit.security(option)}: LuaJIT's level of a hardening measure, 0 for each here, which is what applies:
     * no internal PRNG, strings hashed without a random seed (LuaJ's hash), no machine code of its own.
     */
    private static LuaValue security(Varargs args) {
        String option = Args.checkString(args, 1, "security").tojstring();
        if (!java.util.Arrays.asList(SECURITY_OPTIONS).contains(option)) {
            throw Args.error(1, "security", "invalid option '" + option + "'");
        }
        return LuaValue.ZERO;
    }

    /** The {@code jit} table; {@code jit.opt} and the unsupported modules go to {@code loaded} and {@code preload}. */
    public static LuaTable install(LuaTable loaded, LuaTable preload) {
        LuaValue nothing = Functions.named("jit", args -> LuaValue.NONE);
        LuaTable opt = Functions.library("jit.opt", OPT_NAMES).value("start", nothing).done();
        LuaTable jit = Functions.library("jit", NAMES)
                .value("version", LuaValue.valueOf("LuaJIT 2.1.0-beta3"))
                .value("version_num", LuaValue.valueOf(20100))
                .value("os", LuaValue.valueOf(os()))
                .value("arch", LuaValue.valueOf(arch()))
                .function("on", args -> LuaValue.NONE)
                .function("off", args -> LuaValue.NONE)
                .function("flush", args -> LuaValue.NONE)
                .function("attach", args -> LuaValue.NONE)
                .function("status", args -> LuaValue.FALSE)
                .function("security", JitLibrary::security)
                .value("opt", opt)
                .done();
        loaded.set("jit.opt", opt);
        for (String unsupported : UNSUPPORTED) {
            preload.set(unsupported, Functions.named(unsupported, args -> {
                throw new LuaError("module '" + unsupported + "' is not supported on the JVM (it needs LuaJIT's internals)");
            }));
        }
        return jit;
    }
}
