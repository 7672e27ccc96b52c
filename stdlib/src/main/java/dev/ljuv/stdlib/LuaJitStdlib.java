package dev.ljuv.stdlib;

import dev.ljuv.stdlib.base.Lua51;
import dev.ljuv.stdlib.base.Lua51Libraries;
import dev.ljuv.stdlib.base.PCall;
import dev.ljuv.stdlib.base.Print;
import dev.ljuv.stdlib.base.ToNumber;
import dev.ljuv.stdlib.jit.JitLibrary;
import dev.ljuv.stdlib.buffer.StringBufferLibrary;
import dev.ljuv.stdlib.coroutine.CoroutineLibrary;
import dev.ljuv.stdlib.debug.ChunkNames;
import dev.ljuv.stdlib.debug.DebugLibrary;
import dev.ljuv.stdlib.load.ClosureLoader;
import dev.ljuv.stdlib.load.Dump;
import dev.ljuv.stdlib.load.SourceFilters;
import dev.ljuv.stdlib.load.Load;
import dev.ljuv.stdlib.text.PatternFunctions;
import dev.ljuv.stdlib.text.StringFormat;
import dev.ljuv.stdlib.base.XPCall;
import dev.ljuv.stdlib.os.Execute;
import dev.ljuv.stdlib.os.Exit;
import dev.ljuv.stdlib.patch.LuaHooks;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import dev.ljuv.stdlib.io.FileMetatable;
import dev.ljuv.stdlib.io.LuaJitIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import dev.ljuv.stdlib.os.LuaJitOsLib;

/**
 * Builds LuaJ globals that speak LuaJIT 2.1's dialect: LuaJ's libraries, with the functions whose
 * behaviour differs from LuaJIT's replaced by the project's own.
 *
 * <p>Threading: the returned state is not thread-safe; only the thread that runs it may touch it.
 */
public final class LuaJitStdlib {
    private LuaJitStdlib() {}

    /** A new state whose standard streams are {@code streams}. */
    public static Globals newGlobals(StdStreams streams) {
        LuaHooks.verify();
        LuaJitGlobals g = new LuaJitGlobals();
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new LuaJitIoLib());
        g.load(new LuaJitOsLib());
        DebugLibrary.install(g);
        LoadState.install(g);
        LuaC.install(g);
        Globals.Compiler compiler = g.compiler;
        g.compiler = (stream, chunkName) -> {
            try {
                return compiler.compile(SourceFilters.prepare(stream), chunkName);
            } catch (LuaError e) {
                throw e;
            } catch (RuntimeException e) { // never let a Java exception text through as a syntax error
                throw new LuaError(ChunkNames.shortSource(chunkName) + ": " + LuaErrors.describe(e));
            }
        };
        g.loader = new ClosureLoader();

        g.STDIN = streams.in();
        g.STDOUT = streams.out();
        g.STDERR = streams.err();

        CoroutineLibrary.install(g);
        LuaTable preload = g.get("package").get("preload").checktable();
        preload.set("string.buffer", Functions.named("string.buffer", args -> StringBufferLibrary.create()));
        g.get("string").set("dump", new Dump());
        g.get("string").set("format", new StringFormat());
        PatternFunctions.install(g.get("string").checktable());
        g.set("pcall", new PCall());
        g.set("tonumber", new ToNumber());
        g.set("load", new Load(g));
        Lua51.install(g);
        Lua51Libraries.install(g);
        JitLibrary.install(g);
        g.set("xpcall", new XPCall());
        g.set("print", new Print((LuaJitGlobals) g));
        LuaTable os = g.get("os").checktable();
        os.set("exit", new Exit(streams));
        os.set("execute", new Execute(streams));
        FileMetatable.install(g);
        LuaTable stringMeta = new LuaTable();
        stringMeta.set(LuaValue.INDEX, g.get("string"));
        g.stringMetatable = stringMeta;
        g.internKeys(g);
        for (LuaValue k = g.next(LuaValue.NIL).arg1(); !k.isnil(); k = g.next(k).arg1()) {
            if (g.rawget(k) instanceof LuaTable library) {
                g.internKeys(library);
            }
        }
        CurrentState.enter(g);
        return g;
    }
}
