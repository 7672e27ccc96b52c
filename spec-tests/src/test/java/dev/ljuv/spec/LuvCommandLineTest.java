package dev.ljuv.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * luv ({@code require "luv"}) where only a process of {@code bin/ljuv} shows it: a forced transport, a terminal, the
 * launcher's own path. The rest of luv is specified by {@code test-luv-*.lua}.
 */
class LuvCommandLineTest {
    /**
     * {@code -Dljuv.transport}: a forced transport is used where the machine has it (its native library loaded
     * before the first socket, which may come before any loop waits), else the best the machine has; luv's
     * errors are the same on each (NIO's channel reported EIO for joining a group that is not multicast).
     */
    @Test
    void aForcedTransportIsUsedWhereTheMachineHasIt() throws Exception {
        String script = "local uv = require('luv') local u = uv.new_udp() assert(u:bind('127.0.0.1', 0) == 0) "
                + "assert(select(3, u:set_membership('127.0.0.1', nil, 'join')) == 'EINVAL', 'not a multicast group') "
                + "local t = uv.new_tcp() assert(t:bind('127.0.0.1', 0)) u:close() t:close() uv.run() "
                + "io.write(require('ljuv').transport)";
        Ljuv.Result best = Ljuv.run(null, Map.of(), "-e", script);
        assertEquals(0, best.exit(), best.err());
        for (String forced : List.of("nio", best.out(), "no-such-transport")) {
            Ljuv.Result r = Ljuv.run(null, Map.of("LJUV_JAVA_OPTS", "-Dljuv.transport=" + forced), "-e", script);
            Ljuv.assertNoJava(r.err());
            assertEquals(0, r.exit(), forced + ": " + r.err());
            assertEquals(forced.equals("nio") ? "nio" : best.out(), r.out(), forced);
        }
    }

    /**
     * luv's TTY handles on a real terminal: util-linux's {@code script} gives bin/ljuv a pseudo-terminal; the window
     * size is read and the raw mode set and reset through stty, as test-luv-tty.lua checks for whatever the
     * streams are.
     */
    @Test
    void luvTtyOnATerminal() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no script(1)");
        String lua = "local uv = require('luv') local t = uv.new_tty(1, false) local w, h = t:get_winsize() "
                + "print(uv.guess_handle(1), type(w), type(h), t:set_mode(1), uv.tty_reset_mode())";
        String command = "'" + Ljuv.ROOT.resolve("bin/ljuv") + "' -e \"" + lua + "\"";
        var r = Ljuv.runCommand(List.of("/usr/bin/script", "-qec", command, "/dev/null"));
        assertEquals(0, r.exit(), r.err() + r.out());
        assertEquals("tty\tnumber\tnumber\t0\t0", r.out().strip());
    }

    /**
     * luv's {@code exepath} is the program that runs Lua (luajit's path under luv), so a script can start another
     * with it: here the launcher's real path, not the JVM's binary, which would take the script for a class.
     */
    @Test
    void luvExepathStartsTheInterpreterAgain() throws Exception {
        var r = Ljuv.run(null, Map.of(), "-e", """
                local uv = require('luv')
                local out = uv.new_pipe(false)
                local got = {}
                local status
                uv.spawn(uv.exepath(), {args = {'-e', 'io.write(_VERSION, 1 + 1)'}, stdio = {nil, out, 2}},
                  function(code) status = code end)
                out:read_start(function(err, data)
                  if data then got[#got + 1] = data else out:close() end
                end)
                uv.run()
                print(table.concat(got), status, uv.exepath())
                """);
        assertEquals(0, r.exit(), r.err());
        assertEquals("Lua 5.12\t0\t" + Ljuv.ROOT.resolve("bin/ljuv").toRealPath() + "\n", r.out());
    }

    /**
     * What a script writes through a luv pipe on its own stdout reaches it even when the handle is closed at once
     * (libuv writes to the descriptor in the write's own call; luv's test harness prints so, and closes every handle
     * at its end): closing waits for the queued writes of the process's own streams.
     */
    @Test
    void writesToTheProcesssStdoutSurviveClosingTheHandle() throws Exception {
        var r = Ljuv.run(null, Map.of(), "-e", """
                local uv = require('luv')
                local out = uv.new_pipe(false)
                assert(uv.pipe_open(out, 1) == 0)
                for i = 1, 200 do uv.write(out, ('line %d\\n'):format(i)) end
                uv.walk(uv.close)
                uv.run()
                print('after')
                """);
        assertEquals(0, r.exit(), r.err());
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            expected.append("line ").append(i).append('\n');
        }
        assertEquals(expected + "after\n", r.out());
    }
}
