package dev.ljuv.cli;

import dev.ljuv.stdlib.vm.Finalizers;
import dev.ljuv.stdlib.vm.MemoryGuard;
import dev.ljuv.runtime.ChunkLoader;
import dev.ljuv.runtime.LuaRuntime;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * One run of the command line on the Lua thread, in luajit's order: {@code LUA_INIT}, the version banner,
 * the {@code -e} and {@code -l} options, the script, then interactive mode.
 */
final class Session {
    private final LuaRuntime runtime;
    private final Options options;
    private final String[] argv;
    private final Map<String, String> env;
    private final PrintStream err;
    private Globals globals;

    Session(LuaRuntime runtime, Options options, String[] argv, Map<String, String> env) {
        this.runtime = runtime;
        this.options = options;
        this.argv = argv;
        this.env = env;
        this.err = runtime.streams().err();
    }

    /** Runs the session; returns the process exit status. */
    int run() {
        try {
            globals = runtime.newState();
            globals.set("arg", argTable());
            if (!options.ignoreEnvironment && !runInit()) {
                return 1;
            }
            if (options.version) {
                runtime.streams().out().println(Version.banner());
            }
            for (Options.Action action : options.actions) {
                boolean ok = action.kind() == 'e'
                        ? runChunk(() -> ChunkLoader.loadString(globals, action.value(), "=(command line)"), LuaValue.NONE)
                        : runChunk(() -> globals.get("require"), LuaValue.valueOf(action.value()));
                if (!ok) {
                    return 1;
                }
            }
            boolean hasScript = options.scriptIndex < argv.length;
            if (hasScript && !runScript()) {
                return 1;
            }
            if (options.interactive) {
                new Repl(globals, runtime.streams()).run();
            } else if (!hasScript && options.actions.isEmpty() && !options.version) {
                if (Repl.stdinIsTerminal()) {
                    runtime.streams().out().println(Version.banner());
                    new Repl(globals, runtime.streams()).run();
                } else if (!runChunk(() -> ChunkLoader.loadStdin(globals), LuaValue.NONE)) {
                    return 1;
                }
            }
            return 0;
        } finally {
            Finalizers.endOfState(globals); // as lua_close, after an error's report too (os.exit skips it)
            runtime.streams().flush();
        }
    }

    private LuaTable argTable() {
        int script = options.scriptIndex;
        LuaTable arg = new LuaTable();
        arg.set(-script - 1, LuaValue.valueOf(options.command)); // argv[0], as luajit puts it
        for (int i = 0; i < argv.length; i++) {
            arg.set(i - script, LuaValue.valueOf(argv[i]));
        }
        return arg;
    }

    private boolean runInit() {
        String init = env.get("LUA_INIT");
        if (init == null) {
            return true;
        }
        if (init.startsWith("@")) {
            return runChunk(() -> ChunkLoader.loadFile(globals, init.substring(1)), LuaValue.NONE);
        }
        return runChunk(() -> ChunkLoader.loadString(globals, init, "=LUA_INIT"), LuaValue.NONE);
    }

    private boolean runScript() {
        String name = argv[options.scriptIndex];
        LuaTable arg = globals.get("arg").checktable();
        LuaValue[] scriptArgs = new LuaValue[argv.length - options.scriptIndex - 1];
        for (int i = 0; i < scriptArgs.length; i++) {
            scriptArgs[i] = arg.get(i + 1);
        }
        Varargs args = LuaValue.varargsOf(scriptArgs);
        if (name.equals("-") && (options.scriptIndex == 0 || !argv[options.scriptIndex - 1].equals("--"))) {
            return runChunk(() -> ChunkLoader.loadStdin(globals), args);
        }
        return runChunk(() -> ChunkLoader.loadFile(globals, name), args);
    }

    interface Loader {
        LuaValue load() throws IOException;
    }

    /** Loads and calls a chunk, reporting any error as luajit does; true when it ran to the end. */
    private boolean runChunk(Loader loader, Varargs args) {
        LuaValue chunk;
        try {
            chunk = loader.load();
        } catch (IOException e) {
            report(ChunkLoader.describe(e));
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            report(ErrorReport.describe(e, false));
            return false;
        }
        try {
            chunk.invoke(args);
            return true;
        } catch (OutOfMemoryError e) {
            // the heap is still full of what the script holds: report with what was made in advance
            MemoryGuard.outOfMemory();
            err.write(OUT_OF_MEMORY, 0, OUT_OF_MEMORY.length);
            err.flush();
            return false;
        } catch (RuntimeException | StackOverflowError e) {
            report(ErrorReport.describe(e, true));
            return false;
        }
    }

    private static final byte[] OUT_OF_MEMORY = "ljuv: not enough memory\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Writes an uncaught error to stderr, unbuffered, as luajit does: what the program wrote to stdout and stdio
     * still buffers (a pipe's, or a terminal's unfinished line) follows it when the process ends.
     */
    private void report(String message) {
        if (message != null) {
            err.println("ljuv: " + message);
        }
        err.flush();
    }
}
