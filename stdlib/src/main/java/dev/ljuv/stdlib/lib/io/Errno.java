package dev.ljuv.stdlib.lib.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The C library's failure result of the io and os functions, {@code nil, "name: strerror", errno}, from a Java
 * I/O exception: the errno is found from the exception's type or from the C text the JDK put in its message
 * ({@code "x (No such file or directory)"}), with Linux's numbers and texts.
 *
 * <p>Threading: stateless.
 */
public final class Errno {
    private Errno() {}

    /** Linux's strerror texts and numbers of the errors file operations meet. */
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("Operation not permitted", 1), Map.entry("No such file or directory", 2),
            Map.entry("Input/output error", 5), Map.entry("Bad file descriptor", 9),
            Map.entry("Resource temporarily unavailable", 11),
            Map.entry("Permission denied", 13), Map.entry("Device or resource busy", 16),
            Map.entry("File exists", 17), Map.entry("Invalid cross-device link", 18),
            Map.entry("Not a directory", 20), Map.entry("Is a directory", 21), Map.entry("Invalid argument", 22),
            Map.entry("Too many open files", 24), Map.entry("No space left on device", 28),
            Map.entry("Illegal seek", 29), Map.entry("Read-only file system", 30), Map.entry("Broken pipe", 32),
            Map.entry("File name too long", 36), Map.entry("Directory not empty", 39),
            Map.entry("Too many levels of symbolic links", 40), Map.entry("Operation not supported", 95));

    /** {@code nil, "name: text", errno} for {@code e}, raised while working on {@code name} (the text alone: null). */
    public static Varargs failure(String name, IOException e) {
        String text = text(e);
        return failure(name, text, number(text));
    }

    /** The errno of {@code e} (EIO, 5, for a failure the table does not know). */
    public static int number(IOException e) {
        return number(text(e));
    }

    private static int number(String text) {
        Integer errno = NUMBERS.get(text);
        return errno == null ? 5 : errno;
    }

    /** {@code nil, "name: text", errno} for errno {@code n} (Linux's number), or the text alone when name is null. */
    public static Varargs failure(String name, int n) {
        return failure(name, text(n), n);
    }

    private static Varargs failure(String name, String text, int errno) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(name == null ? text : name + ": " + text),
                LuaValue.valueOf(errno));
    }

    /** The strerror text of errno {@code n}: glibc's "Unknown error n" for one the table does not have. */
    public static String text(int n) {
        for (Map.Entry<String, Integer> e : NUMBERS.entrySet()) {
            if (e.getValue() == n) {
                return e.getKey();
            }
        }
        return "Unknown error " + n;
    }

    /** The strerror text of {@code e}. */
    public static String text(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return underFile(n) ? "Not a directory" : "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof AtomicMoveNotSupportedException) {
            return "Invalid cross-device link";
        }
        String m = e instanceof FileSystemException fs ? fs.getReason() : e.getMessage();
        if (m == null) {
            return "Input/output error";
        }
        int open = m.lastIndexOf(" (");
        if (open >= 0 && m.endsWith(")")) { // java.io's "name (reason)"
            m = m.substring(open + 2, m.length() - 1);
        }
        return NUMBERS.containsKey(m) ? m : m.equals("Stream closed") ? "Bad file descriptor" : m;
    }

    /**
     * Whether the nearest existing ancestor of the missing file is no directory: the kernel said ENOTDIR where the
     * JDK's attribute reads say "no such file" ({@code stat("/etc/passwd/x")}).
     */
    public static boolean underFile(NoSuchFileException e) {
        try {
            for (java.nio.file.Path a = java.nio.file.Path.of(e.getFile()).getParent(); a != null; a = a.getParent()) {
                if (java.nio.file.Files.exists(a)) {
                    return !java.nio.file.Files.isDirectory(a);
                }
            }
        } catch (RuntimeException unnamed) { // (no file, or a name the JDK refuses: none to look above)
        }
        return false;
    }
}
