package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import javax.crypto.Mac;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luaossl's {@code openssl.kdf}: {@code derive{type = ..., ...}} with OpenSSL 3's parameters, for the two key
 * derivations that protocols written in Lua reach for: PBKDF2 ({@code pass}, {@code salt}, {@code iter}, {@code md}:
 * SHA-1 by default, {@code outlen}; PostgreSQL's SCRAM as pgmoon computes it) and HKDF ({@code key}, {@code salt},
 * {@code info}, {@code md}, {@code hkdf_mode}, {@code outlen}), both over {@link Hmac}'s MACs. OpenSSL's other types
 * (scrypt, TLS1-PRF, ...) are an "unknown 'type'" here. Fields another type takes are accepted and unused, as
 * OpenSSL's parameters are.
 *
 * <p>Threading: no state of its own.
 */
final class Kdf {
    private Kdf() {}

    static final String[] NAMES = {"derive"};

    /** OpenSSL's default iteration count for PBKDF2 ({@code PKCS5_DEFAULT_ITER}). */
    private static final int DEFAULT_ITER = 2048;

    /** The module table (a state's own; see {@link Luaossl#preload}). */
    static LuaTable module() {
        return Functions.library("openssl.kdf", NAMES).function("derive", Kdf::derive).done();
    }

    private static LuaValue derive(Varargs a) {
        LuaValue t = Args.checkTable(a, 1, "derive");
        LuaValue type = t.get("type");
        if (!type.isstring() || type.isnumber()) {
            throw Args.error(1, "derive", "missing 'type' field");
        }
        String kind = type.tojstring().toUpperCase(Locale.ROOT);
        if (!kind.equals("PBKDF2") && !kind.equals("HKDF")) {
            throw Args.error(1, "derive", "unknown 'type'");
        }
        byte[] pass = new byte[0], salt = null, key = null;
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        long iter = DEFAULT_ITER, outlen = 0;
        String md = null, mode = "extract_and_expand";
        for (Varargs n = t.next(LuaValue.NIL); !n.arg1().isnil(); n = t.next(n.arg1())) {
            String field = n.arg1().isstring() ? n.arg1().tojstring() : "";
            LuaValue v = n.arg(2);
            switch (field) {
                case "type", "maxmem_bytes", "secret", "seed", "N", "r", "p" -> { }
                case "outlen" -> outlen = unsigned(v, field);
                case "iter" -> iter = unsigned(v, field);
                case "pass" -> pass = bytes(v, field);
                case "salt" -> salt = bytes(v, field);
                case "key" -> key = bytes(v, field);
                case "info" -> info.writeBytes(bytes(v, field));
                case "md" -> {
                    String name = check(v, field).tojstring();
                    md = Digest.jdkName(name);
                    if (md == null) {
                        throw Args.error(1, "derive", name + ": invalid digest type");
                    }
                }
                case "hkdf_mode" -> {
                    mode = check(v, field).tojstring();
                    if (!mode.equals("extract_and_expand") && !mode.equals("extract_only") && !mode.equals("expand_only")) {
                        throw Args.error(1, "derive", "invalid option '" + mode + "'");
                    }
                }
                default -> throw Args.error(1, "derive", "unknown field '" + n.arg1().tojstring() + "'");
            }
        }
        if (kind.equals("PBKDF2")) {
            if (outlen == 0) {
                throw Args.error(1, "derive", "missing 'outlen' field");
            }
            return LuaValue.valueOf(pbkdf2(md == null ? "SHA-1" : md, pass, salt == null ? new byte[0] : salt,
                    iter, size(outlen)));
        }
        if (md == null) {
            throw new LuaError("kdf.derive: missing message digest");
        }
        if (key == null) {
            throw new LuaError("kdf.derive: missing key");
        }
        byte[] prk = mode.equals("expand_only") ? key : mac(md, salt == null ? new byte[0] : salt).doFinal(key);
        if (mode.equals("extract_only")) {
            return LuaValue.valueOf(prk);
        }
        if (outlen == 0) {
            throw Args.error(1, "derive", "missing 'outlen' field");
        }
        return LuaValue.valueOf(expand(md, prk, info.toByteArray(), size(outlen)));
    }

    /** PBKDF2 (RFC 8018): each block the XOR of {@code iter} chained HMACs of the password. */
    static byte[] pbkdf2(String md, byte[] pass, byte[] salt, long iter, int outlen) {
        Mac mac = mac(md, pass);
        byte[] out = new byte[outlen];
        for (int block = 1, at = 0; at < outlen; block++) {
            mac.update(salt);
            mac.update(new byte[] {(byte) (block >>> 24), (byte) (block >>> 16), (byte) (block >>> 8), (byte) block});
            byte[] u = mac.doFinal();
            byte[] f = u.clone();
            for (long i = 1; i < iter; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < f.length; j++) {
                    f[j] ^= u[j];
                }
            }
            int k = Math.min(f.length, outlen - at);
            System.arraycopy(f, 0, out, at, k);
            at += k;
        }
        return out;
    }

    /** HKDF's expand step (RFC 5869): T(i) = HMAC(prk, T(i-1) | info | i). */
    private static byte[] expand(String md, byte[] prk, byte[] info, int outlen) {
        Mac mac = mac(md, prk);
        if (outlen > 255 * mac.getMacLength()) {
            throw new LuaError("kdf.derive: output length too large");
        }
        byte[] out = new byte[outlen];
        byte[] t = new byte[0];
        for (int i = 1, at = 0; at < outlen; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int k = Math.min(t.length, outlen - at);
            System.arraycopy(t, 0, out, at, k);
            at += k;
        }
        return out;
    }

    private static Mac mac(String md, byte[] key) {
        return Hmac.mac(md, key, 0, key.length);
    }

    private static LuaValue check(LuaValue v, String field) {
        if (!v.isstring()) {
            throw Args.error(1, "derive", field + ": string expected, got " + v.typename());
        }
        return v;
    }

    private static byte[] bytes(LuaValue v, String field) {
        return Luaossl.bytes(check(v, field).strvalue());
    }

    /** A count of at least 1, as luaossl's {@code auxL_checkunsigned} takes it. */
    private static long unsigned(LuaValue v, String field) {
        if (!v.isnumber()) {
            throw Args.error(1, "derive", field + ": number expected, got " + v.typename());
        }
        double d = v.todouble();
        if (!(d >= 1 && d <= Integer.MAX_VALUE)) {
            throw new LuaError("integer value out of range");
        }
        return (long) d;
    }

    private static int size(long outlen) {
        if (outlen > 1 << 24) {
            throw new LuaError("kdf.derive: output length too large");
        }
        return (int) outlen;
    }
}
