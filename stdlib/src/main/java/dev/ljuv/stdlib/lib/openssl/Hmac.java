package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * luaossl's {@code openssl.hmac}: {@code new(key [, type])} makes an HMAC ({@code HMAC_CTX*}) over one of
 * {@link Digest}'s digests (SHA-1 by default) with {@code update(...)} (returns it) and {@code final(...)} (the
 * binary MAC of all it was given).
 *
 * <p>Threading: an HMAC belongs to the state that made it.
 */
final class Hmac extends LuaObject {
    static final String[] NAMES = {"new", "interpose"};

    private final Mac mac;

    private Hmac(Mac mac, MethodTable<Hmac> type) {
        super(null, type, true); // (no instance: prints as userdata: 0x...)
        this.mac = mac;
    }

    /** The module table (a state's own; see {@link Luaossl#preload}). */
    static LuaTable module() {
        MethodTable<Hmac> type = new MethodTable<>(Hmac.class, "HMAC_CTX*").selfIsArgument()
                .method("update", (self, a) -> {
                    Luaossl.feed(a, "update", self.mac::update);
                    return self;
                })
                .method("final", (self, a) -> {
                    Luaossl.feed(a, "final", self.mac::update);
                    return LuaValue.valueOf(self.mac.doFinal());
                });
        Luaossl.plain(type);
        return Functions.library("openssl.hmac", NAMES)
                .function("new", a -> {
                    LuaString key = Args.checkString(a, 1, "new");
                    return new Hmac(mac(Digest.jdkName(a, 2, "new"), key.m_bytes, key.m_offset, key.m_length), type);
                })
                .function("interpose", a -> Luaossl.interpose(type, a))
                .done();
    }

    /**
     * An HMAC over the digest the JDK calls {@code jdkDigest}, keyed. An empty key is one zero byte, which HMAC pads
     * to the same block (the JDK refuses empty keys; OpenSSL takes them).
     */
    static Mac mac(String jdkDigest, byte[] key, int offset, int length) {
        try {
            Mac mac = Mac.getInstance("Hmac" + (jdkDigest.startsWith("SHA3") ? jdkDigest : jdkDigest.replace("-", "")));
            mac.init(length == 0 ? new SecretKeySpec(new byte[1], "HMAC") : new SecretKeySpec(key, offset, length, "HMAC"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new LuaError("hmac.new: HMAC over " + jdkDigest + " unavailable");
        }
    }

}
