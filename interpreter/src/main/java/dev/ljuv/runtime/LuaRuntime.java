package dev.ljuv.runtime;

import dev.ljuv.LjuvModule;
import dev.ljuv.luv.Lfs;
import dev.ljuv.stdlib.lib.cjson.CjsonLibrary;
import dev.ljuv.stdlib.lib.openssl.Luaossl;
import dev.ljuv.luv.Luv;
import dev.ljuv.java.JavaLibrary;
import dev.ljuv.java.JavaState;
import dev.ljuv.java.Luajava;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.LuaJitStdlib;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.stdlib.lib.io.StdStreams;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The one place where a ready Lua state is assembled: LuaJ globals with the LuaJIT standard library, the
 * package paths, and the preloaded modules ({@code ljuv}, {@code luv}, {@code lfs}, {@code cjson}, luaossl's, the Lua-written
 * ones of {@code Luv.luaModules}; {@code java} and {@code luajava} under the runtime's {@link StatePolicy}). The
 * command line, the spec tests, ljuv threads and the embedding
 * API all build states here, so a script behaves the same whichever way it is run.
 *
 * <p>Threading: immutable and safe to share; each state it builds belongs to the thread that uses it.
 */
public final class LuaRuntime {
    private final StdStreams streams;
    private final PackagePaths paths;
    private final RuntimeOptions options;
    private final StatePolicy policy;

    /** A runtime whose states may reach everything (the command line's). */
    public LuaRuntime(StdStreams streams, PackagePaths paths, RuntimeOptions options) {
        this(streams, paths, options, StatePolicy.ALL);
    }

    public LuaRuntime(StdStreams streams, PackagePaths paths, RuntimeOptions options, StatePolicy policy) {
        this.streams = streams;
        this.paths = paths;
        this.options = options;
        this.policy = policy;
    }

    /** The settings every state of this runtime gets (read once, where the runtime was made). */
    public RuntimeOptions options() {
        return options;
    }

    public StdStreams streams() {
        return streams;
    }

    public PackagePaths paths() {
        return paths;
    }

    /** A new, independent Lua state. */
    public Globals newState() {
        return newState(paths);
    }

    /** A new state with other package paths (ljuv threads inherit their creator's). */
    public Globals newState(PackagePaths statePaths) {
        Globals g = LuaJitStdlib.newGlobals(streams, options);
        LuaTable pkg = g.get("package").checktable();
        pkg.set("path", LuaValue.valueOf(statePaths.path()));
        pkg.set("cpath", LuaValue.valueOf(statePaths.cpath()));
        LuaValue preload = pkg.get("preload");
        preload.set("ljuv", LjuvModule.loader(g, (path, cpath) -> newState(new PackagePaths(path, cpath))));
        preload.set("luv", Luv.loader(g));
        preload.set("uv", Luv.loader(g));
        preload.set("lfs", Lfs.loader(g));
        CjsonLibrary.preload(preload.checktable());
        Luaossl.preload(preload.checktable());
        Luv.luaModules(g).forEach(preload::set);
        JavaState java = JavaState.install((LuaJitGlobals) g, policy.java());
        preload.set("java", JavaLibrary.loader(java));
        preload.set("luajava", Luajava.loader(java));
        ((LuaJitGlobals) g).binaryChunks = policy.binaryChunks();
        LuaValue loaded = pkg.get("loaded");
        for (String name : policy.removed()) {
            g.rawset(name, LuaValue.NIL);
            loaded.set(name, LuaValue.NIL);
            preload.set(name, LuaValue.NIL);
        }
        return g;
    }
}
