package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ServerChannel;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's {@code uv_tcp_t}: {@code uv.new_tcp()}. A bound handle holds a listening channel from {@code bind} on (so
 * that {@code getsockname} after binding port 0 tells the port, as libuv's), which {@code listen} starts
 * accepting from and {@code connect} replaces by a connection from the bound address. As libuv, a bind to an
 * address in use succeeds and the error comes from {@code listen} or {@code connect}.
 *
 * <p>Threading: loop thread only.
 */
public final class Tcp extends Stream {
    /** The function and method names of TCP handles, beside those of every stream and handle. */
    static final List<Op<? super Tcp>> OPS = List.of(
            Op.of(Tcp.class, "uv_tcp", "tcp_open", "open", (t, a) -> t.open(Args.checkInt(a, 1, "tcp_open"))),
            Op.of(Tcp.class, "uv_tcp", "tcp_nodelay", "nodelay", (t, a) -> t.nodelay(a.arg1().toboolean())),
            Op.of(Tcp.class, "uv_tcp", "tcp_keepalive", "keepalive", (t, a) -> t.keepalive(a.arg1().toboolean())),
            Op.of(Tcp.class, "uv_tcp", "tcp_simultaneous_accepts", "simultaneous_accepts", (t, a) -> LuvErrors.OK),
            Op.of(Tcp.class, "uv_tcp", "tcp_bind", "bind", (t, a) -> t.bind(a)),
            Op.of(Tcp.class, "uv_tcp", "tcp_getpeername", "getpeername", (t, a) ->
                    t.channel != null && t.channel.isActive() ? address(t.channel.remoteAddress())
                            : LuvErrors.fail(t.socket() == null ? UvError.EBADF : UvError.ENOTCONN)),
            Op.of(Tcp.class, "uv_tcp", "tcp_getsockname", "getsockname", (t, a) -> {
                Channel s = t.socket();
                return s != null && s.localAddress() != null ? address(s.localAddress())
                        : LuvErrors.fail(t.delayedError != null ? t.delayedError : UvError.EBADF); // (as libuv)
            }),
            Op.of(Tcp.class, "uv_tcp", "tcp_connect", "connect", (t, a) -> t.connect(a)),
            Op.of(Tcp.class, "uv_tcp", "tcp_write_queue_size", "write_queue_size",
                    (t, a) -> LuaValue.valueOf(t.writeQueueSize())),
            Op.of(Tcp.class, "uv_tcp", "tcp_close_reset", "close_reset", (t, a) -> {
                LuaValue cb = Args.optCallable(a, 1, "tcp_close_reset");
                if (t.shutDown()) {
                    return LuvErrors.fail(UvError.EINVAL); // as libuv: a reset after a shutdown is refused
                }
                if (t.channel != null && t.channel.isOpen()) {
                    Sockets.setOption(t.channel, ChannelOption.SO_LINGER, 0);
                }
                t.close(cb);
                return LuvErrors.OK;
            }));

    private boolean noDelay;
    private boolean keepAlive;
    /** libuv reports a bind to an address in use at listen or connect. */
    private UvError delayedError;

    Tcp(Luv luv, MethodTable<Tcp> type) {
        super(luv, type);
    }

    @Override
    public String typeName() {
        return "tcp";
    }

    @Override
    protected void configure(Channel ch) {
        Sockets.setOption(ch, ChannelOption.TCP_NODELAY, noDelay); // libuv leaves Nagle on unless asked
        if (keepAlive) {
            Sockets.setOption(ch, ChannelOption.SO_KEEPALIVE, true);
        }
    }

    private Varargs nodelay(boolean on) {
        noDelay = on;
        return channel == null ? LuvErrors.OK : Luv.result(Sockets.setOption(channel, ChannelOption.TCP_NODELAY, on));
    }

    private Varargs keepalive(boolean on) {
        keepAlive = on;
        return channel == null ? LuvErrors.OK : Luv.result(Sockets.setOption(channel, ChannelOption.SO_KEEPALIVE, on));
    }

    /** An IP address literal, as libuv's {@code uv_ip4_addr}/{@code uv_ip6_addr} take (no name look-up). */
    static InetAddress ip(String host) {
        return NetUtil.createInetAddressFromIpAddressString(host);
    }

    /** The address of {@code host}, an IP literal: luv raises an error for anything else. */
    static InetAddress address(String host, int port) {
        InetAddress addr = ip(host);
        if (addr == null) {
            throw new LuaError("Invalid IP address or port [" + host + ":" + port + "]");
        }
        return addr;
    }

    /** luv's socket address table: {@code {ip = "127.0.0.1", port = 80, family = "inet"}}. */
    static Varargs address(SocketAddress a) {
        if (!(a instanceof InetSocketAddress in) || in.getAddress() == null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        LuaTable t = new LuaTable();
        t.set("ip", NetUtil.toAddressString(in.getAddress()));
        t.set("family", in.getAddress() instanceof Inet6Address ? "inet6" : "inet");
        t.set("port", in.getPort());
        return t;
    }

    private Varargs bind(Varargs a) {
        String host = Args.checkString(a, 1, "tcp_bind").tojstring();
        int port = Args.checkInt(a, 2, "tcp_bind");
        InetAddress addr = address(host, port);
        if (server != null || channel != null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        return bindTo(new InetSocketAddress(addr, port & 0xffff));
    }

    private Varargs bindTo(InetSocketAddress address) {
        ServerChannel s = Sockets.tcpServer(address.getAddress() instanceof Inet6Address);
        Sockets.setOption(s, ChannelOption.SO_REUSEADDR, true);
        UvError e = attachServer(s);
        if (e != null) {
            server = null;
            return LuvErrors.fail(e);
        }
        ChannelFuture f = s.bind(address);
        if (f.isDone() && !f.isSuccess()) {
            s.close();
            server = null;
            UvError err = LuvErrors.of(f.cause());
            if (err == UvError.EADDRINUSE) {
                delayedError = err;
                return LuvErrors.OK;
            }
            return LuvErrors.fail(err);
        }
        return LuvErrors.OK;
    }

    /** An end of uv.socketpair ({@link #openDescriptor}); EINVAL on a handle already in use. */
    private Varargs open(int fd) {
        return channel != null || server != null || isClosed() ? LuvErrors.fail(UvError.EINVAL) : openDescriptor(fd);
    }

    @Override
    Varargs listen(int backlogSize, LuaValue cb) {
        if (delayedError != null) {
            return LuvErrors.fail(delayedError);
        }
        if (channel != null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        if (server == null) {
            Varargs r = bindTo(new InetSocketAddress(0)); // libuv binds an unbound socket to a free port
            if (delayedError != null || r.arg1().isnil()) {
                return r.arg1().isnil() ? r : LuvErrors.fail(delayedError);
            }
        }
        return super.listen(backlogSize, cb);
    }

    private Varargs connect(Varargs a) {
        String host = Args.checkString(a, 1, "tcp_connect").tojstring();
        int port = Args.checkInt(a, 2, "tcp_connect");
        InetAddress addr = address(host, port);
        LuaValue cb = Args.checkCallable(a, 3, "tcp_connect");
        if (delayedError != null) {
            return LuvErrors.fail(delayedError);
        }
        if (channel != null) {
            return LuvErrors.fail(channel.isActive() ? UvError.EISCONN : UvError.EALREADY);
        }
        SocketAddress local = null;
        if (server != null) { // bound first: connect from the bound address
            local = server.localAddress();
            server.close();
            server = null;
        }
        UvError e = attach(Sockets.tcp());
        if (e != null) {
            return LuvErrors.fail(e);
        }
        return connect(new InetSocketAddress(addr, port & 0xffff), local, cb);
    }
}
