package dev.ljuv.stdlib.lib.io;

import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The metatable of io files, as LuaJIT exposes it: {@code getmetatable(io.stdout)} is a table holding the
 * file methods, {@code __index} (itself), {@code __gc} and {@code __tostring}. LuaJ's files have no
 * metatable (their methods are looked up directly), so {@code getmetatable} and {@code debug.getmetatable}
 * answer this table for them ({@link IoLibrary#fileMetatable}). It is a view: the files' own look-ups do not
 * consult it.
 *
 * <p>Threading: one per Lua state, built and used by its thread.
 */
public final class FileMetatable {
    private static final String[] METHODS = {"close", "flush", "lines", "read", "seek", "setvbuf", "write"};

    private FileMetatable() {}

    /** The metatable of the files {@code anyFile} shares its methods with. */
    static LuaTable create(LuaValue anyFile) {
        LuaTable mt = new LuaTable();
        for (String name : METHODS) {
            mt.set(name, anyFile.get(name));
        }
        LuaValue close = anyFile.get("close");
        mt.set("__index", mt);
        mt.set("__gc", Functions.named("__gc", args -> {
            if (LuaJitIoLib.isCollectableFile(args.arg1())) {
                close.call(args.arg1());
            }
            return LuaValue.NONE;
        }));
        mt.set("__tostring", Functions.named("__tostring", args -> LuaValue.valueOf(args.arg1().tojstring())));
        return mt;
    }
}
