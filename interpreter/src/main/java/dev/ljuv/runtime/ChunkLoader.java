package dev.ljuv.runtime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * Loads chunks the way luajit's {@code luaL_loadfile} and {@code luaL_loadstring} do: files as
 * {@code @name} with a leading {@code #!} line skipped, strings under the given chunk name, stdin as
 * {@code =stdin}. Syntax errors are raised as Lua errors.
 */
public final class ChunkLoader {
    private ChunkLoader() {}

    public static LuaValue loadString(Globals g, String source, String chunkName) {
        return load(g, source.getBytes(StandardCharsets.UTF_8), chunkName);
    }

    public static LuaValue loadFile(Globals g, String fileName) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(fileName));
        } catch (IOException e) {
            throw new IOException("cannot open " + fileName + ": " + describe(e), e);
        }
        return load(g, bytes, "@" + fileName);
    }

    public static LuaValue loadStdin(Globals g) throws IOException {
        return load(g, g.STDIN.readAllBytes(), "=stdin");
    }

    public static LuaValue load(Globals g, byte[] bytes, String chunkName) {
        InputStream in = new ByteArrayInputStream(bytes, skipShebang(bytes), bytes.length);
        return g.load(in, chunkName, "bt", g);
    }

    /** Where the chunk starts: after a first line beginning with '#', keeping its newline for line numbers. */
    private static int skipShebang(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != '#') {
            return 0;
        }
        int i = 0;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** The C library's text for an I/O failure, as Lua prints it. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        String m = e.getMessage();
        return m == null ? "input/output error" : m;
    }
}
