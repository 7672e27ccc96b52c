package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's two shapes of failure, and the translation of Java's exceptions into libuv's error names: a function
 * returns {@code nil, "ECONNREFUSED: connection refused", "ECONNREFUSED"}; a callback receives the name alone.
 * No Java exception text reaches Lua: what is not recognised is {@code EIO}.
 *
 * <p>Threading: stateless, any thread.
 */
final class LuvErrors {
    private LuvErrors() {}

    /** Netty's native transports and the JDK report the C library's strerror texts: libuv's name for each. */
    private static final Map<String, UvError> STRERROR = Map.ofEntries(
            Map.entry("connection refused", UvError.ECONNREFUSED),
            Map.entry("connection reset", UvError.ECONNRESET), // also Java's own "Connection reset"
            Map.entry("broken pipe", UvError.EPIPE),
            Map.entry("address already in use", UvError.EADDRINUSE),
            Map.entry("cannot assign requested address", UvError.EADDRNOTAVAIL),
            Map.entry("network is unreachable", UvError.ENETUNREACH),
            Map.entry("no route to host", UvError.EHOSTUNREACH),
            Map.entry("connection timed out", UvError.ETIMEDOUT),
            Map.entry("no such file or directory", UvError.ENOENT),
            Map.entry("permission denied", UvError.EACCES),
            Map.entry("operation not permitted", UvError.EPERM),
            Map.entry("is a directory", UvError.EISDIR),
            Map.entry("not a directory", UvError.ENOTDIR),
            Map.entry("file exists", UvError.EEXIST),
            Map.entry("directory not empty", UvError.ENOTEMPTY),
            Map.entry("too many open files", UvError.EMFILE),
            Map.entry("invalid argument", UvError.EINVAL),
            Map.entry("bad file descriptor", UvError.EBADF),
            Map.entry("transport endpoint is not connected", UvError.ENOTCONN),
            Map.entry("socket is not connected", UvError.ENOTCONN),
            Map.entry("no space left on device", UvError.ENOSPC),
            Map.entry("read-only file system", UvError.EROFS),
            Map.entry("file name too long", UvError.ENAMETOOLONG),
            Map.entry("invalid cross-device link", UvError.EXDEV),
            Map.entry("too many levels of symbolic links", UvError.ELOOP),
            Map.entry("illegal seek", UvError.ESPIPE),
            Map.entry("operation not supported", UvError.ENOTSUP),
            Map.entry("software caused connection abort", UvError.ECONNABORTED));

    /** Netty's native exceptions carry the negated errno: {@code connect(..) failed with error(-111): ...}. */
    private static final Pattern ERRNO = Pattern.compile("error\\((-\\d+)\\)");

    /** libuv's error for what went wrong. */
    static UvError of(Throwable t) {
        while (t.getCause() != null && !(t instanceof IOException) && t != t.getCause()) {
            t = t.getCause();
        }
        if (t instanceof ClosedChannelException) {
            return UvError.ECANCELED;
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException && !isDirectoryMessage(t)) {
            return UvError.ENOENT;
        }
        if (t instanceof FileAlreadyExistsException) {
            return UvError.EEXIST;
        }
        if (t instanceof AccessDeniedException) {
            return UvError.EACCES;
        }
        if (t instanceof DirectoryNotEmptyException) {
            return UvError.ENOTEMPTY;
        }
        if (t instanceof NotDirectoryException) {
            return UvError.ENOTDIR;
        }
        if (t instanceof NotLinkException || t instanceof java.nio.file.InvalidPathException) {
            return UvError.EINVAL;
        }
        if (t instanceof FileSystemLoopException) {
            return UvError.ELOOP;
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        Matcher m = ERRNO.matcher(message);
        if (m.find()) {
            UvError e = UvError.byCode(Integer.parseInt(m.group(1)));
            if (e != null) {
                return e;
            }
        }
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, UvError> e : STRERROR.entrySet()) {
            if (lower.contains(e.getKey())) {
                return e.getValue();
            }
        }
        if (t instanceof ConnectException) {
            return UvError.ECONNREFUSED;
        }
        if (t instanceof BindException) {
            return UvError.EADDRINUSE;
        }
        if (t instanceof NoRouteToHostException) {
            return UvError.EHOSTUNREACH;
        }
        if (t instanceof SocketTimeoutException) {
            return UvError.ETIMEDOUT;
        }
        if (t instanceof UnknownHostException) {
            return UvError.EAI_NONAME;
        }
        return UvError.EIO;
    }

    private static boolean isDirectoryMessage(Throwable t) {
        return t.getMessage() != null && t.getMessage().contains("Is a directory");
    }

    /** luv's {@code fail}: {@code nil, "NAME: message", "NAME"}. */
    static Varargs fail(UvError e) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(e.name() + ": " + e.message),
                LuaValue.valueOf(e.name()));
    }

    static Varargs fail(Throwable t) {
        return fail(of(t));
    }

    /** What a callback receives as {@code err}: the name, or nil for success. */
    static LuaValue status(UvError e) {
        return e == null ? LuaValue.NIL : LuaValue.valueOf(e.name());
    }

    /** luv's success value for functions that return a status: {@code 0}. */
    static final LuaValue OK = LuaValue.valueOf(0);
}
