package dev.ljuv.luv;

import dev.ljuv.stdlib.vm.InBackground;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * libuv's immediate write: {@code uv_write} first writes as much as the socket takes, straight from the caller's
 * buffer, and queues only the rest. Netty's epoll transport writes only from native memory, so a Lua string would
 * be copied into a direct buffer and go through the pipeline and the outbound queue first. Here {@code send(2)} is
 * called on the channel's descriptor with the string's own bytes (a critical foreign call may read a Java array
 * in place), when nothing is queued before it, so the order of the bytes on the connection is kept; what the
 * socket did not take, or a failure, goes to Netty as before (which then reports the error its own way).
 *
 * <p>Only for epoll stream channels whose pipeline transforms nothing (no TLS): the bytes Lua writes are the bytes
 * on the wire. Elsewhere (kqueue, NIO, a missing C library) {@link #send} returns -1 and Netty writes.
 *
 * <p>Threading: called on the channel's event-loop thread only (the loop's own thread), as Netty's writes are.
 */
final class SocketSend {
    private SocketSend() {}

    /** Linux's MSG_DONTWAIT | MSG_NOSIGNAL: never block, never raise SIGPIPE (the error comes back instead). */
    private static final int FLAGS = 0x40 | 0x4000;

    /** Set once {@link #prepare} started the link. */
    private static final AtomicBoolean PREPARING = new AtomicBoolean();

    /**
     * Links {@code send(2)} on a thread of its own, once per process: linking a downcall takes ~25 ms, which the
     * first write of a server's first connection would otherwise wait for. Called when a stream gets a channel; a
     * write that comes sooner waits for the link (the holder's class initialization) as it would have anyway.
     */
    static void prepare() {
        InBackground.once(PREPARING, "ljuv-link", Linked::touch);
    }

    private static final class Linked {
        /** {@code ssize_t send(int, const void *, size_t, int)}, or null where it cannot be had. */
        static final MethodHandle SEND = link();

        static void touch() {}
    }

    /** Where the C library cannot be called (see {@link Downcalls#link}), null: Netty writes everything. */
    private static MethodHandle link() {
        return Downcalls.link("send", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Linker.Option.critical(true));
    }

    /**
     * Writes what the socket of {@code ch} takes now of {@code bytes[offset, offset + length)}, when it may be
     * written directly: the number of bytes written (0 to length), or -1 when Netty must write all of it.
     */
    static int send(Channel ch, byte[] bytes, int offset, int length) {
        MethodHandle send = Linked.SEND;
        if (send == null || !(ch instanceof AbstractEpollStreamChannel epoll) || !ch.isActive() || length == 0) {
            return -1;
        }
        ChannelOutboundBuffer queued = ch.unsafe().outboundBuffer();
        if (queued == null || !queued.isEmpty()) {
            return -1; // closing, or bytes queued before these
        }
        try {
            long n = (long) send.invokeExact(epoll.fd().intValue(),
                    MemorySegment.ofArray(bytes).asSlice(offset, length), (long) length, FLAGS);
            return n < 0 ? -1 : (int) n;
        } catch (Throwable e) {
            return -1;
        }
    }
}
