package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.CopyOption;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's file system functions ({@code uv.fs_*}): synchronous without a callback (results, or {@code nil, "ENOENT:
 * no such file or directory: path", "ENOENT"}), asynchronous with one (the work on the worker pool, the callback
 * on the loop: {@code cb(nil, results)} or {@code cb("ENOENT: ...: path")}), returning the {@code uv_fs_t}
 * request, which {@code uv.cancel} stops if it has not started. Descriptors are {@link FileTable}'s.
 *
 * <p>Threading: called on the state's thread; the work of an asynchronous call runs on a worker and hands back
 * plain Java values, turned into Lua values on the loop's thread.
 */
final class Fs {
    private Fs() {}

    static final String[] NAMES = {
        "fs_close", "fs_open", "fs_read", "fs_unlink", "fs_write", "fs_mkdir", "fs_mkdtemp", "fs_mkstemp", "fs_rmdir",
        "fs_scandir", "fs_scandir_next", "fs_stat", "fs_fstat", "fs_lstat", "fs_rename", "fs_fsync", "fs_fdatasync",
        "fs_ftruncate", "fs_sendfile", "fs_access", "fs_chmod", "fs_fchmod", "fs_utime", "fs_futime", "fs_lutime",
        "fs_link", "fs_symlink", "fs_readlink", "fs_realpath", "fs_chown", "fs_fchown", "fs_lchown", "fs_copyfile",
        "fs_opendir", "fs_readdir", "fs_closedir", "fs_statfs",
    };

    private static final Supplier<Varargs> TRUE = () -> LuaValue.TRUE;

    /** A call's callback (nil for none) and the paths its failures name. */
    private record Call(Luv uv, LuaValue callback, String path, String dest) {
        Varargs run(Blocking.Work work) {
            return Blocking.run(uv, "fs", callback, work, this::message, true);
        }

        /** {@code "ENOENT: no such file or directory: a -> b"}, as luv names the paths. */
        String message(UvError e) {
            String m = e.name() + ": " + e.message;
            return path == null ? m : dest == null ? m + ": " + path : m + ": " + path + " -> " + dest;
        }
    }

    private static Call call(Luv uv, Varargs a, int cbIndex, String function, String path, String dest) {
        return new Call(uv, Args.optCallable(a, cbIndex, function), path, dest);
    }

    private static String path(Varargs a, int i, String function) {
        return Args.checkString(a, i, function).tojstring();
    }

    private static int fd(Varargs a, int i, String function) {
        return Args.checkInt(a, i, function);
    }

    /** An optional integer before the callback: luv lets the callback take its place. */
    private static boolean callbackAt(Varargs a, int i) {
        LuaValue v = a.arg(i);
        return v.isfunction() || v.istable() && !v.isnumber();
    }

    static void bind(Functions.Library lib, Luv uv, Globals globals) {
        lib.function("fs_close", a -> {
            int fd = fd(a, 1, "fs_close");
            return call(uv, a, 2, "fs_close", null, null).run(() -> {
                FileTable.close(fd);
                return TRUE;
            });
        }).function("fs_open", a -> {
            String path = path(a, 1, "fs_open");
            LuaValue f = a.arg(2);
            int flags;
            if (f.type() == LuaValue.TNUMBER) {
                flags = f.toint();
            } else if (f.isstring()) {
                flags = FileTable.flags(f.tojstring());
                if (flags < 0) {
                    throw new org.luaj.vm2.LuaError("Unknown file open flag '" + f.tojstring() + "'");
                }
            } else {
                throw Args.error(2, "fs_open", "Expected string or integer for file open mode");
            }
            boolean cbAt3 = callbackAt(a, 3);
            int mode = cbAt3 ? 0644 : Args.optInt(a, 3, "fs_open", 0644);
            return call(uv, a, cbAt3 ? 3 : 4, "fs_open", path, null).run(() -> {
                int fd = FileTable.open(path, flags, mode);
                return () -> LuaValue.valueOf(fd);
            });
        }).function("fs_read", a -> {
            int fd = fd(a, 1, "fs_read");
            int size = Args.checkInt(a, 2, "fs_read");
            boolean cbAt3 = callbackAt(a, 3);
            long offset = cbAt3 || a.isnoneornil(3) ? -1 : (long) Args.checkNumber(a, 3, "fs_read");
            return call(uv, a, cbAt3 ? 3 : 4, "fs_read", null, null).run(() -> {
                byte[] data = FileTable.read(fd, size, offset, globals.STDIN);
                return () -> LuaString.valueUsing(data);
            });
        }).function("fs_write", a -> {
            int fd = fd(a, 1, "fs_write");
            ByteBuffer data = bytes(a.arg(2), "fs_write");
            boolean cbAt3 = callbackAt(a, 3);
            long offset = cbAt3 || a.isnoneornil(3) ? -1 : (long) Args.checkNumber(a, 3, "fs_write");
            return call(uv, a, cbAt3 ? 3 : 4, "fs_write", null, null).run(() -> {
                int n = FileTable.write(fd, data, offset, globals.STDOUT, globals.STDERR);
                return () -> LuaValue.valueOf(n);
            });
        }).function("fs_unlink", a -> {
            String path = path(a, 1, "fs_unlink");
            return call(uv, a, 2, "fs_unlink", path, null).run(() -> {
                if (Files.isDirectory(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileTable.FsFailure(UvError.EISDIR);
                }
                Files.delete(Path.of(path));
                return TRUE;
            });
        }).function("fs_mkdir", a -> {
            String path = path(a, 1, "fs_mkdir");
            boolean cbAt2 = callbackAt(a, 2);
            int mode = cbAt2 ? 0777 : Args.optInt(a, 2, "fs_mkdir", 0777);
            return call(uv, a, cbAt2 ? 2 : 3, "fs_mkdir", path, null).run(() -> {
                Files.createDirectory(Path.of(path), FileTable.permissions(mode));
                return TRUE;
            });
        }).function("fs_mkdtemp", a -> {
            String template = path(a, 1, "fs_mkdtemp");
            return call(uv, a, 2, "fs_mkdtemp", template, null).run(() -> {
                String made = FileTable.temporary(template, true);
                return () -> LuaValue.valueOf(made);
            });
        }).function("fs_mkstemp", a -> {
            String template = path(a, 1, "fs_mkstemp");
            return call(uv, a, 2, "fs_mkstemp", template, null).run(() -> {
                String made = FileTable.temporary(template, false);
                int fd = FileTable.open(made, FileTable.O_RDWR, 0600);
                return () -> LuaValue.varargsOf(LuaValue.valueOf(fd), LuaValue.valueOf(made));
            });
        }).function("fs_rmdir", a -> {
            String path = path(a, 1, "fs_rmdir");
            return call(uv, a, 2, "fs_rmdir", path, null).run(() -> {
                Path p = Path.of(path);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileTable.FsFailure(UvError.ENOTDIR);
                }
                Files.delete(p);
                return TRUE;
            });
        }).function("fs_scandir", a -> {
            String path = path(a, 1, "fs_scandir");
            return call(uv, a, 2, "fs_scandir", path, null).run(() -> {
                List<Directory.Entry> entries = Directory.scan(Path.of(path));
                return () -> Directory.scanned(uv.scandir, entries);
            });
        }).function("fs_scandir_next", a -> {
            if (!(a.arg1() instanceof Directory d)) {
                throw Args.typeError(a, 1, "fs_scandir_next", "uv_fs");
            }
            return d.scanNext();
        }).function("fs_stat", a -> {
            String path = path(a, 1, "fs_stat");
            return call(uv, a, 2, "fs_stat", path, null).run(() -> {
                FileStat s = FileStat.of(path, false);
                return s::table;
            });
        }).function("fs_lstat", a -> {
            String path = path(a, 1, "fs_lstat");
            return call(uv, a, 2, "fs_lstat", path, null).run(() -> {
                FileStat s = FileStat.of(path, true);
                return s::table;
            });
        }).function("fs_fstat", a -> {
            int fd = fd(a, 1, "fs_fstat");
            return call(uv, a, 2, "fs_fstat", null, null).run(() -> {
                FileStat s = FileStat.of(FileTable.get(fd).path(), false);
                return s::table;
            });
        }).function("fs_rename", a -> {
            String path = path(a, 1, "fs_rename");
            String dest = path(a, 2, "fs_rename");
            return call(uv, a, 3, "fs_rename", path, dest).run(() -> {
                Files.move(Path.of(path), Path.of(dest), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                return TRUE;
            });
        }).function("fs_fsync", a -> {
            int fd = fd(a, 1, "fs_fsync");
            return call(uv, a, 2, "fs_fsync", null, null).run(() -> {
                FileTable.get(fd).channel().force(true);
                return TRUE;
            });
        }).function("fs_fdatasync", a -> {
            int fd = fd(a, 1, "fs_fdatasync");
            return call(uv, a, 2, "fs_fdatasync", null, null).run(() -> {
                FileTable.get(fd).channel().force(false);
                return TRUE;
            });
        }).function("fs_ftruncate", a -> {
            int fd = fd(a, 1, "fs_ftruncate");
            long size = (long) Args.checkNumber(a, 2, "fs_ftruncate");
            return call(uv, a, 3, "fs_ftruncate", null, null).run(() -> {
                FileChannel ch = FileTable.get(fd).channel();
                if (size < ch.size()) {
                    ch.truncate(size);
                } else if (size > ch.size()) {
                    ch.write(ByteBuffer.allocate(1), size - 1); // ftruncate extends with zeros
                }
                return TRUE;
            });
        }).function("fs_sendfile", a -> {
            int out = fd(a, 1, "fs_sendfile");
            int in = fd(a, 2, "fs_sendfile");
            long offset = (long) Args.checkNumber(a, 3, "fs_sendfile");
            long size = (long) Args.checkNumber(a, 4, "fs_sendfile");
            return call(uv, a, 5, "fs_sendfile", null, null).run(() -> {
                FileChannel src = FileTable.get(in).channel();
                FileChannel dst = FileTable.get(out).channel();
                long n = src.transferTo(offset, size, dst);
                return () -> LuaValue.valueOf((double) n);
            });
        }).function("fs_access", a -> {
            String path = path(a, 1, "fs_access");
            int mode = accessMode(a);
            Call c = call(uv, a, 3, "fs_access", path, null);
            return c.run(() -> {
                Path p = Path.of(path);
                boolean ok = Files.exists(p) && ((mode & 4) == 0 || Files.isReadable(p))
                        && ((mode & 2) == 0 || Files.isWritable(p)) && ((mode & 1) == 0 || Files.isExecutable(p));
                return () -> LuaValue.valueOf(ok);
            });
        }).function("fs_chmod", a -> {
            String path = path(a, 1, "fs_chmod");
            int mode = Args.checkInt(a, 2, "fs_chmod");
            return call(uv, a, 3, "fs_chmod", path, null).run(() -> {
                Files.setPosixFilePermissions(Path.of(path), FileTable.permissionSet(mode));
                return TRUE;
            });
        }).function("fs_fchmod", a -> {
            int fd = fd(a, 1, "fs_fchmod");
            int mode = Args.checkInt(a, 2, "fs_fchmod");
            return call(uv, a, 3, "fs_fchmod", null, null).run(() -> {
                Files.setPosixFilePermissions(Path.of(FileTable.get(fd).path()), FileTable.permissionSet(mode));
                return TRUE;
            });
        }).function("fs_utime", a -> utime(uv, a, "fs_utime", true))
          .function("fs_lutime", a -> utime(uv, a, "fs_lutime", false))
          .function("fs_futime", a -> {
            int fd = fd(a, 1, "fs_futime");
            FileTime atime = time(a, 2), mtime = time(a, 3);
            return call(uv, a, 4, "fs_futime", null, null).run(() -> {
                setTimes(Path.of(FileTable.get(fd).path()), atime, mtime, true);
                return TRUE;
            });
        }).function("fs_link", a -> {
            String path = path(a, 1, "fs_link");
            String dest = path(a, 2, "fs_link");
            return call(uv, a, 3, "fs_link", path, dest).run(() -> {
                Files.createLink(Path.of(dest), Path.of(path));
                return TRUE;
            });
        }).function("fs_symlink", a -> {
            String path = path(a, 1, "fs_symlink");
            String dest = path(a, 2, "fs_symlink");
            boolean cbAt3 = callbackAt(a, 3) && a.arg(3).isfunction();
            return call(uv, a, cbAt3 ? 3 : 4, "fs_symlink", path, dest).run(() -> {
                Files.createSymbolicLink(Path.of(dest), Path.of(path));
                return TRUE;
            });
        }).function("fs_readlink", a -> {
            String path = path(a, 1, "fs_readlink");
            return call(uv, a, 2, "fs_readlink", path, null).run(() -> {
                String target = Files.readSymbolicLink(Path.of(path)).toString();
                return () -> LuaValue.valueOf(target);
            });
        }).function("fs_realpath", a -> {
            String path = path(a, 1, "fs_realpath");
            return call(uv, a, 2, "fs_realpath", path, null).run(() -> {
                String real = WorkingDirectory.absolute(Path.of(path)).toRealPath().toString();
                return () -> LuaValue.valueOf(real);
            });
        }).function("fs_chown", a -> chown(uv, a, "fs_chown", true))
          .function("fs_lchown", a -> chown(uv, a, "fs_lchown", false))
          .function("fs_fchown", a -> {
            int fd = fd(a, 1, "fs_fchown");
            int uid = Args.checkInt(a, 2, "fs_fchown"), gid = Args.checkInt(a, 3, "fs_fchown");
            return call(uv, a, 4, "fs_fchown", null, null).run(() -> {
                Path p = Path.of(FileTable.get(fd).path());
                Files.setAttribute(p, "unix:uid", uid);
                Files.setAttribute(p, "unix:gid", gid);
                return TRUE;
            });
        }).function("fs_copyfile", a -> {
            String path = path(a, 1, "fs_copyfile");
            String dest = path(a, 2, "fs_copyfile");
            boolean cbAt3 = a.arg(3).isfunction();
            LuaValue flags = cbAt3 ? LuaValue.NIL : a.arg(3);
            boolean excl = flags.istable() ? flags.get("excl").toboolean() : flags.isnumber() && (flags.toint() & 1) != 0;
            return call(uv, a, cbAt3 ? 3 : 4, "fs_copyfile", path, dest).run(() -> {
                // (the JDK's copy would replace an empty directory, or make one from a directory: libuv copies files)
                if (Files.isDirectory(Path.of(dest)) || Files.isDirectory(Path.of(path))) {
                    throw new FileTable.FsFailure(UvError.EISDIR);
                }
                CopyOption[] opts = excl ? new CopyOption[0] : new CopyOption[] {StandardCopyOption.REPLACE_EXISTING};
                Files.copy(Path.of(path), Path.of(dest), opts);
                return TRUE;
            });
        }).function("fs_opendir", a -> {
            String path = path(a, 1, "fs_opendir");
            int entries = Args.optInt(a, 3, "fs_opendir", 1);
            return call(uv, a, 2, "fs_opendir", path, null).run(() -> {
                var stream = Files.newDirectoryStream(Path.of(path));
                return () -> Directory.opened(uv.dir, stream, Math.max(1, entries));
            });
        }).function("fs_readdir", a -> {
            Directory d = dir(a, "fs_readdir");
            return call(uv, a, 2, "fs_readdir", null, null).run(() -> {
                List<Directory.Entry> entries = d.read();
                return () -> Directory.table(entries);
            });
        }).function("fs_closedir", a -> {
            Directory d = dir(a, "fs_closedir");
            return call(uv, a, 2, "fs_closedir", null, null).run(() -> {
                d.closeDir();
                return TRUE;
            });
        }).function("fs_statfs", a -> {
            String path = path(a, 1, "fs_statfs");
            return call(uv, a, 2, "fs_statfs", path, null).run(() -> {
                FileStore s = Files.getFileStore(Path.of(path));
                long bsize = s.getBlockSize();
                long blocks = s.getTotalSpace() / bsize, bfree = s.getUnallocatedSpace() / bsize;
                long bavail = s.getUsableSpace() / bsize;
                return () -> {
                    LuaTable t = new LuaTable();
                    t.set("type", LuaValue.valueOf(0));
                    t.set("bsize", LuaValue.valueOf((double) bsize));
                    t.set("blocks", LuaValue.valueOf((double) blocks));
                    t.set("bfree", LuaValue.valueOf((double) bfree));
                    t.set("bavail", LuaValue.valueOf((double) bavail));
                    t.set("files", LuaValue.valueOf(0));
                    t.set("ffree", LuaValue.valueOf(0));
                    return t;
                };
            });
        });
    }

    private static Directory dir(Varargs a, String function) {
        if (!(a.arg1() instanceof Directory d) || d.batch == 0) {
            throw Args.typeError(a, 1, function, "uv_dir");
        }
        return d;
    }

    /** The bytes of a string or a table of strings, copied (the write may run later, on a worker). */
    private static ByteBuffer bytes(LuaValue data, String function) {
        io.netty.buffer.ByteBuf b = Stream.buffer(data, function, 2);
        try {
            byte[] copy = new byte[b.readableBytes()];
            b.readBytes(copy);
            return ByteBuffer.wrap(copy);
        } finally {
            b.release();
        }
    }

    /** {@code fs_access}'s mode: R_OK (4), W_OK (2), X_OK (1) as a number, or letters "r", "w", "x". */
    private static int accessMode(Varargs a) {
        LuaValue m = a.arg(2);
        if (m.type() == LuaValue.TNUMBER) {
            return m.toint();
        }
        if (!m.isstring()) {
            throw Args.typeError(a, 2, "fs_access", "number or string");
        }
        int mode = 0;
        for (char c : m.tojstring().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            mode |= c == 'r' ? 4 : c == 'w' ? 2 : c == 'x' ? 1 : 0;
        }
        return mode;
    }

    /** A time argument of the utime functions: seconds (fractions allowed), nil for now. */
    private static FileTime time(Varargs a, int i) {
        if (a.isnoneornil(i) || a.arg(i).isstring() && a.arg(i).tojstring().equals("now")) {
            return FileTime.from(java.time.Instant.now());
        }
        double s = Args.checkNumber(a, i, "fs_utime");
        long nanos = (long) Math.floor(s * 1e9);
        return FileTime.from(java.time.Instant.ofEpochSecond(0, nanos));
    }

    private static Varargs utime(Luv uv, Varargs a, String function, boolean follow) {
        String path = path(a, 1, function);
        FileTime atime = time(a, 2), mtime = time(a, 3);
        return call(uv, a, 4, function, path, null).run(() -> {
            setTimes(Path.of(path), atime, mtime, follow);
            return TRUE;
        });
    }

    private static void setTimes(Path p, FileTime atime, FileTime mtime, boolean follow) throws IOException {
        LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class, opts)
                .setTimes(mtime, atime, null);
    }

    private static Varargs chown(Luv uv, Varargs a, String function, boolean follow) {
        String path = path(a, 1, function);
        int uid = Args.checkInt(a, 2, function), gid = Args.checkInt(a, 3, function);
        return call(uv, a, 4, function, path, null).run(() -> {
            LinkOption[] opts = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            Files.setAttribute(Path.of(path), "unix:uid", uid, opts);
            Files.setAttribute(Path.of(path), "unix:gid", gid, opts);
            return TRUE;
        });
    }
}
