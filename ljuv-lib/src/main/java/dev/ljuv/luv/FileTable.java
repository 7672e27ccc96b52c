package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file descriptors of luv's {@code fs_*} functions: the JVM does not show a file's descriptor, so the
 * numbers {@code fs_open} returns are this table's, process-wide as real descriptors are (a number opened by one
 * thread's state can be used by another's), the lowest free one from 3 up, as the kernel would give; 0, 1 and 2
 * are the standard streams of the state that uses them. Also the parts of a file's description luv reports:
 * open flags ({@code "r"}, {@code "w+"}, ... or Linux's {@code O_*} numbers) and the stat table.
 *
 * <p>Threading: the table is safe from any thread (fs work runs on worker threads); one open file is used by
 * one operation at a time, as with descriptors.
 */
final class FileTable {
    private FileTable() {}

    /** Linux's open flags, the numbers luv scripts pass (and {@code uv.constants} lists). */
    static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000,
            O_APPEND = 02000, O_SYNC = 04010000;

    /** An open file: its channel and what its descriptor was opened for. */
    record OpenFile(FileChannel channel, String path, boolean append) {}

    private static final Map<Integer, OpenFile> OPEN = new ConcurrentHashMap<>();

    /** The system's descriptors numbered here ({@link Descriptors}: the ends of socket pairs), by their number here. */
    private static final Map<Integer, Integer> SYSTEM = new ConcurrentHashMap<>();

    /** {@code "r"}, {@code "w+"}, {@code "ax"}... as luv's {@code luv_check_flags}; -1 for an unknown text. */
    static int flags(String mode) {
        return switch (mode) {
            case "r" -> O_RDONLY;
            case "rs", "sr" -> O_RDONLY | O_SYNC;
            case "r+" -> O_RDWR;
            case "rs+", "sr+" -> O_RDWR | O_SYNC;
            case "w" -> O_TRUNC | O_CREAT | O_WRONLY;
            case "wx", "xw" -> O_TRUNC | O_CREAT | O_WRONLY | O_EXCL;
            case "w+" -> O_TRUNC | O_CREAT | O_RDWR;
            case "wx+", "xw+" -> O_TRUNC | O_CREAT | O_RDWR | O_EXCL;
            case "a" -> O_APPEND | O_CREAT | O_WRONLY;
            case "ax", "xa" -> O_APPEND | O_CREAT | O_WRONLY | O_EXCL;
            case "a+" -> O_APPEND | O_CREAT | O_RDWR;
            case "ax+", "xa+" -> O_APPEND | O_CREAT | O_RDWR | O_EXCL;
            default -> -1;
        };
    }

    /** Opens {@code path} with Linux open flags and a creation mode; returns the new descriptor. */
    static int open(String path, int flags, int mode) throws IOException {
        Set<OpenOption> options = new HashSet<>();
        int access = flags & 3;
        if (access == O_RDONLY || access == O_RDWR) {
            options.add(StandardOpenOption.READ);
        }
        if (access == O_WRONLY || access == O_RDWR) {
            options.add(StandardOpenOption.WRITE);
        }
        if ((flags & O_CREAT) != 0) {
            options.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if ((flags & O_TRUNC) != 0 && access != O_RDONLY) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if ((flags & O_SYNC) == O_SYNC) {
            options.add(StandardOpenOption.SYNC);
        }
        boolean append = (flags & O_APPEND) != 0;
        Path p = Path.of(path);
        FileChannel ch = (flags & O_CREAT) != 0
                ? FileChannel.open(p, options, permissions(mode))
                : FileChannel.open(p, options);
        return add(new OpenFile(ch, path, append));
    }

    static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        return PosixFilePermissions.asFileAttribute(permissionSet(mode));
    }

    static Set<PosixFilePermission> permissionSet(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE: 0400 .. 0001
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }

    static synchronized int add(OpenFile f) {
        int fd = free();
        OPEN.put(fd, f);
        return fd;
    }

    /** Numbers the system's descriptor {@code os} here (see {@link Descriptors}). */
    static synchronized int addSystem(int os) {
        int fd = free();
        SYSTEM.put(fd, os);
        return fd;
    }

    /** The system's descriptor numbered {@code fd}, taken out of the table (its new owner closes it), or null. */
    static Integer takeSystem(int fd) {
        return SYSTEM.remove(fd);
    }

    /** Whether {@code fd} numbers one of the system's descriptors (a socket: luv's guess_handle says "pipe"). */
    static boolean isSystem(int fd) {
        return SYSTEM.containsKey(fd);
    }

    /** Whether {@code fd} numbers an open file. */
    static boolean isFile(int fd) {
        return OPEN.containsKey(fd);
    }

    /** The lowest free number from 3, as the kernel gives (called holding the table's lock). */
    private static int free() {
        int fd = 3;
        while (OPEN.containsKey(fd) || SYSTEM.containsKey(fd)) {
            fd++;
        }
        return fd;
    }

    /** The open file of {@code fd}, or the {@code EBADF} failure. */
    static OpenFile get(int fd) throws FsFailure {
        OpenFile f = OPEN.get(fd);
        if (f == null) {
            throw new FsFailure(UvError.EBADF);
        }
        return f;
    }

    static void close(int fd) throws IOException, FsFailure {
        Integer os = SYSTEM.remove(fd);
        if (os != null) {
            Descriptors.close(os);
            return;
        }
        OpenFile f = OPEN.remove(fd);
        if (f == null) {
            if (fd >= 0 && fd <= 2) {
                return; // the standard streams stay open, as the JVM keeps them
            }
            throw new FsFailure(UvError.EBADF);
        }
        f.channel.close();
    }

    /** Reads up to {@code size} bytes at {@code offset} (negative: the current position). */
    static byte[] read(int fd, int size, long offset, InputStream stdin) throws IOException, FsFailure {
        if (fd == 0 && !OPEN.containsKey(0)) {
            byte[] b = stdin.readNBytes(Math.min(size, Math.max(1, stdin.available())));
            return b;
        }
        Integer os = SYSTEM.get(fd);
        if (os != null) {
            return Descriptors.read(os, size);
        }
        OpenFile f = get(fd);
        byte[] out = new byte[Math.max(0, size)];
        ByteBuffer buf = ByteBuffer.wrap(out);
        int n = offset < 0 ? f.channel.read(buf) : f.channel.read(buf, offset);
        if (n <= 0) {
            return new byte[0];
        }
        return n == out.length ? out : Arrays.copyOf(out, n); // a short read: only at the end of the file
    }

    static int write(int fd, ByteBuffer data, long offset, PrintStream stdout, PrintStream stderr)
            throws IOException, FsFailure {
        int n = data.remaining();
        if ((fd == 1 || fd == 2) && !OPEN.containsKey(fd)) {
            PrintStream s = fd == 1 ? stdout : stderr;
            s.write(data.array(), data.arrayOffset() + data.position(), n);
            s.flush();
            return n;
        }
        Integer os = SYSTEM.get(fd);
        if (os != null) {
            int sent = Descriptors.write(os, data.array(), data.arrayOffset() + data.position(), n);
            data.position(data.position() + sent);
            return sent;
        }
        OpenFile f = get(fd);
        int written = 0;
        if (f.append || offset < 0) {
            if (f.append) {
                f.channel.position(f.channel.size());
            }
            while (data.hasRemaining()) {
                written += f.channel.write(data);
            }
        } else {
            while (data.hasRemaining()) {
                written += f.channel.write(data, offset + written);
            }
        }
        return written;
    }

    /** The type name luv gives a file mode ({@code S_IFMT} bits). */
    static String type(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> "file";
            case 0040000 -> "directory";
            case 0120000 -> "link";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0020000 -> "char";
            case 0060000 -> "block";
            default -> null;
        };
    }

    /** {@code mkdtemp}/{@code mkstemp}: the template's trailing {@code XXXXXX} replaced until the name is new. */
    static String temporary(String template, boolean directory) throws IOException, FsFailure {
        if (!template.endsWith("XXXXXX")) {
            throw new FsFailure(UvError.EINVAL);
        }
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 100; attempt++) {
            StringBuilder name = new StringBuilder(template.substring(0, template.length() - 6));
            for (int i = 0; i < 6; i++) {
                name.append(chars.charAt(random.nextInt(chars.length())));
            }
            Path p = Path.of(name.toString());
            try {
                if (directory) {
                    java.nio.file.Files.createDirectory(p, permissions(0700));
                } else {
                    java.nio.file.Files.createFile(p, permissions(0600));
                }
                return name.toString();
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // taken: another name
            }
        }
        throw new FsFailure(UvError.EEXIST);
    }

    /** A failure with libuv's error and no Java exception behind it (a bad descriptor, an invalid argument). */
    static final class FsFailure extends Exception {
        final UvError error;

        FsFailure(UvError error) {
            super(error.name(), null, false, false);
            this.error = error;
        }
    }
}
