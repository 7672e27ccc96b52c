package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The process's working directory, which {@code uv.chdir} changes as libuv's does: through the C library's
 * {@code chdir(2)}. Every system call the JVM makes with a relative path then starts there (opening, stat, a
 * directory's listing, a child process's start), but the JDK resolves paths it makes absolute itself
 * ({@code Path.toAbsolutePath}, {@code toRealPath}, {@code File.getAbsolutePath}) against the directory it started
 * in, read once: the runtime's own code makes paths absolute through {@link #absolute} instead.
 *
 * <p>Where the C library cannot be called (see {@link Downcalls#link}) there is no {@code chdir}: {@code ENOTSUP}.
 *
 * <p>Threading: any thread. The directory is the process's, shared by every Lua state, as libuv's is.
 */
public final class WorkingDirectory {
    private WorkingDirectory() {}

    /** The directory, once {@link #change} changed it; until then the JDK's. */
    private static volatile String changed;

    private static final class Linked {
        /** {@code int chdir(const char *)}, or null. */
        static final MethodHandle CHDIR = Downcalls.link("chdir",
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Downcalls.ERRNO);
        /** {@code char *getcwd(char *, size_t)}, or null. */
        static final MethodHandle GETCWD = Downcalls.link("getcwd",
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    /** The working directory's absolute path. */
    static String current() {
        String dir = changed;
        return dir != null ? dir : Path.of("").toAbsolutePath().toString();
    }

    /** {@code path} made absolute against the working directory (also for {@code java.classpath}). */
    public static Path absolute(Path path) {
        return path.isAbsolute() || changed == null ? path.toAbsolutePath() : Path.of(changed).resolve(path);
    }

    /** Changes the working directory to {@code path}: null, or why it failed (libuv's error). */
    static synchronized UvError change(String path) {
        MethodHandle chdir = Linked.CHDIR;
        if (chdir == null || Linked.GETCWD == null) {
            return UvError.ENOTSUP;
        }
        if (path.indexOf(0) >= 0) {
            return UvError.ENOENT; // C would read the name only up to its first zero byte: not the name Lua gave
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.state(arena);
            if ((int) chdir.invokeExact(state, arena.allocateFrom(path)) != 0) {
                return Downcalls.error(state);
            }
            MemorySegment buffer = arena.allocate(PATH_MAX);
            MemorySegment got = (MemorySegment) Linked.GETCWD.invokeExact(buffer, (long) PATH_MAX);
            changed = got.equals(MemorySegment.NULL) ? absolute(Path.of(path)).normalize().toString() : buffer.getString(0);
            return null;
        } catch (Throwable e) {
            return UvError.EIO;
        }
    }

    /** Linux's longest path. */
    private static final int PATH_MAX = 4096;
}
