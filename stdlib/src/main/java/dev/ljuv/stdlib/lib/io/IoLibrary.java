package dev.ljuv.stdlib.lib.io;

import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The io library (LuaJIT's {@code lib_io.c}): LuaJ's functions on {@link LuaJitIoLib}'s files, the standard
 * streams as plain fields, and the file metatable LuaJIT exposes ({@link FileMetatable}), which
 * {@code getmetatable} and {@code debug.getmetatable} answer for files.
 *
 * <p>Threading: installs into one state; a file belongs to the state that opened it.
 */
public final class IoLibrary {
    /** Every name of the {@code io} table. */
    static final String[] NAMES = {
        "close", "flush", "input", "lines", "open", "output", "popen", "read", "stderr", "stdin", "stdout", "tmpfile",
        "type", "write",
    };

    private IoLibrary() {}

    /** The {@code io} table, with the state's file metatable made. */
    public static LuaTable install(LuaJitGlobals g) {
        LuaJitIoLib lib = new LuaJitIoLib();
        LuaTable luaj = Functions.luaj(g, lib, "io");
        lib.fileMethods().set("lines", Functions.named("lines", args -> lib.lines(args, false)));
        LuaTable io = Functions.library("io", NAMES)
                .keep(luaj, "close", "flush", "input", "open", "output", "popen", "read", "tmpfile", "type", "write")
                .function("lines", args -> lib.lines(args, true))
                // LuaJ creates the streams on first access through a metatable: make them plain fields
                .value("stdin", luaj.get("stdin"))
                .value("stdout", luaj.get("stdout"))
                .value("stderr", luaj.get("stderr"))
                .done();
        lib.rememberStdout(io.get("stdout"));
        lib.rememberStdin(io.get("stdin"));
        g.fileMetatable = FileMetatable.create(io.get("stdout"));
        return io;
    }

    /** Whether {@code v} is an io file. */
    public static boolean isFile(LuaValue v) {
        return LuaJitIoLib.isFile(v);
    }

    /** The metatable of files in {@code g}, as {@code getmetatable(io.stdout)} answers it. */
    public static LuaTable fileMetatable(LuaJitGlobals g) {
        return g.fileMetatable;
    }
}
