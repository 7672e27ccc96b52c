package dev.ljuv.luv;

import dev.ljuv.loop.Handle;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's {@code uv_udp_t}: {@code uv.new_udp([flags])}, a Netty datagram channel registered with the loop's own
 * Netty loop. The socket is made on first need, as libuv's: {@code bind}, or an implicit bind to the wildcard
 * address by the first {@code send} or {@code recv_start}. The receive callback gets {@code (err, data, addr,
 * flags)} as luv's.
 *
 * <p>Threading: loop thread only (Netty's events for the channel run there too).
 */
public final class Udp extends Handle {
    static final List<Op<? super Udp>> OPS = List.of(
            Op.of(Udp.class, "uv_udp", "udp_open", "open", (u, a) -> LuvErrors.fail(UvError.ENOTSUP)),
            Op.of(Udp.class, "uv_udp", "udp_bind", "bind", (u, a) -> u.bind(a)),
            Op.of(Udp.class, "uv_udp", "udp_getsockname", "getsockname", (u, a) -> u.channel == null
                    ? LuvErrors.fail(UvError.EBADF) : Tcp.address(u.channel.localAddress())),
            Op.of(Udp.class, "uv_udp", "udp_getpeername", "getpeername", (u, a) -> u.peer == null
                    ? LuvErrors.fail(u.channel == null ? UvError.EBADF : UvError.ENOTCONN) : Tcp.address(u.peer)),
            Op.of(Udp.class, "uv_udp", "udp_send", "send", (u, a) -> u.send(a, Args.optCallable(a, 4, "udp_send"), true)),
            Op.of(Udp.class, "uv_udp", "udp_try_send", "try_send", (u, a) -> u.send(a, NIL, false)),
            Op.of(Udp.class, "uv_udp", "udp_recv_start", "recv_start",
                    (u, a) -> u.recvStart(Args.checkCallable(a, 1, "udp_recv_start"))),
            Op.query(Udp.class, "uv_udp", "udp_recv_stop", "recv_stop", (u, a) -> u.recvStop()),
            Op.of(Udp.class, "uv_udp", "udp_connect", "connect", (u, a) -> u.connect(a)),
            Op.of(Udp.class, "uv_udp", "udp_set_broadcast", "set_broadcast",
                    (u, a) -> u.option(ChannelOption.SO_BROADCAST, a.arg1().toboolean())),
            Op.of(Udp.class, "uv_udp", "udp_set_multicast_loop", "set_multicast_loop",
                    (u, a) -> u.option(ChannelOption.IP_MULTICAST_LOOP_DISABLED, !a.arg1().toboolean())),
            Op.of(Udp.class, "uv_udp", "udp_set_multicast_ttl", "set_multicast_ttl",
                    (u, a) -> u.option(ChannelOption.IP_MULTICAST_TTL, Args.checkInt(a, 1, "udp_set_multicast_ttl"))),
            Op.of(Udp.class, "uv_udp", "udp_set_multicast_interface", "set_multicast_interface", (u, a) -> {
                InetAddress ip = Tcp.address(Args.checkString(a, 1, "udp_set_multicast_interface").tojstring(), 0);
                return u.option(ChannelOption.IP_MULTICAST_ADDR, ip);
            }),
            Op.of(Udp.class, "uv_udp", "udp_set_ttl", "set_ttl", (u, a) -> {
                int ttl = Args.checkInt(a, 1, "udp_set_ttl");
                return ttl < 1 || ttl > 255 ? LuvErrors.fail(UvError.EINVAL) : LuvErrors.fail(UvError.ENOTSUP);
            }),
            Op.of(Udp.class, "uv_udp", "udp_set_membership", "set_membership", (u, a) -> u.membership(a, false)),
            Op.of(Udp.class, "uv_udp", "udp_set_source_membership", "set_source_membership",
                    (u, a) -> u.membership(a, true)),
            Op.query(Udp.class, "uv_udp", "udp_get_send_queue_size", "get_send_queue_size",
                    (u, a) -> valueOf(u.queued(true))),
            Op.query(Udp.class, "uv_udp", "udp_get_send_queue_count", "get_send_queue_count",
                    (u, a) -> valueOf(u.queued(false))));

    private final Luv luv;
    private final boolean ipv6;
    private DatagramChannel channel;
    private InetSocketAddress peer;
    private LuaValue recvCallback = NIL;
    private boolean receiving;

    Udp(Luv luv, MethodTable<Udp> type, boolean ipv6) {
        super(luv.loop, type, false);
        this.luv = luv;
        this.ipv6 = ipv6;
    }

    @Override
    public String typeName() {
        return "udp";
    }

    @Override
    public void reach(java.util.function.Consumer<LuaValue> to) {
        super.reach(to);
        to.accept(recvCallback);
    }

    @Override
    protected void onClose() {
        receiving = false;
        if (channel != null) {
            channel.close();
        }
    }

    /** Makes the channel, bound to {@code address}: null, or the failure. */
    private UvError open(InetSocketAddress address, boolean reuse) {
        DatagramChannel ch = (DatagramChannel) Sockets.udp(ipv6 || address.getAddress() instanceof Inet6Address);
        ch.config().setAutoRead(false);
        // active while open, not only while bound or connected: a disconnected socket (udp_connect(nil)) still sends
        ch.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
        Sockets.reads(ch, luv);
        if (reuse) {
            Sockets.setOption(ch, ChannelOption.SO_REUSEADDR, true);
        }
        ch.pipeline().addLast(new Events());
        UvError registered = Sockets.register(loop, ch);
        if (registered != null) {
            return registered;
        }
        ChannelFuture f = ch.bind(address);
        if (f.isDone() && !f.isSuccess()) {
            ch.close();
            return LuvErrors.of(f.cause());
        }
        channel = ch;
        return null;
    }

    private UvError ensureOpen() {
        return ensureOpen(null);
    }

    /** The handle's socket for {@code fileno} and the buffer sizes: null until it is bound. */
    final Channel socket() {
        return channel;
    }

    /**
     * The channel, bound to any address and port when it is not yet: of IPv6 when the handle is or when the first
     * address it is used with ({@code toward}, or null) is, as libuv binds a handle at its first send or connect.
     */
    private UvError ensureOpen(InetAddress toward) {
        boolean six = ipv6 || toward instanceof Inet6Address;
        return channel != null ? null : open(new InetSocketAddress(six ? "::" : "0.0.0.0", 0), false);
    }

    private Varargs bind(Varargs a) {
        String host = Args.checkString(a, 1, "udp_bind").tojstring();
        int port = Args.checkInt(a, 2, "udp_bind");
        InetAddress ip = Tcp.address(host, port);
        LuaValue flags = a.arg(3);
        if (channel != null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        boolean reuse = flags.istable() && flags.get("reuseaddr").toboolean();
        return Luv.result(open(new InetSocketAddress(ip, port & 0xffff), reuse));
    }

    private Varargs connect(Varargs a) {
        if (a.isnil(1)) { // disconnect
            if (peer == null) {
                return LuvErrors.fail(UvError.ENOTCONN);
            }
            channel.disconnect();
            peer = null;
            return LuvErrors.OK;
        }
        String host = Args.checkString(a, 1, "udp_connect").tojstring();
        int port = Args.checkInt(a, 2, "udp_connect");
        InetAddress ip = Tcp.address(host, port);
        if (peer != null) {
            return LuvErrors.fail(UvError.EISCONN);
        }
        UvError e = ensureOpen(ip);
        if (e != null) {
            return LuvErrors.fail(e);
        }
        InetSocketAddress remote = new InetSocketAddress(ip, port & 0xffff);
        ChannelFuture f = channel.connect(remote);
        if (f.isDone() && !f.isSuccess()) {
            return LuvErrors.fail(f.cause());
        }
        peer = remote;
        return LuvErrors.OK;
    }

    /** {@code send(data, host, port, cb)}; {@code try_send} without a callback and without a request. */
    private Varargs send(Varargs a, LuaValue cb, boolean request) {
        String function = request ? "udp_send" : "udp_try_send";
        ByteBuf data = Stream.buffer(a.arg1(), function, 1);
        InetSocketAddress to;
        if (a.isnil(2) && a.isnil(3)) {
            if (peer == null) {
                data.release();
                return LuvErrors.fail(UvError.EDESTADDRREQ);
            }
            to = null;
        } else {
            String host = Args.checkString(a, 2, function).tojstring();
            int port = Args.checkInt(a, 3, function);
            to = new InetSocketAddress(Tcp.address(host, port), port & 0xffff);
            if (peer != null) {
                data.release();
                return LuvErrors.fail(UvError.EISCONN);
            }
        }
        UvError e = ensureOpen(to == null ? null : to.getAddress());
        if (e != null) {
            data.release();
            return LuvErrors.fail(e);
        }
        int n = data.readableBytes();
        Object msg = to == null ? data : new DatagramPacket(data, to);
        if (!request) {
            ChannelFuture f = channel.writeAndFlush(msg);
            return f.isDone() && !f.isSuccess() ? LuvErrors.fail(f.cause()) : valueOf(n);
        }
        Request req = luv.begin("udp_send");
        channel.writeAndFlush(msg).addListener(f -> luv.finish(cb, f.cause() == null ? null : LuvErrors.of(f.cause())));
        return req;
    }

    private Varargs recvStart(LuaValue cb) {
        UvError e = ensureOpen();
        if (e != null) {
            return LuvErrors.fail(e);
        }
        recvCallback = cb;
        receiving = true;
        activate();
        channel.config().setAutoRead(true);
        return LuvErrors.OK;
    }

    private Varargs recvStop() {
        receiving = false;
        deactivate();
        if (channel != null) {
            channel.config().setAutoRead(false);
        }
        return LuvErrors.OK;
    }

    private <T> Varargs option(ChannelOption<T> option, T value) {
        if (channel == null) {
            return LuvErrors.fail(UvError.EBADF); // no socket before bind or the first send, as libuv's
        }
        return Luv.result(Sockets.setOption(channel, option, value));
    }

    /**
     * {@code set_membership(group, interface, "join" | "leave")}, or with {@code source} a source-specific one,
     * {@code set_source_membership(group, interface, source, "join" | "leave")}.
     */
    private Varargs membership(Varargs a, boolean source) {
        String function = source ? "udp_set_source_membership" : "udp_set_membership";
        InetAddress group = Tcp.address(Args.checkString(a, 1, function).tojstring(), 0);
        LuaValue iface = a.arg(2);
        InetAddress from = source ? Tcp.address(Args.checkString(a, 3, function).tojstring(), 0) : null;
        int whatArg = source ? 4 : 3;
        String what = Args.checkString(a, whatArg, function).tojstring();
        if (!what.equals("join") && !what.equals("leave")) {
            throw Args.error(whatArg, function, "invalid option '" + what + "'");
        }
        UvError e = ensureOpen();
        if (e != null) {
            return LuvErrors.fail(e);
        }
        if (!group.isMulticastAddress()) {
            return LuvErrors.fail(UvError.EINVAL); // as setsockopt(2) says; NIO's channel reported EIO
        }
        try {
            InetAddress local = iface.isnil() ? null : Tcp.address(iface.tojstring(), 0);
            // the any address ("0.0.0.0", "::") is the kernel's choice in libuv, as no interface is
            NetworkInterface nif = local == null || local.isAnyLocalAddress() ? multicastInterface(group)
                    : NetworkInterface.getByInetAddress(local);
            if (nif == null) {
                return LuvErrors.fail(UvError.ENODEV); // as Linux says when no interface can take the group
            }
            InetSocketAddress at = new InetSocketAddress(group, 0);
            ChannelFuture f = from != null
                    ? (what.equals("join") ? channel.joinGroup(group, nif, from) : channel.leaveGroup(group, nif, from))
                    : (what.equals("join") ? channel.joinGroup(at, nif) : channel.leaveGroup(at, nif));
            return f.isDone() && !f.isSuccess() ? LuvErrors.fail(f.cause()) : LuvErrors.OK;
        } catch (java.net.SocketException | RuntimeException ex) { // (Netty throws for a group that is not multicast)
            return LuvErrors.fail(ex instanceof RuntimeException ? UvError.EINVAL : LuvErrors.of(ex));
        }
    }

    /**
     * The interface a membership without one is for: the kernel's choice in libuv (any address, the route to the
     * group decides); the JDK must name one, so the first that is up, takes multicast and has an address of the
     * group's family, one that is not the loopback first. Null when there is none.
     */
    private static NetworkInterface multicastInterface(InetAddress group) throws java.net.SocketException {
        NetworkInterface loopback = null;
        for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            boolean family = n.inetAddresses().anyMatch(a -> a instanceof Inet6Address == group instanceof Inet6Address);
            if (n.isUp() && n.supportsMulticast() && family) {
                if (!n.isLoopback()) {
                    return n;
                }
                loopback = n;
            }
        }
        return loopback;
    }

    private long queued(boolean bytes) {
        if (channel == null) {
            return 0;
        }
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : bytes ? out.totalPendingWriteBytes() : out.size();
    }

    private final class Events extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof DatagramPacket p && receiving) {
                    ByteBuf buf = p.content();
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    LuaValue from = Tcp.address(p.sender()).arg1();
                    loop.invoke(recvCallback, varargsOf(new LuaValue[] {NIL, LuaString.valueUsing(bytes), from,
                        new LuaTable()}));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (receiving) {
                loop.invoke(recvCallback, varargsOf(new LuaValue[] {LuvErrors.status(LuvErrors.of(cause)), NIL, NIL,
                    new LuaTable()}));
            }
        }
    }

    /** {@code uv.new_udp(flags)}: whether the handle is IPv6 (family "inet6" or AF_INET6). */
    static boolean ipv6(LuaValue flags) {
        LuaValue family = flags.istable() ? flags.get("family") : flags;
        return family.isstring() && family.tojstring().equals("inet6") || family.type() == TNUMBER && family.toint() == 10;
    }
}
