package dev.ljuv.luv;

import dev.ljuv.loop.Loops;
import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.vm.InBackground;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueueDatagramChannel;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Netty's channel classes of the process's transport (epoll, kqueue or NIO, as the loops use): one place that
 * knows which class makes a TCP socket, a listening socket, a Unix domain socket or a UDP socket; and what every
 * luv socket does with its channel (registering it with the loop, setting its options).
 *
 * <p>Threading: stateless, any thread.
 */
final class Sockets {
    private Sockets() {}

    static Channel tcp() {
        return switch (Loops.transport()) {
            case "epoll" -> new EpollSocketChannel();
            case "kqueue" -> new KQueueSocketChannel();
            default -> new NioSocketChannel();
        };
    }

    static ServerChannel tcpServer(boolean ipv6) {
        SocketProtocolFamily family = ipv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        return switch (Loops.transport()) {
            case "epoll" -> new EpollServerSocketChannel(family);
            case "kqueue" -> new KQueueServerSocketChannel();
            default -> new NioServerSocketChannel();
        };
    }

    static Channel unix() {
        return switch (Loops.transport()) {
            case "epoll" -> new EpollDomainSocketChannel();
            case "kqueue" -> new KQueueDomainSocketChannel();
            default -> new NioDomainSocketChannel();
        };
    }

    static ServerChannel unixServer() {
        return switch (Loops.transport()) {
            case "epoll" -> new EpollServerDomainSocketChannel();
            case "kqueue" -> new KQueueServerDomainSocketChannel();
            default -> new NioServerDomainSocketChannel();
        };
    }

    static Channel udp(boolean ipv6) {
        SocketProtocolFamily family = ipv6 ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        return switch (Loops.transport()) {
            case "epoll" -> new EpollDatagramChannel(family);
            case "kqueue" -> new KQueueDatagramChannel(family);
            default -> new NioDatagramChannel(family);
        };
    }

    /** libuv reads into 64 KiB buffers: as many bytes per callback, not Netty's adaptive guess from 2 KiB up. */
    static final FixedRecvByteBufAllocator READS = new FixedRecvByteBufAllocator(ReadBuffer.SIZE);

    /** Makes {@code ch} read as libuv does: 64 KiB at a time, into the loop's one read buffer. */
    static void reads(Channel ch, Luv luv) {
        ch.config().setRecvByteBufAllocator(READS);
        ch.config().setAllocator(luv.readBuffer());
    }

    /**
     * Registers {@code ch} with {@code loop}'s Netty loop (its events then run in the loop's poll phase) and counts it
     * until it closes: null, or why it failed.
     */
    static UvError register(EventLoop loop, Channel ch) {
        ChannelFuture f = loop.channelLoop().register(ch);
        if (f.isDone() && !f.isSuccess()) {
            return LuvErrors.of(f.cause());
        }
        loop.channelOpened();
        ch.closeFuture().addListener(done -> loop.channelClosed());
        return null;
    }

    /**
     * Sets a socket option: null, or luv's error. The one place options are set, because Netty throws for a value
     * the kernel refuses (a TTL of 9999, a closed socket) and that must be a failure, not a Java exception.
     */
    static <T> UvError setOption(Channel ch, ChannelOption<T> option, T value) {
        try {
            return ch.config().setOption(option, value) ? null : UvError.ENOTSUP;
        } catch (RuntimeException e) {
            return ch.isOpen() ? UvError.EINVAL : UvError.EBADF;
        }
    }

    /** Set once {@link #prepareListen} started linking {@code listen(2)}. */
    private static final AtomicBoolean LISTEN_LINKING = new AtomicBoolean();

    private static final class Listen {
        /** {@code int listen(int, int)}, or null where the C library cannot be called. */
        static final MethodHandle LISTEN = Downcalls.link("listen",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

        static void touch() {}
    }

    /** Links {@code listen(2)} on a thread of its own (see {@link SocketSend#prepare}): when a server is made. */
    static void prepareListen() {
        InBackground.once(LISTEN_LINKING, "ljuv-link", Listen::touch);
    }

    /**
     * Gives a listening socket the program's backlog, as libuv's {@code listen} does: Netty listened at bind with
     * the system's largest, and Linux takes a second {@code listen(2)} as a new size. Where the descriptor or the C
     * library cannot be had (NIO, no native access), the system's size stays.
     */
    static void backlog(ServerChannel ch, int backlog) {
        int fd = fd(ch);
        MethodHandle listen = fd >= 0 ? Listen.LISTEN : null;
        if (listen != null) {
            try {
                int ignored = (int) listen.invokeExact(fd, backlog);
            } catch (Throwable e) {
                // the system's size stays
            }
        }
    }

    /** The file descriptor of a channel of a native transport, or -1 (NIO keeps its descriptors to itself). */
    static int fd(Channel ch) {
        return ch instanceof UnixChannel u ? u.fd().intValue() : -1;
    }
}
