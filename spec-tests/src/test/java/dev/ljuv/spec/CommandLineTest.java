package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/ljuv} as a process: options, the arg table, exit codes and what reaches stdout and stderr. */
class CommandLineTest {
    @TempDir
    Path tmp;

    /**
     * A fresh process's first loop run costs under a millisecond: a 1 ms timer started right after
     * {@code require "ljuv"} is not yet due at the first {@code loop:run("nowait")}. (Asked of three fresh
     * processes in a row, so that one stalled by a busy machine does not fail the build.)
     */
    @Test
    void firstRunOfAFreshLoopIsQuick() throws Exception {
        String script = "local loop = require('ljuv').loop "
                + "local fired = false "
                + "loop:timer():start(0.001, 0, function(t) fired = true t:close() end) "
                + "loop:run('nowait') io.write(tostring(fired), ' ') loop:run() print(fired)";
        inOneOfThreeFreshProcesses(Map.of(), script, "false true\n", "the 1 ms timer was already due at the first run");
    }

    /**
     * Asserts that {@code script} writes {@code expected} in at least one of three fresh processes in a row (a timing
     * a busy machine may spoil once), failing with {@code failure} and what each wrote.
     */
    private static void inOneOfThreeFreshProcesses(Map<String, String> env, String script, String expected,
            String failure) throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            var r = Ljuv.run(null, env, "-e", script);
            assertEquals(0, r.exit(), r.err());
            seen.add(r.out().strip());
            if (r.out().equals(expected)) {
                return;
            }
        }
        throw new AssertionError(failure + " in 3 fresh processes: " + seen);
    }

    /**
     * Compiled code's first boxed numbers do not stall it: a 10 ms timer started just before them is not yet due
     * at the next {@code loop:run("nowait")} (the shared integer boxes took 17-28 ms to make at that point; a test
     * that started a timer there saw it fire at once). Three fresh processes, as above.
     */
    @Test
    void compiledCodesFirstBoxedNumbersDoNotStallIt() throws Exception {
        String script = "local loop = require('ljuv').loop local x = os.clock() * 1000 + 5000 "
                + "loop:update_time() loop:timer():start(0.01, 0, function() end) "
                + "local boxes = {} boxes[1] = math.floor(x) boxes[2] = x * 0.5 + 0.25 "
                + "io.write(tostring(loop:run('nowait')))";
        inOneOfThreeFreshProcesses(Map.of("LJUV_JAVA_OPTS", "-Dljuv.compile=always"), script, "true",
                "the 10 ms timer was already due");
    }

    /**
     * A thread pool of 8 workers, each making a function hot: the first to compile it generates its class, the seven
     * others run the same class (the report of {@code LJUV_DEBUG_COMPILE} says which).
     */
    @Test
    void eightPoolWorkersShareTheClassOfAFunctionTheyAllCompile() throws Exception {
        var r = Ljuv.run(null, Map.of("LJUV_DEBUG_COMPILE", "1"), "-e", """
                local loop = require('ljuv').loop
                local pool = loop:threadpool(8, function()
                  local function inc(x) return x + 1 end
                  local s = 0
                  for i = 1, 300 do s = inc(s) end
                  return { get = function() return s end }
                end)
                coroutine.wrap(function() print(pool.interface.get()) pool:close() end)()
                loop:run()""");
        assertEquals(0, r.exit(), r.err());
        assertEquals("300\n", r.out());
        List<String> compiled = r.err().lines().filter(l -> l.contains("(200 calls)")).toList();
        assertEquals(8, compiled.size(), r.err());
        assertEquals(1, compiled.stream().filter(l -> l.endsWith("bytes of JVM code")).count(), r.err());
        assertEquals(7, compiled.stream().filter(l -> l.endsWith("an identical function before")).count(), r.err());
    }

    /** The AOT cache refused (another collector) or skipped: the run is the same, and nothing is said about it. */
    @Test
    void aRefusedOrSkippedStartUpCacheIsSilent() throws Exception {
        for (Map<String, String> env : List.of(Map.of("LJUV_JAVA_OPTS", "-XX:+UseParallelGC"), Map.of("LJUV_NO_AOT", "1"))) {
            var r = Ljuv.run(null, env, "-e", "print(require('ljuv').loop ~= nil)");
            assertEquals(0, r.exit(), r.err());
            assertEquals("true\n", r.out(), env.toString());
            assertEquals("", r.err(), env.toString());
        }
    }

    /**
     * Netty (and its native library) is loaded when a loop first waits for a channel or for other threads alone, not
     * for a script that never waits, nor for one that waits only for timers (its thread parks). Without the AOT
     * cache, which loads (not initializes) every class its training run saw as the JVM starts.
     */
    @Test
    void nettyIsLoadedOnlyWhenALoopWaitsForOtherThreadsOrChannels(@TempDir Path dir) throws Exception {
        String timer = "local loop = require('ljuv').loop loop:timer():start(0.05, 0, function(t) t:close() end) ";
        Path quick = dir.resolve("quick.log");
        Path timed = dir.resolve("timed.log");
        Path waited = dir.resolve("waited.log");
        assertEquals(0, Ljuv.run(null, Map.of("LJUV_NO_AOT", "1", "LJUV_JAVA_OPTS", "-Xlog:class+load:file=" + quick), "-e",
                timer + "loop:run('nowait')").exit());
        assertEquals(0, Ljuv.run(null, Map.of("LJUV_NO_AOT", "1", "LJUV_JAVA_OPTS", "-Xlog:class+load:file=" + timed), "-e",
                timer + "loop:run()").exit());
        assertEquals(0, Ljuv.run(null, Map.of("LJUV_NO_AOT", "1", "LJUV_JAVA_OPTS", "-Xlog:class+load:file=" + waited), "-e",
                "local loop = require('ljuv').loop loop:thread(function() return 1 end, function() end) loop:run()").exit());
        assertFalse(Files.readString(quick).contains(" io.netty."), "no Netty class for a loop that never waited");
        assertFalse(Files.readString(timed).contains(" io.netty."), "no Netty class for a loop that waited for a timer");
        assertTrue(Files.readString(waited).contains(" io.netty."), "the log names Netty's classes once a loop waits for a thread");
    }

    /**
     * An uncaught error reaches stderr at once, unbuffered, as luajit's does: what stdout still buffers (all of it,
     * on a pipe) follows when the process ends. Both streams into one pipe show the order.
     */
    @Test
    void anUncaughtErrorComesBeforeWhatStdoutStillBuffers() throws Exception {
        String command = "'" + Ljuv.ROOT.resolve("bin/ljuv") + "' -e 'io.write(\"buffered\") error(\"boom\")' 2>&1";
        var r = Ljuv.runCommand(List.of("sh", "-c", command));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().startsWith("ljuv: (command line):1: boom\nstack traceback:\n"), r.out());
        assertTrue(r.out().endsWith("\nbuffered"), r.out());
    }

    /**
     * lfs.dir out of descriptors collects the listings a program left open and tries again: 20,000 loops that break
     * after the first name, with 512 descriptors for the whole process (luajit's lfs fails at the 500th or so).
     */
    @Test
    void lfsDirReclaimsTheDescriptorsOfAbandonedListings() throws Exception {
        String command = "ulimit -n 512 && '" + Ljuv.ROOT.resolve("bin/ljuv") + "' -e 'local lfs = require(\"lfs\") "
                + "local n = 0 for _ = 1, 20000 do for _ in lfs.dir(\".\") do n = n + 1 break end end print(n)'";
        var r = Ljuv.runCommand(List.of("sh", "-c", command));
        assertEquals("20000\n", r.out(), r.err());
        assertEquals(0, r.exit(), r.err());
    }

    /** The cosocket examples run as the README shows them (a local server inside each). */
    @Test
    void cosocketExamplesRun() throws Exception {
        var http = Ljuv.run("examples/http-get.lua");
        assertEquals(0, http.exit(), http.err());
        assertEquals("200\ttext/html\n<html><body>hello from /index.html</body></html>\n", http.out());
        var parallel = Ljuv.run("examples/parallel-run.lua");
        assertEquals(0, parallel.exit(), parallel.err());
        var lines = parallel.out().lines().toList();
        assertEquals(9, lines.size(), parallel.out());
        for (int i = 1; i <= 8; i++) {
            assertTrue(lines.get(i - 1).matches("job " + i + " on \\d+ \\(exit 0\\)"), lines.get(i - 1));
        }
    }

    @Test
    void readmeExampleScriptRuns() throws Exception {
        var r = Ljuv.run("examples/hello.lua", "reader");
        assertEquals(0, r.exit(), r.err());
        var lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("Hello, reader! (LuaJIT 2.1"), lines.get(0));
        assertTrue(lines.contains("fib(20) = 6765, computed on another thread"), r.out());
        assertTrue(lines.contains("50 ms later, from a coroutine resumed by a timer"), r.out());
        assertTrue(lines.get(3).startsWith("all done in "), lines.get(3));
    }

    @Test
    void javaExampleScriptRuns() throws Exception {
        var r = Ljuv.run("examples/java.lua");
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                sha256('ljuv') starts with e93929b4a7a4
                by length: [fig, pear, apple, banana], 4 words, the first is fig
                caught NumberFormatException: For input string: "forty-two"
                slept 100 ms in Java while the loop kept ticking
                """, r.out());
        assertEquals("", r.err());
    }

    @Test
    void javaClassesComeFromLjuvClasspathAndJavaClasspathThroughTheStatesLoader() throws Exception {
        // the fixtures are not on bin/ljuv's class path: only the state's loader finds them
        String classes = Ljuv.ROOT.resolve("spec-tests/target/test-classes").toString();
        String fixture = "dev.ljuv.spec.fixtures.Overloaded";
        var env = Ljuv.run(null, Map.of("LJUV_CLASSPATH", classes), "-e",
                "print(require('java').import('" + fixture + "').f(1))");
        assertEquals("int\n", env.out(), env.err());
        var missing = Ljuv.run(null, Map.of(), "-e", "print(pcall(require('java').import, '" + fixture + "'))");
        assertEquals("false\tJava class '" + fixture + "' not found\n", missing.out(), missing.err());
        // java.classpath at run time; the loader is also the context class loader of the state's thread
        var added = Ljuv.run(null, Map.of(), "-e", "local java = require('java') java.classpath('" + classes + "') "
                + "print(java.import('java.lang.Thread'):currentThread():getContextClassLoader():loadClass('"
                + fixture + "'):getSimpleName())");
        assertEquals("Overloaded\n", added.out(), added.err());
    }

    @Test
    void runsChunkGivenWithDashE() throws Exception {
        var r = Ljuv.run("-e", "print(('ok %d'):format(6 * 7))");
        assertEquals(0, r.exit());
        assertEquals("ok 42\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    void printWritesRawBytes() throws Exception {
        var r = Ljuv.run("-e", "print('\\255\\0a', 1.5, nil) io.write('\\200\\n')");
        assertEquals(0, r.exit(), r.err());
        assertArrayEquals(new byte[] {(byte) 0xff, 0, 'a', '\t', '1', '.', '5', '\t', 'n', 'i', 'l', '\n', (byte) 200, '\n'},
                r.outBytes());
    }

    @Test
    void osClockIsProcessCpuTime() throws Exception {
        // a process of its own: os.clock counts every thread of the process, and nothing else runs here once the
        // JVM's start-up work on its own threads (the JIT, the compiler's set-up: 0.15-0.4 s of CPU) is over
        var r = Ljuv.run("-e", """
                local loop = require('ljuv').loop
                loop:timer():start(1, 0, function(t) t:close() end)
                loop:run()
                local c0 = os.clock()
                loop:timer():start(0.5, 0, function(t) t:close() end)
                loop:run()
                print(os.clock() - c0)""");
        assertEquals(0, r.exit(), r.err());
        double waited = Double.parseDouble(r.out().trim());
        assertTrue(waited < 0.35, "os.clock advanced " + waited + " s during a 0.5 s wait");
    }

    @Test
    void scriptSeesArgTableAndVarargs() throws Exception {
        Path script = tmp.resolve("args.lua");
        Files.writeString(script, "print(arg[0], arg[-1], arg[1], arg[2], #arg, select('#', ...), ...)");
        var r = Ljuv.run("-e", "x=1", script.toString(), "a", "b");
        assertEquals(0, r.exit(), r.err());
        assertEquals(script + "\tx=1\ta\tb\t2\t2\ta\tb\n", r.out());
        var all = Ljuv.run("-e", "print(arg[-3], arg[-2], arg[-1], arg[0])");
        // arg[-3] is the command as invoked (C's argv[0]), as luajit has it
        assertEquals(Ljuv.ROOT.resolve("bin/ljuv") + "\t-e\tprint(arg[-3], arg[-2], arg[-1], arg[0])\tnil\n", all.out());
    }

    @Test
    void uncaughtErrorPrintsMessageAndTraceback() throws Exception {
        Path script = tmp.resolve("boom.lua");
        Files.writeString(script, "local function explode()\n  error('boom')\nend\nexplode()\n");
        var r = Ljuv.run(script.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("ljuv: " + script + ":2: boom\n"
                + "stack traceback:\n"
                + "\t[C]: in function 'error'\n"
                + "\t" + script + ":2: in function 'explode'\n"
                + "\t" + script + ":4: in main chunk\n"
                + "\t[C]: in ?\n", r.err());
    }

    @Test
    void syntaxErrorNamesChunkAndLine() throws Exception {
        var r = Ljuv.run("-e", "x = = 1");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("ljuv: (command line):1: "), r.err());
        assertFalse(r.err().contains("traceback"), r.err());
        Ljuv.assertNoJava(r.err());
    }

    @Test
    void nonStringErrors() throws Exception {
        var table = Ljuv.run("-e", "error({})");
        assertEquals(1, table.exit());
        assertEquals("ljuv: (error object is not a string)\n", table.err());
        var withToString = Ljuv.run("-e", "error(setmetatable({}, {__tostring = function() return 'custom' end}))");
        assertTrue(withToString.err().startsWith("ljuv: custom\nstack traceback:\n"), withToString.err());
        var nil = Ljuv.run("-e", "error(nil)");
        assertEquals(1, nil.exit());
        assertEquals("", nil.err());
    }

    @Test
    void missingScript() throws Exception {
        var r = Ljuv.run("no-such-file.lua");
        assertEquals(1, r.exit());
        assertEquals("ljuv: cannot open no-such-file.lua: No such file or directory\n", r.err());
    }

    @Test
    void osExitFlushesAndUsesCode() throws Exception {
        var r = Ljuv.run("-e", "io.write('pending'); print(' output'); os.exit(3)");
        assertEquals(3, r.exit());
        assertEquals("pending output\n", r.out());
        assertEquals(1, Ljuv.run("-e", "os.exit(false)").exit());
        assertEquals(0, Ljuv.run("-e", "os.exit(true)").exit());
    }

    @Test
    void requiresLibraryWithDashL() throws Exception {
        Files.writeString(tmp.resolve("greeter.lua"), "greeting = 'hi from greeter'; return {}");
        var r = Ljuv.run(null, Map.of("LUA_PATH", tmp + "/?.lua;;"), "-l", "greeter", "-e", "print(greeting)");
        assertEquals(0, r.exit(), r.err());
        assertEquals("hi from greeter\n", r.out());
    }

    @Test
    void luaPathDoubleSemicolonKeepsDefault() throws Exception {
        var r = Ljuv.run(null, Map.of("LUA_PATH", "/x/?.lua;;"), "-e", "print(package.path)");
        assertTrue(r.out().startsWith("/x/?.lua;./?.lua;./?/init.lua;"), r.out());
    }

    @Test
    void luaInitRunsFirstUnlessIgnored() throws Exception {
        Map<String, String> env = Map.of("LUA_INIT", "init_value = 'set by LUA_INIT'");
        assertEquals("set by LUA_INIT\n", Ljuv.run(null, env, "-e", "print(init_value)").out());
        assertEquals("nil\n", Ljuv.run(null, env, "-E", "-e", "print(init_value)").out());
        Path init = tmp.resolve("init.lua");
        Files.writeString(init, "init_value = 'from file'");
        assertEquals("from file\n", Ljuv.run(null, Map.of("LUA_INIT", "@" + init), "-e", "print(init_value)").out());
    }

    @Test
    void readsScriptFromStdin() throws Exception {
        var piped = Ljuv.run("print('from stdin', ...)", Map.of());
        assertEquals("from stdin\n", piped.out());
        var dash = Ljuv.run("print('dash', ...)", Map.of(), "-", "a1");
        assertEquals("dash\ta1\n", dash.out());
    }

    @Test
    void versionBanner() throws Exception {
        var r = Ljuv.run("-v");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("ljuv "), r.out());
        assertTrue(r.out().contains("LuaJIT 2.1"), r.out());
    }

    @Test
    void unknownOptionPrintsUsage() throws Exception {
        var r = Ljuv.run("-Z");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("ljuv: unrecognized option '-Z'\nusage: ljuv"), r.err());
    }

    @Test
    void interactiveModeEvaluatesLines() throws Exception {
        var r = Ljuv.run("x = 20\n=x + 22\nfor i = 1, 2 do\nio.write(i, ' ')\nend\nerror('oops')\nprint('after')\n",
                Map.of(), "-i");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("> > 42\n"), r.out());
        assertTrue(r.out().contains(">> >> 1 2 "), r.out());
        assertTrue(r.out().contains("after\n"), r.out());
        assertTrue(r.err().startsWith("ljuv: stdin:1: oops\nstack traceback:"), r.err());
    }

    @Test
    void deepRecursionWorksAndInfiniteRecursionIsCatchable() throws Exception {
        var deep = Ljuv.run("-e", "local function d(n) if n == 0 then return 0 end return 1 + d(n - 1) end print(d(40000))");
        assertEquals("40000\n", deep.out(), deep.err());
        var infinite = Ljuv.run("-e", "local function f() return 1 + f() end print(pcall(f))");
        assertEquals(0, infinite.exit(), infinite.err());
        assertTrue(infinite.out().startsWith("false\t") && infinite.out().contains("stack overflow"), infinite.out());
        var uncaught = Ljuv.run("-e", "local function f() return 1 + f() end f()");
        assertEquals(1, uncaught.exit());
        assertTrue(uncaught.err().startsWith("ljuv: ") && uncaught.err().contains("stack overflow"), uncaught.err());
        Ljuv.assertNoJava(uncaught.err());
    }

    @Test
    void exitsAtOnceWithSuspendedCoroutines() throws Exception {
        long t0 = System.nanoTime();
        var r = Ljuv.run("-e", "for i = 1, 1000 do local c = coroutine.create(function() coroutine.yield() end) "
                + "coroutine.resume(c) end print('end')");
        assertEquals("end\n", r.out(), r.err());
        assertEquals(0, r.exit());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "the process must not wait for suspended coroutines");
    }

    @Test
    void withoutContinuationsCoroutinesFallBackToVirtualThreadsAndSaySoOnce() throws Exception {
        Path jar;
        try (var files = Files.list(Ljuv.ROOT.resolve("interpreter/target"))) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-cli.jar")).findFirst().orElseThrow();
        }
        // -cp instead of -jar: the manifest's Add-Exports does not apply, so jdk.internal.vm is not exported
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Djdk.trackAllThreads=false", "-cp", jar.toString(),
                "dev.ljuv.cli.Main", "-e", "for i = 1, 3 do local c = coroutine.wrap(function(x) "
                + "return coroutine.yield(x + 1) end) io.write(c(i), ' ') end print() "
                // each body runs on a thread of its own there: the same messages and stack levels all the same
                + "local co co = coroutine.create(function() print(select(2, coroutine.resume(co))) "
                + "local function inner() coroutine.yield() end inner() end) coroutine.resume(co) "
                + "print(debug.getinfo(co, 1, 'n').name)").start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), err);
        assertEquals("2 3 4 \ncannot resume running coroutine\ninner\n", out);
        assertEquals(1, err.split("coroutines run on virtual threads", -1).length - 1, err);
    }

    @Test
    void nothingButTheProgramWritesToStdoutAndStderr() throws Exception {
        var r = Ljuv.run("-e", "io.write('a') io.stderr:write('b')");
        assertEquals("a", r.out());
        assertEquals("b", r.err());
    }

    @Test
    void setvbufNoWritesAtOnceEvenWhenTheProgramNeverEnds() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Ljuv.ROOT.resolve("bin/ljuv").toString(), "-e",
                "io.stdout:setvbuf('no') print('printed') io.write('written') while true do end");
        pb.environment().put("LJUV_NO_BUILD", "1");
        Process p = pb.start();
        try {
            byte[] expected = "printed\nwritten".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] got = new byte[expected.length];
            java.util.concurrent.Future<Integer> read = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                    .submit(() -> p.getInputStream().readNBytes(got, 0, got.length));
            assertEquals(expected.length, read.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("printed\nwritten", new String(got, java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(p.isAlive(), "still looping: the output came unbuffered, not at exit");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    /** {@code script} run by {@code bin/ljuv -e} in a heap of 256 MB. */
    private static Ljuv.Result inSmallHeap(String script) throws Exception {
        return Ljuv.run(null, Map.of("LJUV_JAVA_OPTS", "-Xmx256m"), "-e", script);
    }

    /** A loop:thread call whose thread fills the heap, and whose callback runs {@code callback}'s Lua statements. */
    private static String threadFillingTheHeap(String callback) {
        return "local loop = require('ljuv').loop "
                + "loop:thread(function() big = {} local i = 0 while true do i = i + 1 big[i] = {i} end end, "
                + "function(ok, e) " + callback + " end) ";
    }

    @Test
    void runningOutOfMemoryIsALuaErrorNotAJavaTrace() throws Exception {
        var r = inSmallHeap("t = {} for i = 1, 1e8 do t[i] = i end");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("ljuv: ") && r.err().contains("not enough memory"), r.err());
        Ljuv.assertNoJava(r.err());
    }

    @Test
    void aThreadOutOfMemoryReportsToItsCallbackAndTheLoopGoesOn() throws Exception {
        // the main thread first makes far more garbage than the heap holds: the thread filling the heap now is the
        // one to stop, not the one that allocated most in its life
        var r = inSmallHeap("local n = 0 for i = 1, 1e7 do n = n + #{i} end print('garbage', n) "
                + threadFillingTheHeap("print('callback', ok, e)") + "print('run', pcall(loop.run, loop))");
        assertEquals(0, r.exit(), r.err());
        assertEquals("garbage\t10000000\ncallback\tfalse\tnot enough memory\nrun\ttrue\tfalse\n", r.out());
        Ljuv.assertNoJava(r.err());
    }

    /**
     * The memory a failed thread filled is the program's again: the loop's callback for it makes 800k tables (a late
     * notice of the full heap stopped the loop instead, or refused the callback's first large table).
     */
    @Test
    void afterAThreadRanOutOfMemoryItsCallbackCanAllocate() throws Exception {
        var r = inSmallHeap(threadFillingTheHeap(
                "local t = {} for i = 1, 8e5 do t[i] = {} end print('callback', ok, e, #t)")
                + "print('run', pcall(loop.run, loop))");
        assertEquals(0, r.exit(), r.err());
        assertEquals("callback\tfalse\tnot enough memory\t800000\nrun\ttrue\tfalse\n", r.out());
        Ljuv.assertNoJava(r.err());
    }

    @Test
    void theHeapIsThreeQuartersOfTheMachineUnlessJavaOptionsSayOtherwiseAndHelpSaysSo() throws Exception {
        String maxMemory = "print(require('java').import('java.lang.Runtime').getRuntime():maxMemory())";
        long ram = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        long dflt = Long.parseLong(Ljuv.run(null, Map.of(), "-e", maxMemory).out().trim());
        assertTrue(dflt > ram / 2 && dflt <= ram / 4 * 3, dflt + " of " + ram); // the JVM's own default is ram / 4
        long set = Long.parseLong(Ljuv.run(null, Map.of("LJUV_JAVA_OPTS", "-Xmx256m"), "-e", maxMemory).out().trim());
        assertTrue(set <= 256L << 20, "LJUV_JAVA_OPTS wins: " + set);
        String help = Ljuv.run(null, Map.of(), "-h").out();
        assertTrue(help.contains("75% of the machine's memory") && help.contains("-Xmx2g")
                && help.contains("LJUV_MEMORY_LIMIT"), help);
    }

    @Test
    void ljuvMemoryLimitLimitsEveryStateOfTheProcess() throws Exception {
        var r = Ljuv.run(null, Map.of("LJUV_MEMORY_LIMIT", "32m"), "-e", """
                local loop = require('ljuv').loop
                loop:thread(function() local big = {} while true do big[#big + 1] = {} end end,
                    function(ok, e) print('thread', ok, e) end)
                loop:run()
                local t = {}
                print('main', pcall(function() while true do t[#t + 1] = ('x'):rep(100) .. #t end end))
                t = nil
                local n = 0 for i = 1, 2e6 do n = n + #{i} end print('garbage', n)
                """);
        assertEquals(0, r.exit(), r.err());
        assertEquals("thread\tfalse\tnot enough memory\nmain\tfalse\tnot enough memory\n"
                + "garbage\t2000000\n", r.out());
        var bad = Ljuv.run(null, Map.of("LJUV_MEMORY_LIMIT", "lots"), "-e", "print(1)");
        assertEquals(1, bad.exit());
        assertEquals("ljuv: LJUV_MEMORY_LIMIT: not a size: lots (bytes, or a number followed by k, m or g)\n", bad.err());
    }

    @Test
    void aClosedPipeEndsTheProgramAsSigpipeEndsLuajit() throws Exception {
        String ljuv = Ljuv.ROOT.resolve("bin/ljuv").toString();
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                ljuv + " -e 'for i = 1, 1e8 do print(i) end' | head -1; echo \"status=${PIPESTATUS[0]}\"");
        pb.environment().put("LJUV_NO_BUILD", "1");
        Process p = pb.start();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ended when its reader went away");
        assertEquals("1\nstatus=141\n", new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() throws Exception {
        for (String option : new String[] {"-h", "--help"}) {
            var r = Ljuv.run(option);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("usage: ljuv [options]... [script [args]...]."), r.out());
            assertTrue(r.out().contains("LJUV_JAVA_OPTS"), r.out());
        }
    }

    @Test
    void standardInputReadsToTheEndOfAPipeInEveryFormat() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 100000; i++) {
            lines.append(i).append('\n');
        }
        assertEquals("588895\n", Ljuv.run(lines.toString(), Map.of(), "-e", "print(#io.read('*a'))").out());
        assertEquals("588895\n", Ljuv.run(lines.toString(), Map.of(), "-e", "print(#io.stdin:read('a'))").out());
        assertEquals("588895\n", Ljuv.run(lines.toString(), Map.of(), "-e",
                "print(#io.open('/dev/stdin'):read('*a'))").out());
        assertEquals("1\t2.5\t16\t-300\n", Ljuv.run("1 2.5 0x10 -3e2\n", Map.of(), "-e",
                "print(io.read('*n', 'n', '*n', '*n'))").out());
        assertEquals("name? hi abc\n", Ljuv.run("abc\n", Map.of(), "-e",
                "io.write('name? ') local n = io.read() print('hi ' .. n)").out());
    }

    /** All of a process's output stream, as text. */
    static String rest(java.io.InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theSelfContainedJarRunsAScriptWithNothingBesideIt(@TempDir Path dir)
            throws Exception {
        Files.copy(Ljuv.ROOT.resolve("interpreter/target/ljuv.jar"), dir.resolve("ljuv.jar"));
        Files.copy(Ljuv.ROOT.resolve("examples/hello.lua"), dir.resolve("hello.lua"));
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaCommand, "-jar", "ljuv.jar", "hello.lua").directory(dir.toFile());
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "ran to the end");
        String out = rest(p.getInputStream());
        assertTrue(out.startsWith("Hello, world!") && out.contains("computed on another thread")
                && out.contains("from a coroutine resumed by a timer"), out);
        assertEquals("", rest(p.getErrorStream()), "no JVM warning, no log line");
        assertEquals(0, p.exitValue());
        // the LuaJ classes in the jar are the patched ones wherever ljuv-stdlib has a patched copy
        Path patched = Ljuv.ROOT.resolve("stdlib/target/classes");
        try (var jar = new java.util.zip.ZipFile(dir.resolve("ljuv.jar").toFile());
                var classes = Files.walk(patched.resolve("org/luaj"))) {
            for (Path c : classes.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = patched.relativize(c).toString().replace('\\', '/');
                assertArrayEquals(Files.readAllBytes(c), jar.getInputStream(jar.getEntry(name)).readAllBytes(), name);
            }
            // JSR-223 finds this engine only: LuaJ's Lua 5.2 engine is not registered
            String engines = new String(jar.getInputStream(jar.getEntry("META-INF/services/javax.script.ScriptEngineFactory"))
                    .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(java.util.List.of("dev.ljuv.embed.LjuvScriptEngineFactory"), engines.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }
    }
}
