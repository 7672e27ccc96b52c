package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Ctrl-C on {@code bin/ljuv} as a process: SIGINT raises {@code interrupted!} in the running Lua code as luajit's
 * does, compiled or interpreted, in the REPL and under a script's own signal handler; a second one ends code that
 * makes no call.
 */
class CtrlCTest {
    /** The processes {@link #interrupted} started: ended after each test, so that a failed one leaves none looping. */
    private static final java.util.List<Process> STARTED = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void endStartedProcesses() {
        STARTED.forEach(Process::destroyForcibly);
        STARTED.clear();
    }

    /** Starts bin/ljuv with {@code args}, waits for it to print {@code looping}, and sends it SIGINT {@code times} times. */
    private static Process interrupted(String stdin, int times, String... args) throws Exception {
        return interrupted(java.util.Map.of(), stdin, times, args);
    }

    private static Process interrupted(java.util.Map<String, String> env, String stdin, int times, String... args)
            throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(Ljuv.ROOT.resolve("bin/ljuv").toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LJUV_NO_BUILD", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        STARTED.add(p);
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        java.io.InputStream out = p.getInputStream();
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().endsWith("looping\n")) { // the program says it is in its loop
            int c = out.read();
            assertTrue(c >= 0, "the program printed 'looping' before looping: " + seen);
            seen.append((char) c);
        }
        for (int i = 0; i < times; i++) {
            Thread.sleep(200);
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        }
        return p;
    }

    @Test
    void ctrlCRaisesInterruptedInTheRunningLuaCode() throws Exception {
        // luajit prints "luajit: (command line):1: interrupted!", this traceback, and "[C]: at 0x...": status 1
        assertInterrupted(java.util.Map.of(), "local function f() end while true do f() end");
    }

    /** {@code code}, looping, gets one Ctrl-C: the uncaught {@code interrupted!} of its main chunk, status 1. */
    private static void assertInterrupted(java.util.Map<String, String> env, String code) throws Exception {
        Process p = interrupted(env, null, 1, "-e", "io.stdout:setvbuf('no') print('looping') " + code);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "interrupted: " + code);
        assertEquals("ljuv: (command line):1: interrupted!\nstack traceback:\n\t(command line):1: in main chunk\n"
                + "\t[C]: in ?\n", CommandLineTest.rest(p.getErrorStream()), code);
        assertEquals(1, p.exitValue(), code);
    }

    @Test
    void ctrlCIsAnErrorPcallCatches() throws Exception {
        Process p = interrupted(null, 1, "-e", "io.stdout:setvbuf('no') print('looping') "
                + "print(pcall(function() local function f() end while true do f() end end)) print('after')");
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "interrupted");
        assertEquals("false\t(command line):1: interrupted!\nafter\n", CommandLineTest.rest(p.getInputStream()));
        assertEquals(0, p.exitValue(), CommandLineTest.rest(p.getErrorStream()));
    }

    @Test
    void ctrlCStopsACompiledLoopThatMakesNoCall() throws Exception {
        assertInterrupted(java.util.Map.of(), "while true do end");
        // compiled with its registers in the array (cut into pieces): the back edge's other form
        assertInterrupted(java.util.Map.of("LJUV_JAVA_OPTS", "-Dljuv.compile=pieces"), "while true do end");
    }

    @Test
    void ctrlCStopsAnInterpretedLoopThatMakesNoCall() throws Exception {
        for (String loop : new String[] {"while true do end", "for i = 1, 1e300 do end", "repeat until false",
                "for k in next, {1} do while true do end end"}) {
            assertInterrupted(java.util.Map.of("LJUV_JAVA_OPTS", "-Dljuv.compile=off"), loop);
        }
    }

    @Test
    void ctrlCStopsAFunctionOfNumbersThatCallsItself() throws Exception {
        // compiled, such a function runs without frames (NumberFunction): its calls and tail calls check too
        for (String f : new String[] {"local function f(n) if n < 2 then return n end return f(n - 1) + f(n - 2) end",
                "local function f(n) return f(n + 1) end"}) {
            Process p = interrupted(java.util.Map.of("LJUV_JAVA_OPTS", "-Dljuv.compile=always"), null, 1, "-e",
                    "io.stdout:setvbuf('no') " + f + " print('looping') print(pcall(f, 100)) print('after')");
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "interrupted: " + f);
            assertEquals("false\t(command line):1: interrupted!\nafter\n", CommandLineTest.rest(p.getInputStream()), f);
            assertEquals(0, p.exitValue(), f);
        }
    }

    @Test
    void aSecondCtrlCEndsCodeThatMakesNoCallAsSigintDoes() throws Exception {
        // code blocked in a library function (a read) is not interrupted: the second Ctrl-C ends the process, as
        // luajit dies of SIGINT
        Process p = interrupted(null, 2, "-e", "io.stdout:setvbuf('no') print('looping') io.read()");
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ended");
        assertEquals(130, p.exitValue());
        assertEquals("", CommandLineTest.rest(p.getErrorStream()));
    }

    @Test
    void ctrlCInTheReplEndsTheStatementNotTheRepl() throws Exception {
        Process p = interrupted("io.stdout:setvbuf('no') print('looping') local function f() end while true do f() end\n",
                1, "-i");
        Thread.sleep(500);
        p.getOutputStream().write("print('still here')\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "the REPL ended at the end of its input");
        String out = CommandLineTest.rest(p.getInputStream());
        String err = CommandLineTest.rest(p.getErrorStream());
        assertTrue(out.contains("still here\n"), out + "\n---\n" + err);
        assertTrue(err.startsWith("ljuv: stdin:1: interrupted!\nstack traceback:\n"), err);
        assertEquals(0, p.exitValue());
    }

    @Test
    void aScriptsOwnSigintHandlerStillTakesTheSignal() throws Exception {
        Process p = interrupted(null, 1, "-e", "io.stdout:setvbuf('no') local loop = require('ljuv').loop "
                + "loop:signal():start_oneshot(2, function(h, n) print('handled', n) h:close() end) "
                + "loop:timer():start(0, 0, function() print('looping') end) loop:run()");
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "handled and ended");
        assertEquals("handled\t2\n", CommandLineTest.rest(p.getInputStream()));
        assertEquals(0, p.exitValue(), CommandLineTest.rest(p.getErrorStream()));
    }
}
