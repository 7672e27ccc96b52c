package dev.ljuv.luv;

import dev.ljuv.loop.Loops;
import dev.ljuv.loop.UvError;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The system's own descriptors that luv hands to Lua: the two connected ends of {@code uv.socketpair} and
 * {@code uv.pipe} (a Unix socket pair too: Netty's channels take sockets, not pipes), numbered in {@link FileTable}
 * beside the files of {@code fs_open}, written and read by {@code fs_write}/{@code fs_read}, closed by
 * {@code fs_close}, or given to a handle by {@code pipe_open}/{@code tcp_open}, which then owns it. Only on epoll,
 * through the C library ({@link Downcalls}); elsewhere {@code ENOTSUP}.
 *
 * <p>Threading: any thread (the calls are the C library's, on descriptors that one owner uses at a time).
 */
final class Descriptors {
    private Descriptors() {}

    /** Linux's AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK | SOCK_CLOEXEC. */
    private static final int AF_UNIX = 1, SOCK_STREAM = 1, SOCK_DGRAM = 2, FLAGS = 04000 | 02000000;

    private static final class Linked {
        static final MethodHandle SOCKETPAIR = Downcalls.link("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Downcalls.ERRNO);
        static final MethodHandle READ = Downcalls.link("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Downcalls.ERRNO,
                Linker.Option.critical(true));
        static final MethodHandle WRITE = Downcalls.link("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Downcalls.ERRNO,
                Linker.Option.critical(true));
        static final MethodHandle CLOSE = Downcalls.link("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    }

    /** Whether descriptors can be made and used here. */
    static boolean available() {
        return Loops.transport().equals("epoll") && Linked.SOCKETPAIR != null && Linked.READ != null
                && Linked.WRITE != null && Linked.CLOSE != null;
    }

    /** One call of the C library: its result, negative when it failed with the errno left in {@code state}. */
    private interface Call {
        long run(Arena arena, MemorySegment state) throws Throwable;
    }

    /** The result of {@code call}, or the failure: the call's errno, or EIO where the call itself failed. */
    private static long call(Call call) throws FileTable.FsFailure {
        long r;
        UvError e;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.state(arena);
            r = call.run(arena, state);
            e = r < 0 ? Downcalls.error(state) : null;
        } catch (Throwable t) {
            e = UvError.EIO;
            r = -1;
        }
        if (e != null) {
            throw new FileTable.FsFailure(e);
        }
        return r;
    }

    /** A connected pair ({@code datagram}: of datagrams), numbered in the file table; or the failure. */
    static int[] socketpair(boolean datagram) throws FileTable.FsFailure {
        if (!available()) {
            throw new FileTable.FsFailure(UvError.ENOTSUP);
        }
        int[] pair = new int[2];
        call((arena, state) -> {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int r = (int) Linked.SOCKETPAIR.invokeExact(state, AF_UNIX,
                    (datagram ? SOCK_DGRAM : SOCK_STREAM) | FLAGS, 0, fds);
            pair[0] = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            pair[1] = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            return r;
        });
        return new int[] {FileTable.addSystem(pair[0]), FileTable.addSystem(pair[1])};
    }

    /** Reads what the descriptor has, up to {@code size} bytes (none: its end); EAGAIN when nothing is there yet. */
    static byte[] read(int os, int size) throws FileTable.FsFailure {
        byte[] out = new byte[Math.max(0, size)];
        int n = (int) call((arena, state) ->
                (long) Linked.READ.invokeExact(state, os, MemorySegment.ofArray(out), (long) out.length));
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** Writes what the descriptor takes of {@code bytes[offset, offset + length)}: the count; EAGAIN when full. */
    static int write(int os, byte[] bytes, int offset, int length) throws FileTable.FsFailure {
        return (int) call((arena, state) -> (long) Linked.WRITE.invokeExact(state, os,
                MemorySegment.ofArray(bytes).asSlice(offset, length), (long) length));
    }

    static void close(int os) {
        try {
            int ignored = (int) Linked.CLOSE.invokeExact(os);
        } catch (Throwable e) {
            // a descriptor that cannot be closed is gone anyway
        }
    }

    /** A channel that owns descriptor {@code fd} of the file table (taken out of it), or null if it has none. */
    static Channel take(int fd) {
        Integer os = FileTable.takeSystem(fd);
        return os == null ? null : new EpollDomainSocketChannel(os);
    }
}
