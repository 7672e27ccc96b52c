package dev.ljuv.stdlib.lib.buffer;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * A buffer's serialization options: {@code dict}, strings written as their index, and {@code metatable},
 * metatables written as their index (both 0-based in the format, 1-based in Lua).
 *
 * <p>Threading: immutable after construction.
 */
final class Options {
    static final Options NONE = new Options(new LuaValue[0], new LuaValue[0]);

    final LuaValue[] strings;
    final LuaValue[] metatables;
    private final Map<LuaString, Integer> stringIndex = new HashMap<>();
    private final Map<LuaValue, Integer> metatableIndex = new IdentityHashMap<>();

    Options(LuaValue[] strings, LuaValue[] metatables) {
        this.strings = strings;
        this.metatables = metatables;
        for (int i = 0; i < strings.length; i++) {
            stringIndex.putIfAbsent((LuaString) strings[i], i);
        }
        for (int i = 0; i < metatables.length; i++) {
            metatableIndex.putIfAbsent(metatables[i], i);
        }
    }

    boolean hasStrings() {
        return strings.length > 0;
    }

    boolean hasMetatables() {
        return metatables.length > 0;
    }

    /** Index of a dictionary string, or -1. */
    int stringIndex(LuaString s) {
        Integer i = stringIndex.get(s);
        return i == null ? -1 : i;
    }

    /** Index of a dictionary metatable, or -1. */
    int metatableIndex(LuaValue mt) {
        Integer i = metatableIndex.get(mt);
        return i == null ? -1 : i;
    }

    /** Reads {@code {dict = {...}, metatable = {...}}}; entries that are not tables are ignored, as in LuaJIT. */
    static Options from(LuaValue table) {
        LuaValue dict = table.get("dict");
        LuaValue mts = table.get("metatable");
        return new Options(list(dict, true), list(mts, false));
    }

    private static LuaValue[] list(LuaValue t, boolean strings) {
        if (!t.istable()) {
            return new LuaValue[0];
        }
        int n = t.length();
        LuaValue[] out = new LuaValue[n];
        for (int i = 1; i <= n; i++) {
            LuaValue v = t.get(i);
            if (strings ? !(v instanceof LuaString) : !v.istable()) {
                throw new org.luaj.vm2.LuaError("bad argument #2 to 'new' (invalid " + (strings ? "dict" : "metatable")
                        + " entry " + i + ")");
            }
            out[i - 1] = v;
        }
        return out;
    }
}
