package dev.ljuv.stdlib.load;

import java.io.IOException;
import java.io.InputStream;

/** What happens to Lua source before LuaJ compiles it (LuaJIT syntax LuaJ's lexer lacks). */
public final class SourceFilters {
    private SourceFilters() {}

    /** The source LuaJ compiles; an invalid string escape is raised as LuaJIT words it, with {@code chunkName}'s position. */
    public static InputStream prepare(InputStream source, String chunkName) throws IOException {
        byte[] src = source.readAllBytes();
        if (src.length >= 3 && (src[0] & 0xff) == 0xef && (src[1] & 0xff) == 0xbb && (src[2] & 0xff) == 0xbf) {
            src = java.util.Arrays.copyOfRange(src, 3, src.length); // a UTF-8 byte order mark, skipped as LuaJIT does
        }
        if (src.length > 0 && src[0] == 0x1b) {
            return new SourceBytes(src); // a binary chunk
        }
        try {
            EscapeCheck.check(src);
        } catch (EscapeCheck.Invalid e) {
            java.io.ByteArrayOutputStream m = new java.io.ByteArrayOutputStream(); // the string's bytes as they are
            m.writeBytes((dev.ljuv.stdlib.vm.ChunkNames.shortSource(chunkName) + ":" + e.line
                    + ": invalid escape sequence near '").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.writeBytes(e.near);
            m.write('\'');
            throw new org.luaj.vm2.LuaError(org.luaj.vm2.LuaString.valueUsing(m.toByteArray()));
        }
        if (UnicodeEscapes.mayContain(src)) {
            src = UnicodeEscapes.rewrite(src);
        }
        return new SourceBytes(src);
    }
}
