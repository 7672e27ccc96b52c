package dev.ljuv.luv;

import dev.ljuv.loop.Loops;
import io.netty.channel.Channel;
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

/**
 * Netty's channel classes of the process's transport (epoll, kqueue or NIO, as the loops use): one place that
 * knows which class makes a TCP socket, a listening socket, a Unix domain socket or a UDP socket.
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

    /** The file descriptor of a channel of a native transport, or -1 (NIO keeps its descriptors to itself). */
    static int fd(Channel ch) {
        return ch instanceof UnixChannel u ? u.fd().intValue() : -1;
    }
}
