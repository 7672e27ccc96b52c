package dev.ljuv.luv;

import dev.ljuv.stdlib.vm.InBackground;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.Charset;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * What luv's {@code fs_stat} family reports of a file. The JDK's attribute view costs a map of boxed values per call
 * (and an exception per missing file); once linked, one {@code statx(2)} through a foreign downcall does the work
 * of a successful stat instead, with the same values: the view's block size and block count (estimated from the
 * size), its birth time (the modification time where the file system keeps none). Linking takes tens of
 * milliseconds, done in the background once a process has made a few stats: stats until then, and failed ones, go
 * to the JDK (whose errors they have always given).
 *
 * <p>Threading: {@link #of} runs on any thread (fs work runs on worker threads), each with buffers of its own;
 * {@link #table} builds the Lua table on the state's thread.
 */
record FileStat(long dev, int mode, long nlink, long uid, long gid, long rdev, long ino, long size, long blksize,
        long blocks, long atimeSec, int atimeNsec, long mtimeSec, int mtimeNsec, long ctimeSec, int ctimeNsec,
        long birthSec, int birthNsec) {

    /** Of {@code path}, following a final symbolic link unless {@code link}. */
    static FileStat of(String path, boolean link) throws IOException {
        if (path.indexOf('\0') < 0) { // (the JDK refuses a NUL in a path: EINVAL, as before)
            FileStat s = Statx.stat(path, link);
            if (s != null) {
                return s;
            }
        }
        if (++jdkStats == LINK_AFTER) {
            InBackground.once(Statx.PREPARING, "ljuv-link", () -> {
                MethodHandle call = Statx.link();
                if (call != null && Statx.call(call, "/", false) != null) { // (the first call spins the invoker)
                    Statx.CALL = call;
                }
            });
        }
        return viaJdk(path, link);
    }

    /** Through the JDK's attribute view alone. */
    static FileStat viaJdk(String path, boolean link) throws IOException {
        return fromAttributes(java.nio.file.Files.readAttributes(Path.of(path), ATTRIBUTES,
                link ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0]));
    }

    /**
     * Through {@code statx(2)} alone, linked now if it was not yet: null where it cannot be had, or failed. The two
     * ways must agree on every value (a process switches from the one to the other): tests compare them.
     */
    static FileStat viaStatx(String path, boolean link) {
        MethodHandle call = Statx.CALL != null ? Statx.CALL : Statx.link();
        return call == null ? null : Statx.call(call, path, link);
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
                ((Number) a.get("rdev")).longValue(), ((Number) a.get("ino")).longValue(), size, BLOCK,
                blocks(size), seconds(at), nanos(at), seconds(mt), nanos(mt), seconds(ct), nanos(ct),
                seconds(bt), nanos(bt));
    }

    /** The block size the JDK's view cannot tell, and the block count it implies (the same on either path). */
    private static final long BLOCK = 4096;

    private static long blocks(long size) {
        return (size + 511) / 512;
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

    /**
     * Stats through the JDK after which the call is linked (see {@link Downcalls}): a script that stats a few files
     * does not pay for the link (tens of milliseconds of a second core, which a short script's start-up feels).
     */
    private static final int LINK_AFTER = 16;
    /** Stats through the JDK so far (a plain count: a lost increment only delays the link). */
    private static int jdkStats;

    /** {@code statx(2)} through a foreign downcall, on Linux with native access granted. */
    private static final class Statx {
        private static final int AT_FDCWD = -100;
        private static final int AT_SYMLINK_NOFOLLOW = 0x100;
        /** STATX_BASIC_STATS | STATX_BTIME, as libuv asks. */
        private static final int MASK = 0x7ff | 0x800;
        private static final int STATX_BTIME = 0x800;
        /** The kernel's limit on a path, its NUL included. */
        private static final int PATH_MAX = 4096;
        /** How {@code Path.of} encodes a name: the same bytes reach the kernel either way. */
        private static final Charset NAMES = Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"),
                java.nio.charset.StandardCharsets.UTF_8);

        /** Set once the link started. */
        static final java.util.concurrent.atomic.AtomicBoolean PREPARING = new java.util.concurrent.atomic.AtomicBoolean();

        /** {@code int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *buf)}, once linked. */
        static volatile MethodHandle CALL;

        static MethodHandle link() {
            return Downcalls.link("statx", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        }

        /** A thread's buffers: the path and {@code struct statx} (256 bytes). */
        private record Buffers(MemorySegment path, MemorySegment stat) {}

        private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(() -> {
            Arena arena = Arena.ofAuto();
            return new Buffers(arena.allocate(PATH_MAX), arena.allocate(256, 8));
        });

        /**
         * The file's status; null when the call is not linked yet, or failed: then the JDK's view answers, with the
         * error it has always given.
         */
        static FileStat stat(String path, boolean link) {
            MethodHandle call = CALL;
            return call == null ? null : call(call, path, link);
        }

        static FileStat call(MethodHandle call, String path, boolean link) {
            byte[] name = path.getBytes(NAMES);
            if (name.length >= PATH_MAX) {
                return null;
            }
            Buffers b = BUFFERS.get();
            MemorySegment.copy(name, 0, b.path, ValueLayout.JAVA_BYTE, 0, name.length);
            b.path.set(ValueLayout.JAVA_BYTE, name.length, (byte) 0);
            MemorySegment s = b.stat;
            int r;
            try {
                r = (int) call.invokeExact(AT_FDCWD, b.path, link ? AT_SYMLINK_NOFOLLOW : 0, MASK, s);
            } catch (Throwable e) {
                return null;
            }
            if (r != 0) {
                return null;
            }
            long size = s.get(ValueLayout.JAVA_LONG, 40);
            boolean born = (s.get(ValueLayout.JAVA_INT, 0) & STATX_BTIME) != 0;
            return new FileStat(
                    device(s.get(ValueLayout.JAVA_INT, 136), s.get(ValueLayout.JAVA_INT, 140)),
                    Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, 28)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 16)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 20)),
                    Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, 24)),
                    device(s.get(ValueLayout.JAVA_INT, 128), s.get(ValueLayout.JAVA_INT, 132)),
                    s.get(ValueLayout.JAVA_LONG, 32), size, BLOCK, blocks(size),
                    s.get(ValueLayout.JAVA_LONG, 64), s.get(ValueLayout.JAVA_INT, 72),
                    s.get(ValueLayout.JAVA_LONG, 112), s.get(ValueLayout.JAVA_INT, 120),
                    s.get(ValueLayout.JAVA_LONG, 96), s.get(ValueLayout.JAVA_INT, 104),
                    s.get(ValueLayout.JAVA_LONG, born ? 80 : 112), s.get(ValueLayout.JAVA_INT, born ? 88 : 120));
        }

        /** glibc's {@code makedev}: the number {@code stat(2)} gives for a major and a minor device number. */
        private static long device(int major, int minor) {
            long ma = Integer.toUnsignedLong(major);
            long mi = Integer.toUnsignedLong(minor);
            return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
        }
    }
}
