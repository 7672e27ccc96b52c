package dev.ljuv.stdlib;

import dev.ljuv.stdlib.lib.base.BaseLibrary;
import dev.ljuv.stdlib.vm.Builtins;
import dev.ljuv.stdlib.vm.MemoryLimit;
import dev.ljuv.stdlib.lib.bit.BitLibrary;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import dev.ljuv.stdlib.lib.coroutine.CoroutineLibrary;
import dev.ljuv.stdlib.lib.debug.DebugLibrary;
import dev.ljuv.stdlib.lib.io.IoLibrary;
import dev.ljuv.stdlib.lib.io.StdStreams;
import dev.ljuv.stdlib.lib.jit.JitLibrary;
import dev.ljuv.stdlib.lib.math.MathLibrary;
import dev.ljuv.stdlib.lib.os.OsLibrary;
import dev.ljuv.stdlib.lib.pkg.PackageLibrary;
import dev.ljuv.stdlib.lib.string.StringLibrary;
import dev.ljuv.stdlib.lib.table.TableLibrary;
import dev.ljuv.stdlib.load.BinaryChunks;
import dev.ljuv.stdlib.load.ClosureLoader;
import dev.ljuv.stdlib.load.SourceFilters;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.ChunkNames;
import dev.ljuv.stdlib.vm.CurrentState;
import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;

/**
 * A Lua state that speaks LuaJIT 2.1's dialect: the chunk loader (LuaJ's parser behind LuaJIT's source
 * filters, the compiler of {@code dev.ljuv.stdlib.compile}), then the libraries in LuaJIT's {@code lib_init.c}
 * order, each built by its own class under {@code dev.ljuv.stdlib.lib} and registered here as a global and in
 * {@code package.loaded}.
 *
 * <p>Threading: the returned state is not thread-safe; only the thread that runs it may touch it. It becomes
 * the current state of the creating thread.
 */
public final class LuaJitStdlib {
    private LuaJitStdlib() {}

    /** A new state whose standard streams are {@code streams}, with the default options. */
    public static LuaJitGlobals newGlobals(StdStreams streams) {
        return newGlobals(streams, RuntimeOptions.DEFAULTS);
    }

    /**
     * The Lua error for a Java failure of the compiler or the loader on {@code chunkName}: {@code <chunk>: internal
     * error}, no Java text; LJUV_DEBUG prints the trace, for a bug report.
     */
    private static LuaError loadFailure(RuntimeException e, String chunkName, RuntimeOptions options) {
        if (options.debug()) {
            e.printStackTrace();
        }
        return new LuaError(ChunkNames.shortSource(chunkName) + ": " + LuaErrors.describe(e));
    }

    /** A new state whose standard streams are {@code streams}. */
    public static LuaJitGlobals newGlobals(StdStreams streams, RuntimeOptions options) {
        ErrorHooks.verify();
        LuaErrors.prepare();
        LuaJitGlobals g = new LuaJitGlobals(options);
        g.STDIN = streams.in();
        g.STDOUT = streams.out();
        g.STDERR = streams.err();
        LoadState.install(g);
        LuaC.install(g);
        Globals.Compiler compiler = g.compiler;
        g.compiler = (stream, chunkName) -> {
            try {
                return compiler.compile(SourceFilters.prepare(stream, chunkName), chunkName);
            } catch (LuaError e) {
                throw e;
            } catch (RuntimeException e) { // never let a Java exception text through as a syntax error
                throw loadFailure(e, chunkName, options);
            }
        };
        Globals.Loader loader = new ClosureLoader(g);
        g.loader = (prototype, chunkName, env) -> {
            try {
                return loader.load(prototype, chunkName, env);
            } catch (LuaError e) {
                throw e;
            } catch (RuntimeException e) { // LuaJ's load would put the exception's class and text in its error
                throw loadFailure(e, chunkName, options);
            }
        };
        g.undumper = new BinaryChunks(g.undumper);

        BaseLibrary.install(g);
        g.STDIN = streams.in(); // LuaJ's base library, loaded by the one above, sets System.in
        LuaTable pkg = PackageLibrary.install(g);
        LuaTable loaded = pkg.get("loaded").checktable();
        LuaTable preload = pkg.get("preload").checktable();
        loaded.set("_G", g);
        open(g, loaded, "package", pkg);
        open(g, loaded, "table", TableLibrary.install(preload));
        open(g, loaded, "io", IoLibrary.install(g));
        open(g, loaded, "os", OsLibrary.install(g, streams));
        open(g, loaded, "string", StringLibrary.install(g));
        open(g, loaded, "math", MathLibrary.install());
        open(g, loaded, "debug", DebugLibrary.install(g));
        open(g, loaded, "bit", BitLibrary.install());
        open(g, loaded, "jit", JitLibrary.install(loaded, preload));
        open(g, loaded, "coroutine", CoroutineLibrary.install(g));
        preload.set("string.buffer", Functions.named("string.buffer", args -> StringBufferLibrary.install()));

        g.internKeys(g);
        for (LuaValue k = g.next(LuaValue.NIL).arg1(); !k.isnil(); k = g.next(k).arg1()) {
            if (g.rawget(k) instanceof LuaTable library) {
                g.internKeys(library);
            }
        }
        Builtins.number(g);
        if (options.memoryLimit() > 0) {
            MemoryLimit.install(g, options.memoryLimit());
        }
        CurrentState.enter(g);
        return g;
    }

    private static void open(LuaJitGlobals g, LuaTable loaded, String name, LuaTable library) {
        g.set(name, library);
        loaded.set(name, library);
    }
}
