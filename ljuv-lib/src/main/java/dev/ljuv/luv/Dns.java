package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * luv's DNS functions, {@code uv.getaddrinfo} and {@code uv.getnameinfo}, on the JVM's resolver (which reads
 * /etc/hosts and the system's DNS configuration, as getaddrinfo does); service names come from /etc/services.
 * Synchronous without a callback, on the worker pool with one.
 *
 * <p>Threading: called on the state's thread; look-ups run on a worker for the asynchronous forms.
 */
final class Dns {
    private Dns() {}

    static final String[] NAMES = {"getaddrinfo", "getnameinfo"};

    /** getaddrinfo's answer without a socket type: one entry per type, in this order. */
    private static final String[][] SOCKTYPES = {{"stream", "tcp"}, {"dgram", "udp"}, {"raw", "ip"}};

    /** One answer of getaddrinfo, as plain values (made on a worker). */
    private record Address(String addr, String family, int port, String socktype, String protocol, String canon) {}

    static void bind(Functions.Library lib, Luv uv) {
        lib.function("getaddrinfo", a -> {
            String host = a.isnoneornil(1) ? null : Args.checkString(a, 1, "getaddrinfo").tojstring();
            LuaValue serviceArg = a.arg(2);
            String service = serviceArg.isnil() ? null : serviceArg.tojstring();
            LuaValue hints = a.arg(3).istable() ? a.arg(3) : LuaValue.NIL;
            String family = hints.isnil() ? null : familyName(hints.get("family"));
            String socktype = hints.isnil() ? null : socktypeName(hints.get("socktype"));
            boolean passive = !hints.isnil() && hints.get("passive").toboolean();
            boolean canon = !hints.isnil() && hints.get("canonname").toboolean();
            if (host == null && service == null || host != null && host.isEmpty()) {
                return LuvErrors.fail(UvError.EINVAL); // (an empty name fails libuv's IDNA conversion)
            }
            return Blocking.run(uv, "getaddrinfo", Args.optCallable(a, 4, "getaddrinfo"), () -> {
                List<Address> found = resolve(host, service, family, socktype, passive, canon);
                return () -> table(found);
            }, e -> e.name() + ": " + e.message, false);
        }).function("getnameinfo", a -> {
            LuaValue address = Args.checkTable(a, 1, "getnameinfo");
            String ip = address.get("ip").isnil() ? null : address.get("ip").tojstring();
            int port = address.get("port").optint(0);
            return Blocking.run(uv, "getnameinfo", Args.optCallable(a, 2, "getnameinfo"), () -> {
                InetAddress addr = ip == null ? InetAddress.getByName("0.0.0.0") : Tcp.ip(ip);
                if (addr == null) {
                    throw new FileTable.FsFailure(UvError.EINVAL);
                }
                String name = addr.getCanonicalHostName();
                String svc = serviceName(port);
                return () -> LuaValue.varargsOf(LuaValue.valueOf(name), LuaValue.valueOf(svc));
            }, e -> e.name() + ": " + e.message, false);
        });
    }

    private static String familyName(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            return v.toint() == 2 ? "inet" : v.toint() == 10 ? "inet6" : null;
        }
        return v.isstring() ? v.tojstring() : null;
    }

    /** A socket type as luv takes it (a name, or Linux's number) by its name; null for another. */
    static String socktypeName(LuaValue v) {
        if (v.type() == LuaValue.TNUMBER) {
            return v.toint() == 1 ? "stream" : v.toint() == 2 ? "dgram" : v.toint() == 3 ? "raw" : null;
        }
        return v.isstring() ? v.tojstring() : null;
    }

    private static List<Address> resolve(String host, String service, String family, String socktype,
            boolean passive, boolean canon) throws Exception {
        int port = 0;
        if (service != null) {
            port = servicePort(service, socktype == null || socktype.equals("stream") ? "tcp" : "udp");
            if (port < 0) {
                throw new FileTable.FsFailure(UvError.EAI_SERVICE);
            }
        }
        InetAddress[] addrs;
        if (host == null) {
            addrs = new InetAddress[] {InetAddress.getByName(passive ? "0.0.0.0" : "127.0.0.1")};
        } else {
            try {
                addrs = InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw new FileTable.FsFailure(UvError.EAI_NONAME);
            }
        }
        List<Address> out = new ArrayList<>();
        String canonName = canon && host != null ? addrs[0].getCanonicalHostName() : null;
        for (InetAddress addr : addrs) {
            String fam = addr instanceof Inet6Address ? "inet6" : "inet";
            if (family != null && (family.equals("inet") || family.equals("inet6")) && !family.equals(fam)) {
                continue;
            }
            for (String[] type : SOCKTYPES) {
                if (socktype != null && !socktype.equals(type[0])) {
                    continue;
                }
                out.add(new Address(io.netty.util.NetUtil.toAddressString(addr), fam, port, type[0], type[1],
                        out.isEmpty() ? canonName : null));
            }
        }
        if (out.isEmpty()) {
            throw new FileTable.FsFailure(UvError.EAI_NODATA);
        }
        return out;
    }

    private static LuaValue table(List<Address> found) {
        LuaTable t = new LuaTable();
        for (Address a : found) {
            LuaTable e = new LuaTable();
            e.set("addr", a.addr);
            e.set("family", a.family);
            if (a.port != 0) {
                e.set("port", LuaValue.valueOf(a.port));
            }
            e.set("socktype", a.socktype);
            e.set("protocol", a.protocol);
            if (a.canon != null) {
                e.set("canonname", a.canon);
            }
            t.set(t.length() + 1, e);
        }
        return t;
    }

    // ---- /etc/services

    private static volatile Map<String, Integer> services;
    private static volatile Map<Integer, String> serviceNames;

    private static void loadServices() {
        if (services != null) {
            return;
        }
        Map<String, Integer> byName = new HashMap<>();
        Map<Integer, String> byPort = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/services"))) {
                String[] f = line.replaceAll("#.*", "").trim().split("\\s+");
                if (f.length < 2 || !f[1].contains("/")) {
                    continue;
                }
                String[] portProto = f[1].split("/");
                int port = Integer.parseInt(portProto[0]);
                for (int i = 0; i < f.length; i++) {
                    if (i != 1) {
                        byName.putIfAbsent(f[i] + "/" + portProto[1], port);
                    }
                }
                if (portProto[1].equals("tcp")) {
                    byPort.putIfAbsent(port, f[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no services file: numeric services only
        }
        serviceNames = byPort;
        services = byName;
    }

    /** A service's port: a number, or a name of /etc/services; -1 when unknown. */
    private static int servicePort(String service, String protocol) {
        try {
            return Integer.parseInt(service.trim());
        } catch (NumberFormatException e) {
            loadServices();
            return services.getOrDefault(service + "/" + protocol, -1);
        }
    }

    private static String serviceName(int port) {
        loadServices();
        return serviceNames.getOrDefault(port, Integer.toString(port));
    }
}
