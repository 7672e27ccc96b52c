package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The part of luaossl (wahern's OpenSSL binding, {@code require "openssl.digest"} ...) that Lua protocol code
 * reaches for, on the JDK's cryptography: {@link Digest}, {@link Hmac}, {@link Rand}, {@link Kdf}, {@link X509}.
 * pgmoon's SCRAM-SHA-256 and MD5 logins to PostgreSQL take the first four, its channel binding over TLS the last. Each module is preloaded under its own name and under
 * that of luaossl's C half ({@code _openssl.digest}), which a system's luaossl Lua files require.
 *
 * <p>Threading: each state gets its own module tables and method tables.
 */
public final class Luaossl {
    private Luaossl() {}

    /** The preloaded modules, in luaossl's order. */
    public static void preload(LuaTable preload) {
        Digest.preload(preload);
        Hmac.preload(preload);
        Kdf.preload(preload);
        Rand.preload(preload);
        X509.preload(preload);
    }

    /** Leaves {@code type}'s objects to print as any userdata does ({@code userdata: 0x...}), as luaossl's do. */
    static void plain(MethodTable<?> type) {
        type.metatable().rawset(LuaValue.TOSTRING, LuaValue.NIL);
    }

    /**
     * luaossl's {@code interpose(name, f)}: sets a method of the type ({@code __}-names in its metatable) and returns
     * the one it replaces.
     */
    static LuaValue interpose(MethodTable<?> type, Varargs a) {
        String name = Args.checkString(a, 1, "interpose").tojstring();
        LuaValue into = name.startsWith("__") ? type.metatable() : type.metatable().rawget(LuaValue.INDEX);
        LuaValue old = into.rawget(name);
        into.rawset(name, a.arg(2));
        return old;
    }
}
