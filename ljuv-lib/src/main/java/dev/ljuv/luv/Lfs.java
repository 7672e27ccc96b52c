package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lib.io.Errno;
import dev.ljuv.stdlib.lib.io.LuaJitIoLib;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * LuaFileSystem ({@code require "lfs"}, version 1.8.0's API, as the C module on Linux): the file system functions
 * that Penlight, busted, LDoc and luarocks reach for, synchronous, with the C module's results: {@code nil, strerror,
 * errno} failures, "cannot obtain information from file 'x': ..." from {@code attributes}, a raised "cannot open x:
 * ..." from {@code dir}, which lists "." and ".." too. {@code lock_dir}'s locks are userdata whose {@code __gc}
 * frees them (at the state's end too, as {@code lua_close} runs it: a lock left held is removed); a directory is
 * closed at the end of its listing, by {@code close}, or once collected. {@code lock} takes the JVM's file locks, which belong to the process as {@code fcntl}'s do: a range
 * another state of the same process holds is granted, as it would be in one C process.
 *
 * <p>Threading: a state's library; the table of held locks is shared by the process's states (synchronized).
 */
public final class Lfs {
    private Lfs() {}

    static final String[] NAMES = {
        "attributes", "chdir", "currentdir", "dir", "link", "lock", "lock_dir", "mkdir", "rmdir", "setmode",
        "symlinkattributes", "touch", "unlock", "_VERSION", "_DESCRIPTION",
    };

    /** The C module's stat fields, in its order: what {@code attributes} fills and which names a request may give. */
    private static final String[] ATTRIBUTES = {
        "mode", "dev", "ino", "nlink", "uid", "gid", "rdev", "access", "modification", "change", "size", "permissions",
        "blocks", "blksize",
    };

    /**
     * The locks {@code lock} took, by channel (released by {@code unlock} or a new lock over their range). A closed
     * channel's entry goes at the next lock (its locks went with it): not a weak map, whose values, holding their
     * channel, would keep every key.
     */
    private static final Map<FileChannel, List<FileLock>> HELD = new HashMap<>();

    /** {@code package.preload.lfs}: the library, also set as the global {@code lfs} (the C module sets it). */
    public static LuaValue loader(Globals globals) {
        return Functions.named("lfs", a -> {
            LuaTable lfs = open(globals);
            globals.rawset("lfs", lfs);
            return lfs;
        });
    }

    private static LuaTable open(Globals globals) {
        LuaJitGlobals state = (LuaJitGlobals) globals;
        LuaTable dirMeta = metatable("close", Functions.library("directory", "next", "close")
                .function("next", Lfs::next)
                .function("close", a -> {
                    dir(a, "close").close();
                    return LuaValue.NONE;
                }).done());
        LuaTable lockMeta = metatable("free", Functions.library("lock", "free")
                .function("free", a -> {
                    if (!(a.arg1() instanceof LuaUserdata u && u.m_instance instanceof DirLock lock)) {
                        throw Args.typeError(a, 1, "free", "lock");
                    }
                    lock.free();
                    return LuaValue.NONE;
                }).done());
        return Functions.library("lfs", NAMES)
                .function("attributes", a -> attributes(a, "attributes", false))
                .function("symlinkattributes", a -> attributes(a, "symlinkattributes", true))
                .function("chdir", a -> {
                    String path = path(a, 1, "chdir");
                    UvError e = WorkingDirectory.change(path);
                    return e == null ? LuaValue.TRUE : LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(
                            "Unable to change working directory to '" + path + "'\n" + Errno.text(-e.code) + "\n"));
                })
                .function("currentdir", a -> LuaValue.valueOf(WorkingDirectory.current()))
                .function("dir", a -> {
                    String path = path(a, 1, "dir");
                    try {
                        Dir d = new Dir(Dir.open(file(path)));
                        LuaUserdata u = new LuaUserdata(d, dirMeta);
                        d.closeWhenCollected(u);
                        return LuaValue.varargsOf(dirMeta.rawget("__index").get("next"), u);
                    } catch (IOException e) {
                        throw new LuaError("cannot open " + path + ": " + Errno.text(e));
                    }
                })
                .function("link", a -> {
                    String target = path(a, 1, "link"), name = path(a, 2, "link");
                    return result(() -> {
                        if (a.arg(3).toboolean()) {
                            Files.createSymbolicLink(file(name), file(target));
                        } else {
                            Files.createLink(file(name), file(target));
                        }
                    });
                })
                .function("lock", a -> {
                    FileChannel ch = LuaJitIoLib.checkFileChannel(a, 1, "lock");
                    String mode = Args.checkString(a, 2, "lock").tojstring();
                    char m = mode.isEmpty() ? 0 : mode.charAt(0);
                    if (m != 'r' && m != 'w') {
                        throw new LuaError("lock: invalid mode");
                    }
                    return lock(ch, m, optLong(a, 3, "lock"), optLong(a, 4, "lock"));
                })
                .function("unlock", a -> lock(LuaJitIoLib.checkFileChannel(a, 1, "unlock"), 'u',
                        optLong(a, 2, "unlock"), optLong(a, 3, "unlock")))
                .function("lock_dir", a -> {
                    String lockfile = path(a, 1, "lock_dir") + "/lockfile.lfs";
                    try {
                        Files.createSymbolicLink(file(lockfile), Path.of("lock"));
                    } catch (IOException e) {
                        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Errno.text(e)));
                    }
                    return state.finalizers.proxy(lockMeta, new DirLock(lockfile));
                })
                .function("mkdir", a -> {
                    String dir = path(a, 1, "mkdir");
                    return result(() -> Files.createDirectory(file(dir), FileTable.permissions(0775)));
                })
                .function("rmdir", a -> {
                    String path = path(a, 1, "rmdir");
                    return result(() -> {
                        Path dir = file(path);
                        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                                && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                            throw new NotDirectoryException(dir.toString());
                        }
                        Files.delete(dir);
                    });
                })
                .function("setmode", a -> {
                    LuaJitIoLib.checkFileChannel(a, 1, "setmode");
                    String mode = Args.checkString(a, 2, "setmode").tojstring();
                    if (!mode.equals("binary") && !mode.equals("text")) {
                        throw Args.error(2, "setmode", "invalid option '" + mode + "'");
                    }
                    return LuaValue.varargsOf(LuaValue.TRUE, LuaValue.valueOf("binary")); // (one mode on POSIX)
                })
                .function("touch", a -> {
                    String path = path(a, 1, "touch");
                    FileTime atime, mtime;
                    if (a.narg() == 1) {
                        atime = mtime = FileTime.fromMillis(System.currentTimeMillis());
                    } else { // as the C module: seconds, a missing access time 0, a missing modification the access
                        long at = a.isnoneornil(2) ? 0 : (long) Args.checkNumber(a, 2, "touch");
                        long mt = a.isnoneornil(3) ? at : (long) Args.checkNumber(a, 3, "touch");
                        atime = FileTime.from(java.time.Instant.ofEpochSecond(at));
                        mtime = FileTime.from(java.time.Instant.ofEpochSecond(mt));
                    }
                    return result(() -> Files.getFileAttributeView(file(path), BasicFileAttributeView.class)
                            .setTimes(mtime, atime, null));
                })
                .value("_VERSION", LuaValue.valueOf("LuaFileSystem 1.8.0"))
                .value("_DESCRIPTION", LuaValue.valueOf("LuaFileSystem's API on the JVM (ljuv)"))
                .done();
    }

    /** A metatable whose {@code __index} is {@code methods} and whose {@code __gc} is the method {@code gc}. */
    private static LuaTable metatable(String gc, LuaTable methods) {
        LuaTable meta = new LuaTable();
        meta.rawset("__index", methods);
        meta.rawset("__gc", methods.rawget(gc));
        return meta;
    }

    private static String path(Varargs a, int i, String function) {
        return Args.checkString(a, i, function).tojstring();
    }

    /** The file a C call would name: the name up to its first zero byte; the empty name names none (ENOENT). */
    private static Path file(String path) throws NoSuchFileException {
        int nul = path.indexOf('\0');
        String name = nul < 0 ? path : path.substring(0, nul);
        if (name.isEmpty()) {
            throw new NoSuchFileException(name); // (Path.of("") would be the working directory)
        }
        return Path.of(name);
    }

    private static long optLong(Varargs a, int i, String function) {
        return a.isnoneornil(i) ? 0 : (long) Args.checkNumber(a, i, function);
    }

    private interface Action {
        void run() throws IOException;
    }

    /** The C module's {@code pushresult}: true, or {@code nil, strerror, errno}. */
    private static Varargs result(Action action) {
        try {
            action.run();
            return LuaValue.TRUE;
        } catch (IOException e) {
            return Errno.failure(null, e);
        }
    }

    private static Varargs attributes(Varargs a, String function, boolean link) {
        String path = path(a, 1, function);
        LuaValue request = a.arg(2);
        if (link && request.isstring() && request.tojstring().equals("target")) {
            try {
                return LuaValue.valueOf(Files.readSymbolicLink(file(path)).toString());
            } catch (NotLinkException e) {
                return Errno.failure("could not obtain link target", 22);
            } catch (IOException e) {
                return Errno.failure("could not obtain link target", e);
            }
        }
        FileStat s;
        try {
            s = FileStat.of(file(path).toString(), link);
        } catch (IOException e) {
            return Errno.failure("cannot obtain information from file '" + path + "'", e);
        }
        if (request.isstring()) {
            String name = request.tojstring();
            for (String known : ATTRIBUTES) {
                if (known.equals(name)) {
                    return attribute(s, name);
                }
            }
            throw new LuaError("invalid attribute name '" + name + "'");
        }
        LuaTable t = request.istable() ? (LuaTable) request : new LuaTable();
        for (String name : ATTRIBUTES) {
            t.rawset(name, attribute(s, name));
        }
        if (link && (s.mode() & 0170000) == 0120000) {
            try {
                t.rawset("target", LuaValue.valueOf(Files.readSymbolicLink(file(path)).toString()));
            } catch (IOException e) {
                // (gone since the stat: no target, as the C module)
            }
        }
        return t;
    }

    private static LuaValue attribute(FileStat s, String name) {
        return switch (name) {
            case "mode" -> LuaValue.valueOf(switch (s.mode() & 0170000) {
                case 0100000 -> "file";
                case 0040000 -> "directory";
                case 0120000 -> "link";
                case 0140000 -> "socket";
                case 0010000 -> "named pipe";
                case 0020000 -> "char device";
                case 0060000 -> "block device";
                default -> "other";
            });
            case "dev" -> LuaValue.valueOf((double) s.dev());
            case "ino" -> LuaValue.valueOf((double) s.ino());
            case "nlink" -> LuaValue.valueOf((double) s.nlink());
            case "uid" -> LuaValue.valueOf((double) s.uid());
            case "gid" -> LuaValue.valueOf((double) s.gid());
            case "rdev" -> LuaValue.valueOf((double) s.rdev());
            case "access" -> LuaValue.valueOf((double) s.atimeSec());
            case "modification" -> LuaValue.valueOf((double) s.mtimeSec());
            case "change" -> LuaValue.valueOf((double) s.ctimeSec());
            case "size" -> LuaValue.valueOf((double) s.size());
            case "permissions" -> LuaValue.valueOf(permissions(s.mode()));
            case "blocks" -> LuaValue.valueOf((double) s.blocks());
            default -> LuaValue.valueOf((double) s.blksize());
        };
    }

    /** "rwxr-xr-x": the nine permission bits, as {@code ls} shows them. */
    private static String permissions(int mode) {
        char[] c = new char[9];
        for (int i = 0; i < 9; i++) {
            c[i] = (mode & (0400 >> i)) == 0 ? '-' : "rwx".charAt(i % 3);
        }
        return new String(c);
    }

    // ---- dir

    /**
     * A directory being listed: ".", "..", then its entries in the order the file system gives them. One left open
     * (a loop that breaks) is closed once its userdata is collected, by a cleaner: this runtime's collector does not
     * run {@code __gc} at its own pace, and a program listing many directories would run out of descriptors first.
     */
    private static final class Dir {
        /** Made at the first listing: a thread of its own. */
        private static final class Collected {
            static final Cleaner CLEANER = Cleaner.create();
        }

        private DirectoryStream<Path> stream;
        private final Iterator<Path> entries;
        private int dots;

        Dir(DirectoryStream<Path> stream) {
            this.stream = stream;
            this.entries = stream.iterator();
        }

        boolean closed() {
            return stream == null;
        }

        /**
         * The directory's stream. Out of descriptors (EMFILE), it collects first and tries again for a moment: the
         * listings a program left open (a loop that broke) hold theirs until the collector finds them, and a program
         * that lists many directories would fail where it has none open (luajit's lfs fails there, its collector paced
         * by memory alone).
         */
        static DirectoryStream<Path> open(Path dir) throws IOException {
            try {
                return Files.newDirectoryStream(dir);
            } catch (java.nio.file.FileSystemException e) {
                if (Errno.number(e) != 24) {
                    throw e;
                }
            }
            System.gc();
            long deadline = System.nanoTime() + 200_000_000L;
            while (true) {
                try {
                    return Files.newDirectoryStream(dir);
                } catch (java.nio.file.FileSystemException e) {
                    if (Errno.number(e) != 24 || System.nanoTime() > deadline) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L); // (the cleaner closing them)
                }
            }
        }

        void closeWhenCollected(LuaUserdata u) {
            DirectoryStream<Path> s = stream; // (the action holds the stream alone, not what it is registered for)
            Collected.CLEANER.register(u, () -> close(s));
        }

        /** The next name, or null at the end (which closes it). */
        String next() {
            if (dots < 2) {
                return dots++ == 0 ? "." : "..";
            }
            try {
                if (entries.hasNext()) {
                    return entries.next().getFileName().toString();
                }
            } catch (java.nio.file.DirectoryIteratorException e) {
                // (an entry the file system failed to read ends the listing, as readdir's error does)
            }
            close();
            return null;
        }

        void close() {
            if (stream != null) {
                close(stream);
                stream = null;
            }
        }

        private static void close(DirectoryStream<Path> s) {
            try {
                s.close(); // (the JDK's closes once, from any thread)
            } catch (IOException e) {
                // (closedir's result is not reported either)
            }
        }
    }

    private static Dir dir(Varargs a, String function) {
        if (a.arg1() instanceof LuaUserdata u && u.m_instance instanceof Dir d) {
            return d;
        }
        throw Args.typeError(a, 1, function, "directory");
    }

    private static Varargs next(Varargs a) {
        Dir d = dir(a, "next");
        if (d.closed()) {
            throw Args.error(1, "next", "closed directory");
        }
        String name = d.next();
        return name == null ? LuaValue.NONE : LuaValue.valueOf(name);
    }

    // ---- locks

    /** What {@code lock_dir} made: the link it removes when freed, once. */
    private static final class DirLock {
        private String lockfile;

        DirLock(String lockfile) {
            this.lockfile = lockfile;
        }

        void free() {
            if (lockfile != null) {
                try {
                    Files.deleteIfExists(Path.of(lockfile));
                } catch (IOException | RuntimeException e) {
                    // (unlink's result is not reported either)
                }
                lockfile = null;
            }
        }
    }

    /**
     * {@code fcntl(F_SETLK)} of the range {@code [start, start + len)} ({@code len} 0: to the end of any size) as
     * {@code mode} 'r' (shared), 'w' (exclusive) or 'u' (unlock): true, or {@code nil, strerror}.
     */
    private static Varargs lock(FileChannel ch, char mode, long start, long len) {
        if (ch == null) {
            return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Errno.text(9)));
        }
        long size = len == 0 ? Long.MAX_VALUE - start : len;
        synchronized (HELD) {
            HELD.keySet().removeIf(c -> !c.isOpen());
            List<FileLock> held = HELD.computeIfAbsent(ch, c -> new ArrayList<>());
            try {
                // a new lock replaces this process's over the same range, as fcntl's does
                for (Iterator<FileLock> it = held.iterator(); it.hasNext(); ) {
                    FileLock l = it.next();
                    if (!l.isValid() || l.overlaps(start, size)) {
                        l.release();
                        it.remove();
                    }
                }
                if (mode == 'u') {
                    return LuaValue.TRUE;
                }
                FileLock l = ch.tryLock(start, size, mode == 'r');
                if (l == null) {
                    return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Errno.text(11)));
                }
                held.add(l);
                return LuaValue.TRUE;
            } catch (NonReadableChannelException | NonWritableChannelException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Errno.text(9)));
            } catch (OverlappingFileLockException e) {
                return LuaValue.TRUE; // another channel of this process holds it: fcntl's locks are the process's
            } catch (IOException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(Errno.text(e)));
            }
        }
    }
}
