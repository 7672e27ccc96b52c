package dev.ljuv.luv;

import dev.ljuv.loop.Loops;
import dev.ljuv.loop.UvError;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

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
        static final StructLayout STATE = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
        static final MethodHandle SOCKETPAIR = Downcalls.link("socketpair", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), ERRNO_OPTION);
        static final MethodHandle READ = Downcalls.link("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO_OPTION, Linker.Option.critical(true));
        static final MethodHandle WRITE = Downcalls.link("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO_OPTION, Linker.Option.critical(true));
        static final MethodHandle CLOSE = Downcalls.link("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT));
    }

    /** Whether descriptors can be made and used here. */
    static boolean available() {
        return Loops.transport().equals("epoll") && Linked.SOCKETPAIR != null && Linked.READ != null
                && Linked.WRITE != null && Linked.CLOSE != null;
    }

    /** A connected pair ({@code datagram}: of datagrams), numbered in the file table; or the failure. */
    static int[] socketpair(boolean datagram) throws FileTable.FsFailure {
        if (!available()) {
            throw new FileTable.FsFailure(UvError.ENOTSUP);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linked.STATE);
            MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            int r = (int) Linked.SOCKETPAIR.invokeExact(state, AF_UNIX, (datagram ? SOCK_DGRAM : SOCK_STREAM) | FLAGS, 0,
                    pair);
            if (r != 0) {
                throw failure(state);
            }
            int a = pair.getAtIndex(ValueLayout.JAVA_INT, 0), b = pair.getAtIndex(ValueLayout.JAVA_INT, 1);
            return new int[] {FileTable.addSystem(a), FileTable.addSystem(b)};
        } catch (FileTable.FsFailure e) {
            throw e;
        } catch (Throwable e) {
            throw new FileTable.FsFailure(UvError.EIO);
        }
    }

    /** Reads what the descriptor has, up to {@code size} bytes (none: its end); EAGAIN when nothing is there yet. */
    static byte[] read(int os, int size) throws FileTable.FsFailure {
        byte[] out = new byte[Math.max(0, size)];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linked.STATE);
            long n = (long) Linked.READ.invokeExact(state, os, MemorySegment.ofArray(out), (long) out.length);
            if (n < 0) {
                throw failure(state);
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, (int) n);
        } catch (FileTable.FsFailure e) {
            throw e;
        } catch (Throwable e) {
            throw new FileTable.FsFailure(UvError.EIO);
        }
    }

    /** Writes what the descriptor takes of {@code bytes[offset, offset + length)}: the count; EAGAIN when full. */
    static int write(int os, byte[] bytes, int offset, int length) throws FileTable.FsFailure {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linked.STATE);
            long n = (long) Linked.WRITE.invokeExact(state, os, MemorySegment.ofArray(bytes).asSlice(offset, length),
                    (long) length);
            if (n < 0) {
                throw failure(state);
            }
            return (int) n;
        } catch (FileTable.FsFailure e) {
            throw e;
        } catch (Throwable e) {
            throw new FileTable.FsFailure(UvError.EIO);
        }
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

    private static FileTable.FsFailure failure(MemorySegment state) {
        UvError e = UvError.byCode(-(int) Linked.ERRNO.get(state, 0L));
        return new FileTable.FsFailure(e != null ? e : UvError.EIO);
    }
}
