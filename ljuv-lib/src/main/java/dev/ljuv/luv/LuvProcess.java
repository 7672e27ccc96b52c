package dev.ljuv.luv;

import dev.ljuv.loop.Handle;
import dev.ljuv.loop.Signal;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's {@code uv_process_t}: {@code uv.spawn(path, options, on_exit)} on the JVM's {@link ProcessBuilder}.
 * {@code stdio} entries are pipes (a {@code uv_pipe_t}, read and written through Java's pipe streams), the
 * child's own descriptor 0, 1 or 2 inherited (an integer: the same slot, or 1 for stderr to join stdout), or nil
 * (nothing: /dev/null). {@code on_exit(code, signal)} runs on the loop when the child ends. The JVM reports a
 * child killed by a signal as exit status 128 + signal: a status that matches a signal this handle sent is
 * reported as luv does, {@code (0, signal)}; any other status as the exit code.
 *
 * <p>Threading: loop thread only; the JVM's exit notification is handed to the loop as ready work.
 */
public final class LuvProcess extends Handle {
    static final List<Op<? super LuvProcess>> OPS = List.of(
            Op.of(LuvProcess.class, "uv_process", "process_kill", "kill",
                    (p, a) -> p.kill(a.isnoneornil(1) ? 15 : LuvHandles.signalNumber(a, 1, "process_kill"))),
            Op.query(LuvProcess.class, "uv_process", "process_get_pid", "get_pid", (p, a) -> valueOf(p.pid)));

    private final Process process;
    private final long pid;
    /** The last signal sent (by this handle or uv.kill), to tell a kill from an exit status of 128 + n. */
    private volatile int sentSignal;
    /** The running children of every state, by pid, so that {@code uv.kill(pid, sig)} is remembered too. */
    private static final java.util.Map<Long, LuvProcess> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    private LuvProcess(Luv luv, MethodTable<LuvProcess> type, Process process) {
        super(luv.loop, type, false);
        this.process = process;
        this.pid = process.pid();
    }

    @Override
    public String typeName() {
        return "process";
    }

    @Override
    protected void onClose() {
        // closing the handle does not kill the child, as in libuv; its exit is no longer reported
    }

    /** {@code uv.spawn}: the handle and the pid, or luv's failure. */
    static Varargs spawn(Luv luv, Varargs a) {
        String path = Args.checkString(a, 1, "spawn").tojstring();
        LuaValue options = Args.checkTable(a, 2, "spawn");
        LuaValue onExit = Args.optCallable(a, 3, "spawn");
        List<String> command = new ArrayList<>();
        command.add(path);
        LuaValue args = options.get("args");
        if (args.istable()) {
            for (int i = 1; i <= args.length(); i++) {
                command.add(args.get(i).tojstring());
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        LuaValue env = options.get("env");
        Map<String, String> environment = pb.environment();
        environment.clear();
        if (env.istable()) {
            for (int i = 1; i <= env.length(); i++) {
                String kv = env.get(i).tojstring();
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    environment.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
        } else {
            environment.putAll(Misc.ENVIRONMENT); // what os_setenv changed is the children's environment too
        }
        if (!options.get("cwd").isnil()) {
            pb.directory(new File(options.get("cwd").tojstring()));
        }
        if (!options.get("uid").isnil() || !options.get("gid").isnil()) {
            return LuvErrors.fail(UvError.ENOTSUP);
        }
        LuaValue stdio = options.get("stdio");
        Pipe[] pipes = new Pipe[3];
        for (int slot = 0; slot < 3; slot++) {
            LuaValue s = stdio.istable() ? stdio.get(slot + 1) : LuaValue.NIL;
            if (s.isnil()) {
                if (slot == 0) {
                    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                } else if (slot == 1) {
                    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                } else {
                    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
                }
            } else if (s instanceof Pipe p) {
                if (p.channel != null || p.link != null || p.server != null || p.isClosed()) {
                    return LuvErrors.fail(UvError.EINVAL);
                }
                pipes[slot] = p; // Redirect.PIPE, the default
            } else if (s.type() == LuaValue.TNUMBER) {
                int fd = s.toint();
                if (fd == slot) {
                    if (slot == 0) {
                        pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
                    } else if (slot == 1) {
                        pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
                    } else {
                        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
                    }
                } else if (slot == 2 && fd == 1) {
                    pb.redirectErrorStream(true);
                } else {
                    return LuvErrors.fail(UvError.ENOTSUP); // the JVM passes a child only its three streams
                }
            } else if (s instanceof Stream) {
                return LuvErrors.fail(UvError.ENOTSUP);
            } else {
                throw Args.error(2, "spawn", "stdio[" + (slot + 1) + "] must be nil, an integer or a uv_stream");
            }
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            return LuvErrors.fail(e);
        }
        if (pipes[0] != null) {
            pipes[0].attach(null, process.getOutputStream(), true);
        }
        if (pipes[1] != null) {
            pipes[1].attach(process.getInputStream(), null, true);
        }
        if (pipes[2] != null) {
            pipes[2].attach(process.getErrorStream(), null, true);
        }
        LuvProcess handle = new LuvProcess(luv, luv.process, process);
        handle.callback = onExit;
        handle.activate();
        RUNNING.put(handle.pid, handle);
        process.onExit().thenRun(() -> luv.loop.ready(handle::exited));
        return varargsOf(handle, valueOf(handle.pid));
    }

    private void exited() {
        RUNNING.remove(pid, this);
        if (isClosed()) {
            return;
        }
        deactivate();
        int status = process.exitValue();
        int signal = 0;
        if (sentSignal != 0 && status == 128 + sentSignal) {
            signal = sentSignal;
            status = 0;
        }
        fireCallback(varargsOf(valueOf(status), valueOf(signal)));
    }

    private Varargs kill(int signum) {
        if (!process.isAlive()) {
            return LuvErrors.fail(UvError.ESRCH);
        }
        UvError e = signal(pid, signum);
        return e == null ? LuvErrors.OK : LuvErrors.fail(e);
    }

    /** Sends {@code signum} to {@code pid}, as kill(2): null, or the failure. */
    static UvError signal(long pid, int signum) {
        var target = java.lang.ProcessHandle.of(pid);
        if (target.isEmpty()) {
            return UvError.ESRCH;
        }
        if (signum == 0) {
            return null;
        }
        LuvProcess child = RUNNING.get(pid);
        if (child != null) {
            child.sentSignal = signum;
        }
        if (signum == 15 && target.get().destroy() || signum == 9 && target.get().destroyForcibly()) {
            return null;
        }
        if (Signal.luvName(signum) == null) {
            return UvError.EINVAL;
        }
        try { // other signals: the system's kill command (the JVM sends only TERM and KILL)
            Process k = new ProcessBuilder("kill", "-" + signum, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return k.waitFor() == 0 ? null : UvError.EPERM;
        } catch (IOException e) {
            return UvError.ENOSYS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return UvError.EINTR;
        }
    }
}
