package dev.ljuv.luv;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lib.openssl.Luaossl;
import dev.ljuv.stdlib.lua.Functions;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * TLS for ljuv.net's cosockets: Netty's {@link SslHandler} (the JDK's provider) put in front of a connected
 * luv stream's channel, so that the stream reads and writes plaintext. Clients verify the server's certificate
 * against the JVM's trust store (or a CA file) and its name, unless told not to; servers present a PEM
 * certificate and key (PKCS#8, as OpenSSL 3 writes them); either side may present or ask for a certificate of the
 * other. Handshake failures are reported in OpenSSL's words ({@code certificate verify failed: certificate has
 * expired}), never with a Java class name; what LuaSec tells of a session comes from {@link #session}.
 *
 * <p>Threading: {@link #start} and {@link #session} run on the loop's thread; the handshake's completion is handed
 * to the loop. The contexts cache is shared by the process's states.
 */
final class Tls {
    private Tls() {}

    /** Contexts by what made them: building one reads files and sets up the provider (milliseconds). */
    private static final Map<String, SslContext> CONTEXTS = new ConcurrentHashMap<>();

    /** The table given to net.lua: {@code start(stream, opts, cb)}. */
    static LuaTable functions() {
        LuaTable t = new LuaTable();
        t.set("start", Functions.named("start", a -> {
            if (!(a.arg1() instanceof Stream s) || s.channel == null || !s.channel.isActive()) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("closed"));
            }
            LuaValue opts = Args.checkTable(a, 2, "start");
            LuaValue cb = Args.checkCallable(a, 3, "start");
            return start(s, opts, cb);
        }));
        t.set("check", Functions.named("check", a -> { // a server's certificate and key, before it listens
            LuaValue opts = Args.checkTable(a, 1, "check");
            try {
                serverContext(text(opts, "cert"), text(opts, "key"), null, null);
                return LuaValue.TRUE;
            } catch (Exception e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(setupMessage(e)));
            }
        }));
        t.set("session", Functions.named("session", a -> a.arg1() instanceof Stream s ? session(s) : LuaValue.NIL));
        return t;
    }

    /**
     * What LuaSec's sockets tell of a stream's TLS session, or nil before its handshake: {@code protocol} and
     * {@code cipher} (the JDK's names, which are the standard's: {@code TLSv1.3}, {@code TLS_AES_256_GCM_SHA384}) and
     * the peer's certificate, if it sent one: {@code pem}, {@code signature} (OpenSSL's short name of its
     * algorithm), {@code notbefore}, {@code notafter} (as OpenSSL prints times), {@code serial} (hex).
     */
    private static LuaValue session(Stream stream) {
        SslHandler h = stream.channel == null ? null : stream.channel.pipeline().get(SslHandler.class);
        if (h == null || !h.handshakeFuture().isSuccess()) {
            return LuaValue.NIL;
        }
        SSLSession session = h.engine().getSession();
        LuaTable r = new LuaTable();
        r.set("protocol", session.getProtocol());
        r.set("cipher", session.getCipherSuite());
        try {
            if (session.getPeerCertificates()[0] instanceof X509Certificate c) {
                r.set("pem", Luaossl.pem(c.getEncoded()));
                r.set("signature", SIGNATURES.getOrDefault(c.getSigAlgName(), c.getSigAlgName()));
                r.set("notbefore", ASN1_TIME.format(c.getNotBefore().toInstant()));
                r.set("notafter", ASN1_TIME.format(c.getNotAfter().toInstant()));
                String serial = c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
                r.set("serial", serial.length() % 2 == 0 ? serial : "0" + serial); // (whole bytes, as OpenSSL's)
            }
        } catch (SSLPeerUnverifiedException | CertificateEncodingException e) {
            // no certificate from the peer (a client that sent none): the session's other parts only
        }
        return r;
    }

    /** A certificate's times as OpenSSL prints them ({@code Jan  7 04:01:11 2027 GMT}). */
    private static final DateTimeFormatter ASN1_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** OpenSSL's short names of the signature algorithms the JDK names otherwise (what LuaSec tells). */
    private static final Map<String, String> SIGNATURES = Map.ofEntries(
            Map.entry("SHA1withRSA", "RSA-SHA1"), Map.entry("SHA224withRSA", "RSA-SHA224"),
            Map.entry("SHA256withRSA", "RSA-SHA256"), Map.entry("SHA384withRSA", "RSA-SHA384"),
            Map.entry("SHA512withRSA", "RSA-SHA512"), Map.entry("MD5withRSA", "RSA-MD5"),
            Map.entry("SHA1withECDSA", "ecdsa-with-SHA1"), Map.entry("SHA224withECDSA", "ecdsa-with-SHA224"),
            Map.entry("SHA256withECDSA", "ecdsa-with-SHA256"), Map.entry("SHA384withECDSA", "ecdsa-with-SHA384"),
            Map.entry("SHA512withECDSA", "ecdsa-with-SHA512"), Map.entry("Ed25519", "ED25519"),
            Map.entry("Ed448", "ED448"), Map.entry("RSASSA-PSS", "RSASSA-PSS"));

    private static org.luaj.vm2.Varargs start(Stream stream, LuaValue opts, LuaValue cb) {
        boolean server = opts.get("server").toboolean();
        String serverName = opts.get("server_name").isnil() ? null : opts.get("server_name").tojstring();
        boolean verify = !opts.get("verify").isboolean() || opts.get("verify").toboolean();
        String ca = text(opts, "ca");
        String cert = text(opts, "cert"); // the server's certificate, or a client's own
        String key = text(opts, "key");
        String clientAuth = text(opts, "verify_peer"); // a server's: "require" or "optional" a client's certificate
        SslContext context;
        try {
            context = server ? serverContext(cert, key, ca, clientAuth) : clientContext(verify, ca, cert, key);
        } catch (Exception e) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(setupMessage(e)));
        }
        Channel ch = stream.channel;
        SslHandler handler = serverName != null && !server
                ? context.newHandler(ch.alloc(), serverName, peerPort(ch)) : context.newHandler(ch.alloc());
        if (!server && verify && serverName != null) {
            // the certificate must name the host; without a name the chain alone is verified, as OpenResty's
            // cosockets do (Netty's client contexts would check a name by default, and fail without one)
            SSLEngine engine = handler.engine();
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        stream.plain = false; // from now on the bytes on the wire are TLS records
        ch.pipeline().addFirst("tls", handler);
        stream.eventLoop().handleActivated(); // the handshake keeps the loop alive until its callback ran
        handler.handshakeFuture().addListener(f -> stream.eventLoop().ready(() -> {
            stream.eventLoop().handleDeactivated();
            stream.eventLoop().invoke(cb, f.isSuccess() ? LuaValue.NIL : LuaValue.valueOf(handshakeMessage(f.cause())));
        }));
        if (!ch.config().isAutoRead()) {
            ch.read(); // the handshake needs the peer's answer even while the stream is not reading
        }
        return LuaValue.TRUE;
    }

    private static String text(LuaValue opts, String field) {
        LuaValue v = opts.get(field);
        return v.isnil() ? null : v.tojstring();
    }

    private static int peerPort(Channel ch) {
        return ch.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getPort() : -1;
    }

    private static SslContext clientContext(boolean verify, String ca, String cert, String certKey) throws Exception {
        String key = "client|" + verify + "|" + ca + "|" + cert + "|" + certKey;
        SslContext c = CONTEXTS.get(key);
        if (c == null) {
            // (no name checked by the context: start asks for it on the engine when the handshake has a name)
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
            if (!verify) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (ca != null) {
                readable(ca);
                b.trustManager(new File(ca));
            }
            if (cert != null && certKey != null) { // a client certificate, for servers that ask for one
                readable(cert);
                readable(certKey);
                b.keyManager(new File(cert), new File(certKey));
            }
            c = b.build();
            CONTEXTS.put(key, c);
        }
        return c;
    }

    private static SslContext serverContext(String cert, String key, String ca, String clientAuth) throws Exception {
        String id = "server|" + cert + "|" + key + "|" + ca + "|" + clientAuth;
        SslContext c = CONTEXTS.get(id);
        if (c == null) {
            if (cert == null || key == null) {
                throw new java.io.FileNotFoundException("no certificate or key"); // (a server needs both)
            }
            readable(cert);
            readable(key);
            SslContextBuilder b = SslContextBuilder.forServer(new File(cert), new File(key));
            if (clientAuth != null) { // clients' certificates, verified against the CA file or the JVM's trust store
                if (ca != null) {
                    readable(ca);
                    b.trustManager(new File(ca));
                }
                b.clientAuth(clientAuth.equals("require") ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            c = b.build();
            CONTEXTS.put(id, c);
        }
        return c;
    }

    private static void readable(String path) throws java.io.FileNotFoundException {
        if (!new File(path).canRead()) {
            throw new java.io.FileNotFoundException(path); // Netty would call a missing file invalid
        }
    }

    /** Why a context could not be made (a missing or unreadable certificate or key file). */
    private static String setupMessage(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (e instanceof IllegalArgumentException && m.contains("File does not contain valid")) {
            return "bad certificate or key file: " + (m.contains("private key") ? "no PKCS#8 private key found"
                    : "no certificate found");
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof java.io.FileNotFoundException || t instanceof java.nio.file.NoSuchFileException) {
            return "bad certificate or key file: no such file";
        }
        return "bad certificate or key file";
    }

    /** OpenSSL's words for why a handshake failed. */
    static String handshakeMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "certificate verify failed: certificate has expired";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "certificate verify failed: certificate is not yet valid";
            }
        }
        String all = "";
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all += " " + t.getMessage();
        }
        if (all.contains("PKIX path building failed") || all.contains("unable to find valid certification path")) {
            return "certificate verify failed: unable to get local issuer certificate";
        }
        if (all.contains("PKIX path validation failed") && all.contains("validity check failed")) {
            return "certificate verify failed: certificate has expired";
        }
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            return "certificate verify failed: hostname mismatch";
        }
        if (all.contains("certificate_required")) {
            return "handshake failed: the peer requires a certificate";
        }
        if (all.contains("certificate_unknown") || all.contains("bad_certificate")) {
            return "handshake failed: the peer rejected the certificate";
        }
        if (all.contains("handshake timed out")) {
            return "timeout";
        }
        if (failure instanceof java.nio.channels.ClosedChannelException || all.contains("closed")) {
            return "closed";
        }
        return "handshake failed";
    }
}
