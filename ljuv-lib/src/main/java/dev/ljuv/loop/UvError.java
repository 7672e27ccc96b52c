package dev.ljuv.loop;

import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaError;

/**
 * libuv's error codes (negated Linux errno numbers), names and {@code uv_strerror} texts: the one table that
 * {@code ljuv.assert} and every error the loop raises use.
 */
public enum UvError {
    EPERM(-1, "operation not permitted"),
    ENOENT(-2, "no such file or directory"),
    ESRCH(-3, "no such process"),
    EINTR(-4, "interrupted system call"),
    EIO(-5, "i/o error"),
    ENXIO(-6, "no such device or address"),
    E2BIG(-7, "argument list too long"),
    EBADF(-9, "bad file descriptor"),
    EAGAIN(-11, "resource temporarily unavailable"),
    ENOMEM(-12, "not enough memory"),
    EACCES(-13, "permission denied"),
    EFAULT(-14, "bad address in system call argument"),
    EBUSY(-16, "resource busy or locked"),
    EEXIST(-17, "file already exists"),
    EXDEV(-18, "cross-device link not permitted"),
    ENODEV(-19, "no such device"),
    ENOTDIR(-20, "not a directory"),
    EISDIR(-21, "illegal operation on a directory"),
    EINVAL(-22, "invalid argument"),
    ENFILE(-23, "file table overflow"),
    EMFILE(-24, "too many open files"),
    ENOTTY(-25, "inappropriate ioctl for device"),
    ETXTBSY(-26, "text file is busy"),
    EFBIG(-27, "file too large"),
    ENOSPC(-28, "no space left on device"),
    ESPIPE(-29, "invalid seek"),
    EROFS(-30, "read-only file system"),
    EMLINK(-31, "too many links"),
    EPIPE(-32, "broken pipe"),
    ERANGE(-34, "result too large"),
    ENAMETOOLONG(-36, "name too long"),
    ENOSYS(-38, "function not implemented"),
    ENOTEMPTY(-39, "directory not empty"),
    ELOOP(-40, "too many symbolic links encountered"),
    ENOTSOCK(-88, "socket operation on non-socket"),
    EDESTADDRREQ(-89, "destination address required"),
    EMSGSIZE(-90, "message too long"),
    EPROTONOSUPPORT(-93, "protocol not supported"),
    ENOTSUP(-95, "operation not supported on socket"),
    EAFNOSUPPORT(-97, "address family not supported"),
    EADDRINUSE(-98, "address already in use"),
    EADDRNOTAVAIL(-99, "address not available"),
    ENETDOWN(-100, "network is down"),
    ENETUNREACH(-101, "network is unreachable"),
    ECONNABORTED(-103, "software caused connection abort"),
    ECONNRESET(-104, "connection reset by peer"),
    ENOBUFS(-105, "no buffer space available"),
    EISCONN(-106, "socket is already connected"),
    ENOTCONN(-107, "socket is not connected"),
    ESHUTDOWN(-108, "cannot send after transport endpoint shutdown"),
    ETIMEDOUT(-110, "connection timed out"),
    ECONNREFUSED(-111, "connection refused"),
    EHOSTUNREACH(-113, "host is unreachable"),
    EALREADY(-114, "connection already in progress"),
    ECANCELED(-125, "operation canceled"),
    EAI_AGAIN(-3001, "temporary failure"),
    EAI_CANCELED(-3003, "request canceled"),
    EAI_FAIL(-3004, "permanent failure"),
    EAI_FAMILY(-3005, "ai_family not supported"),
    EAI_NODATA(-3007, "no address"),
    EAI_NONAME(-3008, "unknown node or service"),
    EAI_SERVICE(-3010, "service not available for socket type"),
    EOF(-4095, "end of file");

    public final int code;
    public final String message;

    UvError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    private static final Map<Integer, UvError> BY_CODE = new HashMap<>();

    static {
        for (UvError e : values()) {
            BY_CODE.put(e.code, e);
        }
    }

    /** The error of a (negative) code, or null when libuv has no name for it here. */
    public static UvError byCode(int code) {
        return BY_CODE.get(code);
    }

    /** {@code uv_strerror(code)}: the text for a known code, libuv's "Unknown system error" otherwise. */
    public static String strerror(int code) {
        UvError e = BY_CODE.get(code);
        return e != null ? e.message : "Unknown system error " + code;
    }

    /** The error {@code ljuv.assert} raises: {@code uv_strerror}'s text, without a position. */
    public static LuaError assertError(int code) {
        return new LuaError(org.luaj.vm2.LuaValue.valueOf(strerror(code)));
    }

    /** An error the loop raises for this code: {@code EINVAL: invalid argument}. */
    public LuaError error() {
        return new LuaError(name() + ": " + message);
    }
}
