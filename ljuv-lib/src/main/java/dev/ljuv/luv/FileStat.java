package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What luv's {@code fs_stat} family reports of a file, as libuv gets it on Linux: one {@code statx(2)}, called
 * through a foreign downcall (real block counts and sizes, the birth time where the file system keeps one). The
 * JDK's attribute view, used where that call is not available (another system, no native access, an old kernel),
 * costs a map of boxed values per call and knows neither the blocks nor the block size (estimated there).
 *
 * <p>Threading: {@link #of} runs on any thread (fs work runs on worker threads), each with buffers of its own;
 * {@link #table} builds the Lua table on the state's thread.
 */
record FileStat(long dev, int mode, long nlink, long uid, long gid, long rdev, long ino, long size, long blksize,
        long blocks, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec,
        long birthSec, int birthNsec) {

    /** Of {@code path}, following a final symbolic link unless {@code link}. */
    static FileStat of(String path, boolean link) throws IOException, FileTable.FsFailure {
        if (Statx.CALL != null && path.indexOf('\0') < 0) { // (the JDK refuses a NUL in a path: EINVAL, as before)
            FileStat s = Statx.stat(path, link);
            if (s != null) {
                return s;
            }
        }
        return fromAttributes(java.nio.file.Files.readAttributes(Path.of(path), ATTRIBUTES,
                link ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0]));
    }

    /** Whether a poll sees a change: what {@code fs_poll} compares. */
    boolean sameAs(FileStat o) {
        return size == o.size && mode == o.mode && ino == o.ino && mtimeSec == o.mtimeSec && mtimeNsec == o.mtimeNsec
                && ctimeSec == o.ctimeSec && ctimeNsec == o.ctimeNsec && uid == o.uid && gid == o.gid;
    }

    /** One stat(2), without "unix:*"'s owner and group names (a passwd and a group look-up per call). */
    private static final String ATTRIBUTES =
            "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastAccessTime,lastModifiedTime,ctime,creationTime";

    private static FileStat fromAttributes(Map<String, Object> a) {
        long size = (Long) a.get("size");
        FileTime at = (FileTime) a.get("lastAccessTime");
        FileTime mt = (FileTime) a.get("lastModifiedTime");
        FileTime ct = (FileTime) a.get("ctime");
        FileTime bt = (FileTime) a.get("creationTime");
        return new FileStat(((Number) a.get("dev")).longValue(), (Integer) a.get("mode"), (Integer) a.get("nlink"),
                Integer.toUnsignedLong((Integer) a.get("uid")), Integer.toUnsignedLong((Integer) a.get("gid")),
                ((Number) a.get("rdev")).longValue(), ((Number) a.get("ino")).longValue(), size, 4096,
                (size + 511) / 512, seconds(at), nanos(at), seconds(mt), nanos(mt), seconds(ct), nanos(ct),
                seconds(bt), nanos(bt));
    }

    private static long seconds(FileTime t) {
        return t.toInstant().getEpochSecond();
    }

    private static int nanos(FileTime t) {
        return t.toInstant().getNano();
    }

    /** The stat table's keys, made once (a key made from a Java string is hashed anew at each use). */
    private static final LuaString DEV = LuaString.valueOf("dev"), MODE = LuaString.valueOf("mode"),
            NLINK = LuaString.valueOf("nlink"), UID = LuaString.valueOf("uid"), GID = LuaString.valueOf("gid"),
            RDEV = LuaString.valueOf("rdev"), INO = LuaString.valueOf("ino"), SIZE = LuaString.valueOf("size"),
            BLKSIZE = LuaString.valueOf("blksize"), BLOCKS = LuaString.valueOf("blocks"),
            FLAGS = LuaString.valueOf("flags"), GEN = LuaString.valueOf("gen"), ATIME = LuaString.valueOf("atime"),
            MTIME = LuaString.valueOf("mtime"), CTIME = LuaString.valueOf("ctime"),
            BIRTHTIME = LuaString.valueOf("birthtime"), TYPE = LuaString.valueOf("type"),
            SEC = LuaString.valueOf("sec"), NSEC = LuaString.valueOf("nsec");

    /** luv's stat table (built on the state's thread). */
    LuaTable table() {
        LuaTable t = new LuaTable(0, 17);
        t.rawset(DEV, LuaValue.valueOf((double) dev));
        t.rawset(MODE, LuaValue.valueOf(mode));
        t.rawset(NLINK, LuaValue.valueOf((double) nlink));
        t.rawset(UID, LuaValue.valueOf((double) uid));
        t.rawset(GID, LuaValue.valueOf((double) gid));
        t.rawset(RDEV, LuaValue.valueOf((double) rdev));
        t.rawset(INO, LuaValue.valueOf((double) ino));
        t.rawset(SIZE, LuaValue.valueOf((double) size));
        t.rawset(BLKSIZE, LuaValue.valueOf((double) blksize));
        t.rawset(BLOCKS, LuaValue.valueOf((double) blocks));
        t.rawset(FLAGS, LuaValue.valueOf(0)); // (no st_flags or st_gen on Linux: libuv gives 0)
        t.rawset(GEN, LuaValue.valueOf(0));
        t.rawset(ATIME, time(atimeSec, atimeNsec));
        t.rawset(MTIME, time(mtimeSec, mtimeNsec));
        t.rawset(CTIME, time(ctimeSec, ctimeNsec));
        t.rawset(BIRTHTIME, time(birthSec, birthNsec));
        String type = FileTable.type(mode);
        if (type != null) {
            t.rawset(TYPE, LuaValue.valueOf(type));
        }
        return t;
    }

    private static LuaTable time(long sec, int nsec) {
        LuaTable v = new LuaTable(0, 2);
        v.rawset(SEC, LuaValue.valueOf((double) sec));
        v.rawset(NSEC, LuaValue.valueOf(nsec));
        return v;
    }

    /** {@code statx(2)} through a foreign downcall, on Linux with native access granted. */
    private static final class Statx {
        private static final int AT_FDCWD = -100;
        private static final int AT_SYMLINK_NOFOLLOW = 0x100;
        /** STATX_BASIC_STATS | STATX_BTIME, as libuv asks. */
        private static final int MASK = 0x7ff | 0x800;
        private static final int ENOSYS = 38;
        /** The kernel's limit on a path, its NUL included. */
        private static final int PATH_MAX = 4096;

        private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO =
                CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
        /** How {@code Path.of} encodes a name: the same bytes reach the kernel either way. */
        private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"),
                java.nio.charset.StandardCharsets.UTF_8);

        /** {@code int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)}, or null. */
        static volatile MethodHandle CALL = link();

        private static MethodHandle link() {
            if (!System.getProperty("os.name", "").startsWith("Linux") || !Statx.class.getModule().isNativeAccessEnabled()) {
                return null; // (without native access the JVM would warn on stderr at the first call)
            }
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("statx").map(address -> linker.downcallHandle(address,
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                        Linker.Option.captureCallState("errno"))).orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }

        /** A thread's buffers: the path, {@code struct statx} (256 bytes), the captured errno. */
        private record Buffers(MemorySegment path, MemorySegment stat, MemorySegment errno) {}

        private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(() -> {
            Arena arena = Arena.ofAuto();
            return new Buffers(arena.allocate(PATH_MAX), arena.allocate(256, 8), arena.allocate(CAPTURED));
        });

        /** The file's status; null when the call is unavailable after all (then the JDK's view answers). */
        static FileStat stat(String path, boolean link) throws FileTable.FsFailure {
            byte[] name = path.getBytes(NAMES);
            if (name.length >= PATH_MAX) {
                throw new FileTable.FsFailure(UvError.ENAMETOOLONG);
            }
            Buffers b = BUFFERS.get();
            MemorySegment.copy(name, 0, b.path, ValueLayout.JAVA_BYTE, 0, name.length);
            b.path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
            MemorySegment s = b.stat;
            int r;
            try {
                r = (int) CALL.invokeExact(b.errno, AT_FDCWD, b.path, link ? AT_SYMLINK_NOFOLLOW : 0, MASK, s);
            } catch (Throwable e) {
                CALL = null;
                return null;
            }
            if (r != 0) {
                int errno = (int) ERRNO.get(b.errno, 0L);
                if (errno == ENOSYS) { // a kernel before 4.11, or a filter refusing it: the JDK from now on
                    CALL = null;
                    return null;
                }
                UvError e = UvError.byCode(-errno);
                throw new FileTable.FsFailure(e != null ? e : UvError.EIO);
            }
            return new FileStat(
                    device(s.get(ValueLayout.JAVA_INT, 136), s.get(ValueLayout.JAVA_INT, 140)),
                    Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, 28)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 16)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 20)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 24)),
                    device(s.get(ValueLayout.JAVA_INT, 128), s.get(ValueLayout.JAVA_INT, 132)),
                    s.get(ValueLayout.JAVA_LONG, 32),
                    s.get(ValueLayout.JAVA_LONG, 40),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 4)),
                    s.get(ValueLayout.JAVA_LONG, 48),
                    s.get(ValueLayout.JAVA_LONG, 64), s.get(ValueLayout.JAVA_INT, 72),
                    s.get(ValueLayout.JAVA_LONG, 112), s.get(ValueLayout.JAVA_INT, 120),
                    s.get(ValueLayout.JAVA_LONG, 96), s.get(ValueLayout.JAVA_INT, 104),
                    s.get(ValueLayout.JAVA_LONG, 80), s.get(ValueLayout.JAVA_INT, 88)); // (0 where none is kept, as libuv)
        }

        /** glibc's {@code makedev}: the number {@code stat(2)} gives for a major and a minor device number. */
        private static long device(int major, int minor) {
            long ma = Integer.toUnsignedLong(major);
            long mi = Integer.toUnsignedLong(minor);
            return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
        }
    }
}
