package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luaossl's {@code openssl.digest}: {@code new([type])} makes a message digest ({@code EVP_MD_CTX*}) with
 * {@code update(...)} (returns it) and {@code final(...)} (the binary digest of all it was given); the type is an
 * OpenSSL digest name, any case ({@code "sha256"}, {@code "SHA2-256"}, {@code "sha-256"}), SHA-1 by default. The
 * digests are the JDK's: MD5, SHA-1, SHA-2 and SHA-3; OpenSSL's others are "invalid digest type" here.
 *
 * <p>Threading: a digest belongs to the state that made it.
 */
final class Digest extends LuaObject {
    static final String[] NAMES = {"new", "interpose"};

    /** OpenSSL's names of the digests the JDK has (lower case) and the JDK's. */
    private static final Map<String, String> JDK_NAMES = Map.ofEntries(
            Map.entry("md5", "MD5"),
            Map.entry("sha1", "SHA-1"), Map.entry("sha-1", "SHA-1"),
            Map.entry("sha224", "SHA-224"), Map.entry("sha-224", "SHA-224"), Map.entry("sha2-224", "SHA-224"),
            Map.entry("sha256", "SHA-256"), Map.entry("sha-256", "SHA-256"), Map.entry("sha2-256", "SHA-256"),
            Map.entry("sha384", "SHA-384"), Map.entry("sha-384", "SHA-384"), Map.entry("sha2-384", "SHA-384"),
            Map.entry("sha512", "SHA-512"), Map.entry("sha-512", "SHA-512"), Map.entry("sha2-512", "SHA-512"),
            Map.entry("sha512-224", "SHA-512/224"), Map.entry("sha-512/224", "SHA-512/224"),
            Map.entry("sha2-512/224", "SHA-512/224"),
            Map.entry("sha512-256", "SHA-512/256"), Map.entry("sha-512/256", "SHA-512/256"),
            Map.entry("sha2-512/256", "SHA-512/256"),
            Map.entry("sha3-224", "SHA3-224"), Map.entry("sha3-256", "SHA3-256"), Map.entry("sha3-384", "SHA3-384"),
            Map.entry("sha3-512", "SHA3-512"),
            // the names of signature algorithms, which OpenSSL takes for their digests (pgmoon's channel binding)
            Map.entry("rsa-md5", "MD5"), Map.entry("md5withrsaencryption", "MD5"), Map.entry("ssl3-md5", "MD5"),
            Map.entry("rsa-sha1", "SHA-1"), Map.entry("sha1withrsaencryption", "SHA-1"), Map.entry("ssl3-sha1", "SHA-1"),
            Map.entry("rsa-sha224", "SHA-224"), Map.entry("sha224withrsaencryption", "SHA-224"),
            Map.entry("rsa-sha256", "SHA-256"), Map.entry("sha256withrsaencryption", "SHA-256"),
            Map.entry("rsa-sha384", "SHA-384"), Map.entry("sha384withrsaencryption", "SHA-384"),
            Map.entry("rsa-sha512", "SHA-512"), Map.entry("sha512withrsaencryption", "SHA-512"),
            Map.entry("rsa-sha512/224", "SHA-512/224"), Map.entry("rsa-sha512/256", "SHA-512/256"),
            Map.entry("rsa-sha3-224", "SHA3-224"), Map.entry("rsa-sha3-256", "SHA3-256"),
            Map.entry("rsa-sha3-384", "SHA3-384"), Map.entry("rsa-sha3-512", "SHA3-512"));

    private final MessageDigest md;

    private Digest(MessageDigest md, MethodTable<Digest> type) {
        super(null, type, true); // (no instance: prints as userdata: 0x...)
        this.md = md;
    }

    /** The module table (a state's own; see {@link Luaossl#preload}). */
    static LuaTable module() {
        MethodTable<Digest> type = new MethodTable<>(Digest.class, "EVP_MD_CTX*").selfIsArgument()
                .method("update", (self, a) -> {
                    Luaossl.feed(a, "update", self.md::update);
                    return self;
                })
                .method("final", (self, a) -> {
                    Luaossl.feed(a, "final", self.md::update);
                    return LuaValue.valueOf(self.md.digest());
                });
        Luaossl.plain(type);
        return Functions.library("openssl.digest", NAMES)
                .function("new", a -> new Digest(instance(jdkName(a, 1, "new"), "new"), type))
                .function("interpose", a -> Luaossl.interpose(type, a))
                .done();
    }

    /**
     * The JDK's name of the digest that argument {@code index} names (a string or number), SHA-1 when it is absent:
     * {@code bad argument (x: invalid digest type)} when the JDK has none.
     */
    static String jdkName(Varargs a, int index, String function) {
        if (a.isnoneornil(index)) {
            return "SHA-1";
        }
        LuaString name = Args.checkString(a, index, function);
        String jdk = jdkName(name.tojstring());
        if (jdk == null) {
            throw Args.error(index, function, name.tojstring() + ": invalid digest type");
        }
        return jdk;
    }

    /** The JDK's name of the digest OpenSSL calls {@code openssl}, or null when the JDK has none. */
    static String jdkName(String openssl) {
        return JDK_NAMES.get(openssl.toLowerCase(Locale.ROOT));
    }

    static MessageDigest instance(String jdkName, String function) {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new org.luaj.vm2.LuaError("digest." + function + ": " + jdkName + " unavailable");
        }
    }

}
