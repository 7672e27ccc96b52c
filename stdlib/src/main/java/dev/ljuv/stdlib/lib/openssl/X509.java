package dev.ljuv.stdlib.lib.openssl;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * luaossl's {@code openssl.x509}, the part that protocol code reaches for: {@code new(data [, "PEM" | "DER" | "*"])}
 * reads a certificate ({@code X509*}) whose {@code digest([type [, "x" | "s"]])} is the digest of its DER bytes, in
 * hex (the default) or raw, under any of {@link Digest}'s names (SHA-1 by default; pgmoon's channel binding over TLS
 * asks for it by the certificate's signature algorithm), and whose {@code tostring} ({@code __tostring} too) is its
 * PEM text. Not there: the rest of luaossl's certificate methods (names, extensions, signing).
 *
 * <p>Threading: a certificate belongs to the state that read it.
 */
final class X509 extends LuaObject {
    static final String[] NAMES = {"new", "interpose"};

    private final X509Certificate cert;

    private X509(X509Certificate cert, MethodTable<X509> type) {
        super(null, type, true); // (no instance: prints as its PEM text, through __tostring)
        this.cert = cert;
    }

    /** The module table (a state's own; see {@link Luaossl#preload}). */
    static LuaTable module() {
        MethodTable<X509> type = new MethodTable<>(X509.class, "X509*").selfIsArgument()
                .method("digest", (self, a) -> {
                    String name = a.isnoneornil(1) ? "sha1" : Args.checkString(a, 1, "digest").tojstring();
                    String jdk = Digest.jdkName(name);
                    if (jdk == null) {
                        throw new LuaError("x509.cert:digest: " + name + ": invalid digest type");
                    }
                    byte[] d = Digest.instance(jdk, "digest").digest(self.der());
                    String format = a.isnoneornil(2) ? "x" : Args.checkString(a, 2, "digest").tojstring();
                    return switch (format) {
                        case "x", "X" -> LuaValue.valueOf(HexFormat.of().formatHex(d));
                        case "s", "S" -> LuaValue.valueOf(d);
                        default -> throw Args.error(3, "digest", "invalid option '" + format + "'");
                    };
                })
                .method("tostring", (self, a) -> LuaValue.valueOf(self.pem()));
        type.metatable().rawset(LuaValue.TOSTRING, type.methods().rawget("tostring"));
        return Functions.library("openssl.x509", NAMES)
                .function("new", a -> {
                    LuaString data = Args.checkString(a, 1, "new");
                    try {
                        CertificateFactory f = CertificateFactory.getInstance("X.509");
                        return new X509((X509Certificate) f.generateCertificate(
                                new ByteArrayInputStream(data.m_bytes, data.m_offset, data.m_length)), type);
                    } catch (CertificateException | ClassCastException e) {
                        throw new LuaError("x509.cert.new: no certificate found");
                    }
                })
                .function("interpose", a -> Luaossl.interpose(type, a))
                .done();
    }

    private byte[] der() {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new LuaError("x509: the certificate cannot be encoded");
        }
    }

    private String pem() {
        return Luaossl.pem(der());
    }
}
