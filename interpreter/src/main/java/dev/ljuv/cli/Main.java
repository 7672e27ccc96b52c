package dev.ljuv.cli;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import dev.ljuv.runtime.LuaRuntime;
import dev.ljuv.runtime.PackagePaths;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.ProcessExit;
import dev.ljuv.stdlib.lib.io.StdStreams;
import java.util.Map;

/**
 * {@code ljuv}: a drop-in for the {@code luajit} command. Parses the command line, then runs the session on a
 * platform thread with a Lua-sized stack and ends the process with its status, so that nothing left running
 * (suspended coroutines, ljuv threads) keeps the JVM alive, as in a C program returning from main.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) {
        StdStreams streams = StdStreams.process();
        // Java code that a script calls (require "java") prints through the same buffers as Lua, in order, as C
        // code called through LuaJIT's FFI shares stdio with the interpreter
        System.setOut(streams.out());
        System.setErr(streams.err());
        Options options;
        try {
            options = Options.parse(argv);
        } catch (Options.UsageException e) {
            streams.err().println("ljuv: " + e.getMessage());
            streams.err().print(Options.USAGE);
            streams.flush();
            ProcessExit.exit(1);
            return;
        }
        if (options.help) {
            streams.out().print(Options.USAGE);
            streams.flush();
            ProcessExit.exit(0);
            return;
        }
        Map<String, String> env = options.ignoreEnvironment ? Map.of() : System.getenv();
        RuntimeOptions settings;
        try {
            settings = RuntimeOptions.fromSystem(); // read once, passed to every state
        } catch (IllegalArgumentException e) { // a malformed variable (LJUV_MEMORY_LIMIT)
            streams.err().println("ljuv: " + e.getMessage());
            streams.flush();
            ProcessExit.exit(1);
            return;
        }
        LuaRuntime runtime = new LuaRuntime(streams, PackagePaths.fromEnvironment(env), settings);
        Session session = new Session(runtime, options, argv, env);
        int[] status = {1};
        Thread lua = LuaStacks.newThread("main", () -> {
            try {
                status[0] = session.run();
            } catch (Throwable t) { // a failure of the runtime itself: report it in Lua's words, never as a Java trace
                streams.flush();
                String detail = LuaErrors.describe(t);
                streams.err().println(detail.equals("internal error") ? "ljuv: internal error" : "ljuv: internal error: " + detail);
                if (settings.debug()) { // asked for: the Java trace, for a bug report
                    t.printStackTrace(System.err);
                }
            }
        });
        Interrupts.install(lua);
        lua.start();
        try {
            lua.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        streams.flush();
        ProcessExit.exit(status[0]);
    }
}
