package dev.ljuv.stdlib.load;

import java.io.IOException;
import java.io.InputStream;

/** What happens to Lua source before LuaJ compiles it (LuaJIT syntax LuaJ's lexer lacks). */
public final class SourceFilters {
    private SourceFilters() {}

    public static InputStream prepare(InputStream source) throws IOException {
        return UnicodeEscapes.prepare(source);
    }
}
