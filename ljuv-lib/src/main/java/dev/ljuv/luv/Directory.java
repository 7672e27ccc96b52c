package dev.ljuv.luv;

import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A directory being listed: what {@code uv.fs_scandir} returns (all entries read at once, handed out by
 * {@code fs_scandir_next}) and what {@code uv.fs_opendir} returns ({@code uv_dir}: {@code readdir} hands out up
 * to {@code entries} at a time, {@code closedir} ends it).
 *
 * <p>Threading: entries are read on a worker thread for the asynchronous forms, one operation at a time, as
 * luv's requests; handed out on the loop's thread.
 */
final class Directory extends LuaObject {
    /** One entry: its name and luv's type ("file", "directory", "link", ...). */
    record Entry(String name, String type) {}

    private final List<Entry> scanned;
    private int next;
    private DirectoryStream<Path> stream;
    private Iterator<Path> open;
    final int batch;

    private Directory(MethodTable<Directory> type, List<Entry> scanned, DirectoryStream<Path> stream, int batch) {
        super(type, type, true);
        this.scanned = scanned;
        this.stream = stream;
        this.open = stream == null ? null : stream.iterator();
        this.batch = batch;
    }

    /** Every entry of {@code dir}, sorted by name, as {@code uv_fs_scandir} lists them. */
    static List<Entry> scan(Path dir) throws IOException {
        List<Entry> list = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                list.add(entry(p));
            }
        }
        list.sort((a, b) -> a.name.compareTo(b.name));
        return list;
    }

    static Directory scanned(MethodTable<Directory> type, List<Entry> entries) {
        return new Directory(type, entries, null, 0);
    }

    static Directory opened(MethodTable<Directory> type, DirectoryStream<Path> stream, int batch) {
        return new Directory(type, null, stream, batch);
    }

    private static Entry entry(Path p) {
        String type;
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            type = a.isSymbolicLink() ? "link" : a.isDirectory() ? "directory" : a.isRegularFile() ? "file"
                    : FileTable.type((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            type = null;
        }
        return new Entry(p.getFileName().toString(), type);
    }

    /** {@code fs_scandir_next}: the next entry's name and type, or nothing at the end. */
    Varargs scanNext() {
        if (scanned == null || next >= scanned.size()) {
            return NONE;
        }
        Entry e = scanned.get(next++);
        return e.type == null ? valueOf(e.name) : varargsOf(valueOf(e.name), valueOf(e.type));
    }

    /** {@code readdir}: up to {@link #batch} entries, none at the end. Runs on a worker thread when asynchronous. */
    synchronized List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        while (open != null && out.size() < batch && open.hasNext()) {
            out.add(entry(open.next()));
        }
        return out;
    }

    synchronized void closeDir() throws IOException {
        if (stream != null) {
            stream.close();
            stream = null;
            open = null;
        }
    }

    /** The entries as luv's {@code readdir} gives them: a table of {name=, type=}, or nil when none are left. */
    static LuaValue table(List<Entry> entries) {
        if (entries.isEmpty()) {
            return NIL;
        }
        LuaTable t = new LuaTable();
        for (Entry e : entries) {
            LuaTable item = new LuaTable();
            item.set("name", e.name);
            if (e.type != null) {
                item.set("type", e.type);
            }
            t.set(t.length() + 1, item);
        }
        return t;
    }
}
