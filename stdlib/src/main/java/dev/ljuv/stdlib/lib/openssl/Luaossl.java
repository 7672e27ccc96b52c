package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Supplier;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The part of luaossl (wahern's OpenSSL binding, {@code require "openssl.digest"} ...) that Lua protocol code
 * reaches for, on the JDK's cryptography: {@link Digest}, {@link Hmac}, {@link Rand}, {@link Kdf}, {@link X509}.
 * pgmoon's SCRAM-SHA-256 and MD5 logins to PostgreSQL take the first four, its channel binding over TLS the last.
 * Each module is preloaded under its own name and under that of luaossl's C half ({@code _openssl.digest}), which a
 * system's luaossl Lua files require.
 *
 * <p>Threading: each state gets its own module tables and method tables.
 */
public final class Luaossl {
    private Luaossl() {}

    /** The preloaded modules, in luaossl's order. */
    public static void preload(LuaTable preload) {
        preload(preload, "openssl.digest", Digest::module);
        preload(preload, "openssl.hmac", Hmac::module);
        preload(preload, "openssl.kdf", Kdf::module);
        preload(preload, "openssl.rand", Rand::module);
        preload(preload, "openssl.x509", X509::module);
    }

    /** {@code preload[name]}, and the same loader for luaossl's C half ({@code _openssl.digest}). */
    private static void preload(LuaTable preload, String name, Supplier<LuaTable> module) {
        LuaValue loader = Functions.named(name, a -> module.get());
        preload.set(name, loader);
        preload.set("_" + name, loader);
    }

    /** What a digest or a MAC takes its bytes with ({@code MessageDigest::update}, {@code Mac::update}). */
    interface Sink {
        void update(byte[] bytes, int offset, int length);
    }

    /**
     * Feeds every argument (strings; numbers as their text) to {@code sink}: a method's {@code update(...)} and
     * {@code final(...)}, whose self is argument #1, as luaossl numbers it.
     */
    static void feed(Varargs a, String function, Sink sink) {
        for (int i = 1, n = a.narg(); i <= n; i++) {
            LuaValue v = a.arg(i);
            if (!v.isstring()) {
                throw Args.error(i + 1, function, "string expected, got " + v.typename());
            }
            LuaString s = v.strvalue();
            sink.update(s.m_bytes, s.m_offset, s.m_length);
        }
    }

    /** A Lua string's bytes, as an array of their own. */
    static byte[] bytes(LuaString s) {
        return Arrays.copyOfRange(s.m_bytes, s.m_offset, s.m_offset + s.m_length);
    }

    /** A certificate's DER bytes as PEM text, as OpenSSL writes it (64 columns). Also LuaSec's, for ljuv.net. */
    public static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
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
