package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.security.SecureRandom;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * luaossl's {@code openssl.rand}, over the JDK's {@link SecureRandom} (the system's entropy, as OpenSSL's):
 * {@code bytes(n)}, {@code uniform([n])} (an integer in {@code [0, n)}, or any below 2^53 without {@code n}, as a
 * Lua number holds it exactly; luaossl's is any 64-bit value, which it fails to return as a number for half of them),
 * {@code ready()}, and {@code stir()} and {@code add(data)}, which the JDK's generator needs not and takes as seed.
 *
 * <p>Threading: the generator is the JDK's, safe on any thread.
 */
final class Rand {
    private Rand() {}

    static final String[] NAMES = {"bytes", "uniform", "ready", "stir", "add"};

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The module table (a state's own; see {@link Luaossl#preload}). */
    static LuaTable module() {
        return Functions.library("openssl.rand", NAMES)
                .function("bytes", a -> {
                    double n = Args.checkNumber(a, 1, "bytes");
                    if (!(n >= 0 && n <= Integer.MAX_VALUE - 16)) {
                        throw Args.error(1, "bytes", "size out of range");
                    }
                    byte[] b = new byte[(int) n];
                    RANDOM.nextBytes(b);
                    return LuaValue.valueOf(b);
                })
                .function("uniform", a -> {
                    if (a.isnoneornil(1)) {
                        return LuaValue.valueOf((double) (RANDOM.nextLong() >>> 11));
                    }
                    double n = Math.floor(Args.checkNumber(a, 1, "uniform"));
                    if (!(n > 1)) {
                        throw Args.error(1, "uniform", "[0, " + (long) n + "): interval is empty");
                    }
                    long bound = n >= 0x1p63 ? Long.MAX_VALUE : (long) n;
                    return LuaValue.valueOf((double) RANDOM.nextLong(bound));
                })
                .function("ready", a -> LuaValue.TRUE)
                .function("stir", a -> LuaValue.TRUE)
                .function("add", a -> {
                    LuaString s = Args.checkString(a, 1, "add");
                    RANDOM.setSeed(Luaossl.bytes(s));
                    return LuaValue.TRUE;
                })
                .done();
    }
}
