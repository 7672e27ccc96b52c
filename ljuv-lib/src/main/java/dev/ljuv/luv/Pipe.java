package dev.ljuv.luv;

import dev.ljuv.loop.Loops;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's {@code uv_pipe_t}: {@code uv.new_pipe([ipc])}. A Unix domain socket ({@code bind}, {@code listen},
 * {@code connect}, on Netty's channels), a pipe to a child process (given in {@code uv.spawn}'s {@code stdio}),
 * or, through {@code open(fd)}, this process's standard input, output or error (0, 1, 2). Other descriptors
 * cannot be opened from the JVM: {@code ENOTSUP}; so is passing handles over a pipe ({@code ipc}).
 *
 * <p>Threading: loop thread only.
 */
public final class Pipe extends Stream {
    static final List<Op<? super Pipe>> OPS = List.of(
            Op.of(Pipe.class, "uv_pipe", "pipe_open", "open", (p, a) -> p.open(Args.checkInt(a, 1, "pipe_open"))),
            Op.of(Pipe.class, "uv_pipe", "pipe_bind", "bind",
                    (p, a) -> p.bind(Args.checkString(a, 1, "pipe_bind").tojstring())),
            Op.of(Pipe.class, "uv_pipe", "pipe_connect", "connect", (p, a) -> p.connect(
                    Args.checkString(a, 1, "pipe_connect").tojstring(), Args.optCallable(a, 2, "pipe_connect"))),
            Op.of(Pipe.class, "uv_pipe", "pipe_getsockname", "getsockname", (p, a) -> p.name(p.socket() == null
                    ? null : p.socket().localAddress())),
            Op.of(Pipe.class, "uv_pipe", "pipe_getpeername", "getpeername", (p, a) -> p.channel == null
                    ? LuvErrors.fail(p.socket() == null ? UvError.EBADF : UvError.ENOTCONN)
                    : p.name(p.channel.remoteAddress())),
            Op.of(Pipe.class, "uv_pipe", "pipe_pending_instances", "pending_instances", (p, a) -> NONE),
            Op.of(Pipe.class, "uv_pipe", "pipe_pending_count", "pending_count", (p, a) -> valueOf(0)),
            Op.of(Pipe.class, "uv_pipe", "pipe_pending_type", "pending_type", (p, a) -> NONE),
            Op.of(Pipe.class, "uv_pipe", "pipe_chmod", "chmod", (p, a) -> {
                String flags = Args.checkString(a, 1, "pipe_chmod").tojstring();
                if (!flags.equals("r") && !flags.equals("w") && !flags.equals("rw") && !flags.equals("wr")) {
                    throw Args.error(1, "pipe_chmod", "invalid option '" + flags + "'"); // as luv's checkoption
                }
                return p.chmod(flags);
            }));

    private final boolean ipc;
    /** The path a listening pipe was bound to. */
    private String boundPath;

    Pipe(Luv luv, MethodTable<Pipe> type, boolean ipc) {
        super(luv, type);
        this.ipc = ipc;
    }

    @Override
    public String typeName() {
        return "pipe";
    }

    boolean ipc() {
        return ipc;
    }

    private Varargs open(int fd) {
        if (channel != null || link != null || server != null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        switch (fd) {
            case 0 -> attach(luv.globals.STDIN, null, false);
            case 1 -> attach(null, luv.globals.STDOUT, false);
            case 2 -> attach(null, luv.globals.STDERR, false);
            default -> {
                return openDescriptor(fd);
            }
        }
        return LuvErrors.OK;
    }

    /** The socket address of a path on the process's transport. */
    private static SocketAddress address(String path) {
        return Loops.transport().equals("nio") ? UnixDomainSocketAddress.of(path) : new DomainSocketAddress(path);
    }

    private Varargs name(SocketAddress a) {
        if (a instanceof DomainSocketAddress d) {
            return valueOf(d.path());
        }
        if (a instanceof UnixDomainSocketAddress u) {
            return valueOf(u.getPath().toString());
        }
        return socket() == null ? LuvErrors.fail(UvError.EBADF) : valueOf("");
    }

    private Varargs bind(String path) {
        if (server != null || channel != null || link != null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        if (Files.exists(Path.of(path), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return LuvErrors.fail(UvError.EADDRINUSE); // bind(2) refuses an existing path; Netty's would unlink it
        }
        ServerChannel s = Sockets.unixServer();
        UvError e = attachServer(s);
        if (e != null) {
            server = null;
            return LuvErrors.fail(e);
        }
        ChannelFuture f = s.bind(address(path));
        if (f.isDone() && !f.isSuccess()) {
            s.close();
            server = null;
            return LuvErrors.fail(LuvErrors.of(f.cause()));
        }
        boundPath = path;
        return LuvErrors.OK;
    }

    private Varargs connect(String path, LuaValue cb) {
        if (channel != null || link != null) {
            return LuvErrors.fail(UvError.EISCONN);
        }
        UvError e = attach(Sockets.unix());
        if (e != null) {
            return LuvErrors.fail(e);
        }
        return connect(address(path), null, cb);
    }

    private Varargs chmod(String flags) {
        if (boundPath == null) {
            return LuvErrors.fail(UvError.EBADF);
        }
        boolean r = flags.contains("r"), w = flags.contains("w");
        Set<PosixFilePermission> perms;
        try { // added to those the socket has, as libuv's chmod does (it never takes one away)
            perms = EnumSet.copyOf(Files.getPosixFilePermissions(Path.of(boundPath)));
        } catch (java.io.IOException ex) {
            return LuvErrors.fail(ex);
        }
        for (String who : new String[] {"OWNER", "GROUP", "OTHERS"}) {
            if (r) {
                perms.add(PosixFilePermission.valueOf(who + "_READ"));
            }
            if (w) {
                perms.add(PosixFilePermission.valueOf(who + "_WRITE"));
            }
        }
        try {
            Files.setPosixFilePermissions(Path.of(boundPath), perms);
            return LuvErrors.OK;
        } catch (java.io.IOException ex) {
            return LuvErrors.fail(ex);
        }
    }

    @Override
    protected void onClose() {
        super.onClose();
        if (boundPath != null) {
            try {
                Files.deleteIfExists(Path.of(boundPath)); // libuv unlinks the socket file of a listening pipe
            } catch (java.io.IOException e) {
                // nothing to report on close
            }
        }
    }
}
