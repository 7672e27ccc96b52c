package dev.ljuv.stdlib.vm;

import org.luaj.vm2.LuaString;

/** The short form of a chunk name that positions and tracebacks show, as LuaJIT abbreviates it. */
public final class ChunkNames {
    private ChunkNames() {}

    /** LuaJIT's LUA_IDSIZE: the room a short source name has, terminator included. */
    static final int ID_SIZE = 60;

    public static String shortSource(LuaString source) {
        return source == null ? "?" : shortSource(source.tojstring());
    }

    /**
     * The name a binary chunk's load error starts with, as LuaJIT's bytecode reader writes it: the chunk name
     * without its {@code =} or {@code @}, or {@code (binary)} when the name is the chunk itself (the default).
     */
    public static String bytecodeSource(String chunkName) {
        if (chunkName.startsWith("\u001b")) {
            return "(binary)";
        }
        return chunkName.startsWith("=") || chunkName.startsWith("@") ? chunkName.substring(1) : chunkName;
    }

    public static String shortSource(String source) {
        if (source.startsWith("=")) {
            String name = source.substring(1);
            return name.length() < ID_SIZE ? name : name.substring(0, ID_SIZE - 1);
        }
        if (source.startsWith("@")) {
            String name = source.substring(1);
            return name.length() < ID_SIZE ? name : "..." + name.substring(name.length() - (ID_SIZE - 4));
        }
        // up to the first control character; a longer or cut name keeps 45 characters and gets "..."
        int len = 0;
        while (len < ID_SIZE - 12 && len < source.length() && source.charAt(len) >= ' ') {
            len++;
        }
        if (len == source.length()) {
            return "[string \"" + source + "\"]";
        }
        return "[string \"" + source.substring(0, Math.min(len, ID_SIZE - 15)) + "...\"]";
    }
}
