package dev.ljuv.luv;

import dev.ljuv.loop.Async;
import dev.ljuv.loop.Check;
import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.Handle;
import dev.ljuv.loop.Idle;
import dev.ljuv.loop.Loop;
import dev.ljuv.loop.Prepare;
import dev.ljuv.loop.RunMode;
import dev.ljuv.loop.Signal;
import dev.ljuv.loop.Timer;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require "luv"} (also {@code "uv"}): libuv's Lua binding, luv, on the state's ljuv loop ({@code ljuv.loop}),
 * so luv handles, ljuv timers, asyncs and threads share one loop and one {@code uv.run()}. luv's documentation
 * (docs.md) is the contract: functions in both forms ({@code uv.tcp_bind(h, ...)} and {@code h:bind(...)}), times
 * in milliseconds, failures as {@code nil, "ENOENT: no such file or directory", "ENOENT"}, callbacks' errors as
 * the error's name. Unlike luv, an error raised by a callback does not abort the process: it surfaces through
 * {@code uv.run()}, as every ljuv loop's callback errors do, and the loop stays usable.
 *
 * <p>Threading: belongs to the thread of its Lua state (the loop's owner).
 */
public final class Luv {
    /** Every name of the module table, as luv's {@code luv.c} lists them; the parts' classes bind their own. */
    static final String[] NAMES = {
        // loop
        "run", "stop", "loop_alive", "loop_close", "loop_mode", "loop_configure", "now", "update_time", "walk",
        "backend_fd", "backend_timeout", "metrics_idle_time",
        // requests
        "cancel", "req_get_type",
        // handles
        "is_active", "is_closing", "close", "ref", "unref", "has_ref", "send_buffer_size", "recv_buffer_size",
        "fileno", "handle_get_type",
        // timer, idle, prepare, check, async, signal
        "new_timer", "timer_start", "timer_stop", "timer_again", "timer_set_repeat", "timer_get_repeat",
        "timer_get_due_in",
        "new_idle", "idle_start", "idle_stop", "new_prepare", "prepare_start", "prepare_stop",
        "new_check", "check_start", "check_stop",
        "new_async", "async_send",
        "new_signal", "signal_start", "signal_start_oneshot", "signal_stop",
        // streams
        "shutdown", "listen", "accept", "read_start", "read_stop", "write", "write2", "try_write", "try_write2",
        "is_readable", "is_writable", "stream_set_blocking", "stream_get_write_queue_size",
        // tcp
        "new_tcp", "tcp_open", "tcp_nodelay", "tcp_keepalive", "tcp_simultaneous_accepts", "tcp_bind",
        "tcp_getpeername", "tcp_getsockname", "tcp_connect", "tcp_write_queue_size", "tcp_close_reset",
        // pipe
        "new_pipe", "pipe_open", "pipe_bind", "pipe_connect", "pipe_getsockname", "pipe_getpeername",
        "pipe_pending_instances", "pipe_pending_count", "pipe_pending_type", "pipe_chmod", "pipe", "socketpair",
        // udp
        "new_udp", "udp_open", "udp_bind", "udp_getsockname", "udp_getpeername", "udp_send", "udp_try_send",
        "udp_recv_start", "udp_recv_stop", "udp_connect", "udp_set_broadcast", "udp_set_multicast_loop",
        "udp_set_multicast_ttl", "udp_set_multicast_interface", "udp_set_ttl", "udp_set_membership",
        "udp_set_source_membership", "udp_get_send_queue_size", "udp_get_send_queue_count",
        // poll (a descriptor's readiness: not on the JVM, ENOTSUP)
        "new_poll", "new_socket_poll", "poll_start", "poll_stop",
        // fs_event, fs_poll
        "new_fs_event", "fs_event_start", "fs_event_stop", "fs_event_getpath",
        "new_fs_poll", "fs_poll_start", "fs_poll_stop", "fs_poll_getpath",
        // tty
        "new_tty", "tty_set_mode", "tty_get_winsize", "tty_reset_mode", "tty_set_vterm_state",
        "tty_get_vterm_state",
        // process
        "spawn", "process_kill", "process_get_pid", "kill", "disable_stdio_inheritance",
        // threads and work (threads.lua, on ljuv's threads)
        "new_thread", "thread_join", "thread_detach", "thread_equal", "thread_self", "new_work", "queue_work",
        // version
        "version", "version_string",
    };

    /** The luv release whose documented API this module follows. */
    static final int VERSION = (1 << 16) | (44 << 8) | 2;

    final EventLoop loop;
    private final Loop luaLoop;
    private final Functions.Library lib;
    /** The function forms already registered (operations shared by several types register once). */
    private final Set<String> registered = new HashSet<>();
    /** Open handles, for {@code uv.walk} (closed ones are dropped as it walks). */
    private final Set<Handle> handles = new LinkedHashSet<>();

    final MethodTable<Request> request = Request.methods();
    final MethodTable<Timer> timer;
    final MethodTable<Idle> idle;
    final MethodTable<Prepare> prepare;
    final MethodTable<Check> check;
    final MethodTable<Async> async;
    final MethodTable<Signal> signal;
    final MethodTable<Tcp> tcp;
    final MethodTable<Pipe> pipe;
    final MethodTable<Udp> udp;
    final MethodTable<Tty> tty;
    final MethodTable<FsWatch.Event> fsEvent;
    final MethodTable<FsWatch.Poll> fsPoll;
    final MethodTable<LuvProcess> process;
    final MethodTable<Directory> scandir = luvType(new MethodTable<>(Directory.class, "uv_fs_scandir"), "uv_fs_t");
    final MethodTable<Directory> dir = luvType(new MethodTable<>(Directory.class, "uv_dir"), "uv_dir_t");
    final Globals globals;
    /** The sockets' allocator (see {@link ReadBuffer}), made by the first socket. */
    private ReadBuffer reads;

    private Luv(Loop luaLoop, Globals globals) {
        this.luaLoop = luaLoop;
        this.globals = globals;
        this.loop = luaLoop.eventLoop();
        this.lib = Functions.library("luv", names(NAMES, Misc.NAMES, Fs.NAMES, Dns.NAMES));
        timer = type(Timer.class, "timer", LuvHandles.HANDLE, LuvHandles.TIMER);
        idle = type(Idle.class, "idle", LuvHandles.HANDLE, LuvHandles.IDLE);
        prepare = type(Prepare.class, "prepare", LuvHandles.HANDLE, LuvHandles.PREPARE);
        check = type(Check.class, "check", LuvHandles.HANDLE, LuvHandles.CHECK);
        async = type(Async.class, "async", LuvHandles.HANDLE, LuvHandles.ASYNC);
        signal = type(Signal.class, "signal", LuvHandles.HANDLE, LuvHandles.SIGNAL);
        tcp = type(Tcp.class, "tcp", LuvHandles.HANDLE, Stream.OPS, Tcp.OPS);
        pipe = type(Pipe.class, "pipe", LuvHandles.HANDLE, Stream.OPS, Pipe.OPS);
        udp = type(Udp.class, "udp", LuvHandles.HANDLE, Udp.OPS);
        tty = type(Tty.class, "tty", LuvHandles.HANDLE, Stream.OPS, Tty.OPS);
        fsEvent = type(FsWatch.Event.class, "fs_event", LuvHandles.HANDLE, FsWatch.Event.OPS);
        fsPoll = type(FsWatch.Poll.class, "fs_poll", LuvHandles.HANDLE, FsWatch.Poll.OPS);
        process = type(LuvProcess.class, "process", LuvHandles.HANDLE, LuvProcess.OPS);
    }

    private static String[] names(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    /**
     * Runs {@code cb(args)} in the next poll phase, keeping the loop alive until then: the callback of an
     * operation that completed at once, which luv never calls before the function that started it returned.
     */
    void later(LuaValue cb, Varargs args) {
        loop.handleActivated();
        loop.ready(() -> {
            loop.handleDeactivated();
            loop.invoke(cb, args);
        });
    }

    /** Starts a request (write, connect, send...): the loop stays alive until {@link #finish} ran its callback. */
    Request begin(String type) {
        loop.handleActivated(); // a pending request keeps the loop alive, as libuv's active requests do
        return new Request(request, type);
    }

    /** Ends a request begun by {@link #begin}: its callback gets {@code err} (nil or the error's name) next poll. */
    void finish(LuaValue callback, UvError failure) {
        loop.ready(() -> {
            loop.handleDeactivated();
            if (!callback.isnil()) {
                loop.invoke(callback, LuvErrors.status(failure));
            }
        });
    }

    /** The loader for {@code package.preload.luv} and {@code uv} of the state {@code globals}: one table for both. */
    public static LuaValue loader(Globals globals) {
        return Functions.named("luv", args -> {
            LuaValue loaded = globals.get("package").get("loaded");
            for (String name : new String[] {"luv", "uv"}) {
                if (loaded.get(name).istable()) {
                    return loaded.get(name);
                }
            }
            LuaTable uv = create(globals);
            loaded.set("luv", uv);
            loaded.set("uv", uv);
            return uv;
        });
    }

    /**
     * A connected pair of descriptors ({@link Descriptors}): {@code {read = a, write = b}} for {@code uv.pipe},
     * {@code {a, b}} for {@code uv.socketpair}; or the failure.
     */
    private static Varargs socketPair(boolean datagram, boolean named) {
        int[] pair;
        try {
            pair = Descriptors.socketpair(datagram);
        } catch (FileTable.FsFailure e) {
            return LuvErrors.fail(e.error);
        }
        LuaTable t = new LuaTable();
        t.set(named ? LuaValue.valueOf("read") : LuaValue.valueOf(1), LuaValue.valueOf(pair[0]));
        t.set(named ? LuaValue.valueOf("write") : LuaValue.valueOf(2), LuaValue.valueOf(pair[1]));
        return t;
    }

    /**
     * The loaders of the modules written in Lua on this one, by module name: {@code ljuv.wait} (how they wait for
     * the loop), {@code ljuv.net} (cosockets; given the TLS functions of {@link Tls}), {@code ljuv.fs},
     * {@code ljuv.process}, LuaSocket's {@code socket} (also as {@code socket.core}; its UDP part in
     * {@code ljuv.socket.udp}), {@code mime.core} and LuaSec's {@code ssl}.
     */
    public static java.util.Map<String, LuaValue> luaModules(Globals globals) {
        return java.util.Map.of(
                "ljuv.wait", resourceLoader(globals, "ljuv.wait", "wait.lua", () -> LuaValue.NONE),
                "ljuv.net", resourceLoader(globals, "ljuv.net", "net.lua", Luv::netFunctions),
                "ljuv.net.udp", resourceLoader(globals, "ljuv.net.udp", "net_udp.lua", () -> LuaValue.NONE),
                "ljuv.fs", resourceLoader(globals, "ljuv.fs", "fs.lua", () -> LuaValue.NONE),
                "ljuv.process", resourceLoader(globals, "ljuv.process", "process.lua", () -> LuaValue.NONE),
                "socket", resourceLoader(globals, "socket", "socket.lua", () -> LuaValue.NONE),
                "ljuv.socket.udp", resourceLoader(globals, "ljuv.socket.udp", "socket_udp.lua", () -> LuaValue.NONE),
                "socket.core", Functions.named("socket.core", a -> globals.get("require").call(LuaValue.valueOf("socket"))),
                "mime.core", resourceLoader(globals, "mime.core", "mime_core.lua", () -> LuaValue.NONE),
                "ssl", resourceLoader(globals, "ssl", "ssl.lua", () -> LuaValue.NONE));
    }

    /**
     * What net.lua is given: the TLS functions of {@link Tls}, the constructor of a socket's {@link Inbox}, the
     * cosockets' methods in Java and a handler's coroutine's end ({@link Cosocket}).
     */
    private static LuaTable netFunctions() {
        LuaTable t = Tls.functions();
        t.set("inbox", Inbox.constructor());
        t.set("cosocket", Cosocket.constructor());
        t.set("on_end", Cosocket.onEnd());
        return t;
    }

    /** The sockets' allocator, made on first use (it loads Netty's buffer classes). Loop thread only. */
    ReadBuffer readBuffer() {
        ReadBuffer r = reads;
        return r != null ? r : (reads = new ReadBuffer());
    }

    /** One turn of the loop ({@code uv.run("once")}), raising a callback's error: whether there is still work. */
    boolean runOnce() {
        return luaLoop.run(RunMode.ONCE);
    }

    /** {@code arg}: what the chunk receives, made when it is required (Tls loads Netty, which waits until then). */
    private static LuaValue resourceLoader(Globals globals, String module, String resource,
            java.util.function.Supplier<Varargs> arg) {
        return Functions.named(module, args -> {
            try (java.io.InputStream in = Luv.class.getResourceAsStream(resource)) {
                LuaValue chunk = dev.ljuv.stdlib.compile.CompiledChunk.library(
                        () -> globals.load(in, "=[" + module + "]", "t", globals));
                return chunk.invoke(arg.get());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static LuaTable create(Globals globals) {
        dev.ljuv.loop.Loops.beforeNetty();
        // the state's ljuv loop, through require, so that ljuv and luv share it whichever was loaded first
        LuaValue ljuv = globals.get("require").call("ljuv");
        Luv uv = new Luv((Loop) ljuv.get("loop"), globals);
        try (java.io.InputStream in = Luv.class.getResourceAsStream("threads.lua")) {
            LuaValue threads = dev.ljuv.stdlib.compile.CompiledChunk.library(
                    () -> globals.load(in, "=[luv threads]", "t", globals)).call(ljuv);
            for (String name : new String[] {"new_thread", "thread_join", "thread_detach", "thread_equal",
                "thread_self", "new_work", "queue_work"}) {
                uv.lib.value(name, threads.get(name));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return uv.bind();
    }

    /** The metatable's {@code __tostring} as luv's: {@code uv_timer_t: 0x...}; null: {@code uv_<req type>_t}. */
    static <T extends LuaValue> MethodTable<T> luvType(MethodTable<T> t, String shownAs) {
        t.metatable().set(LuaValue.TOSTRING, Functions.named("__tostring", args -> {
            LuaValue self = args.arg1();
            String name = shownAs != null ? shownAs
                    : self instanceof Request r ? "uv_" + r.requestType() + "_t" : self.typename();
            return LuaValue.valueOf(name + ": " + dev.ljuv.stdlib.vm.ValueSemantics.address(self));
        }));
        return t;
    }

    /** The method table of a handle type from its operations' groups; registers their function forms. */
    @SafeVarargs
    private <T extends Handle> MethodTable<T> type(Class<T> cls, String name, List<? extends Op<? super T>>... groups) {
        MethodTable<T> t = luvType(new MethodTable<>(cls, "uv_" + name), "uv_" + name + "_t");
        for (List<? extends Op<? super T>> group : groups) {
            for (Op<? super T> op : group) {
                MethodTable.Body<T> body = op.methodBody();
                t.method(op.method, body);
                if (registered.add(op.function)) {
                    lib.value(op.function, op.functionForm());
                }
            }
        }
        return t;
    }

    /** The size of {@link #handles} at which closed handles are next dropped (amortized: it doubles). */
    private int pruneAt = 64;

    private <T extends Handle> T opened(T h) {
        if (handles.size() >= pruneAt) { // closed handles leave the set here, not one by one as they close
            handles.removeIf(Handle::isClosed);
            pruneAt = Math.max(64, handles.size() * 2);
        }
        handles.add(h);
        return h;
    }

    private LuaTable bind() {
        Misc.bind(lib, this);
        Fs.bind(lib, this, globals);
        Dns.bind(lib, this);
        LuaTable uv = lib
                .function("run", args -> luaLoop.get("run").call(luaLoop, args.arg1()))
                .function("stop", args -> {
                    loop.stop();
                    return LuaValue.NONE;
                })
                .function("loop_alive", args -> LuaValue.valueOf(loop.alive()))
                .function("loop_close", args -> {
                    // libuv refuses while a handle is open; after success the loop stays usable here (it is ljuv's)
                    handles.removeIf(Handle::isClosed);
                    return loop.alive() || !handles.isEmpty() ? LuvErrors.fail(UvError.EBUSY) : LuvErrors.OK;
                })
                .function("loop_mode", args -> loop.isRunning() ? LuaValue.valueOf("default") : LuaValue.NIL)
                .function("loop_configure", args -> {
                    String option = Args.checkString(args, 1, "loop_configure").tojstring();
                    if (!option.equals("metrics_idle_time")) {
                        return LuvErrors.fail(UvError.ENOSYS);
                    }
                    loop.countIdleTime();
                    return LuvErrors.OK;
                })
                // nanoseconds, as libuv's, since loop_configure asked for them
                .function("metrics_idle_time", args -> LuaValue.valueOf((double) loop.idleNanos()))
                // a descriptor polled for readiness has no JVM counterpart (the JVM's channels own theirs): luv's
                // constructors fail with ENOTSUP, so no poll handle exists for the others to take
                .function("new_poll", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("new_socket_poll", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("poll_start", args -> {
                    throw Args.typeError(args, 1, "poll_start", "uv_poll");
                })
                .function("poll_stop", args -> {
                    throw Args.typeError(args, 1, "poll_stop", "uv_poll");
                })
                .function("now", args -> LuaValue.valueOf(loop.now()))
                .function("update_time", args -> {
                    loop.updateTime();
                    return LuaValue.NONE;
                })
                .function("walk", args -> {
                    LuaValue cb = Args.checkCallable(args, 1, "walk");
                    handles.removeIf(Handle::isClosed);
                    for (Handle h : new ArrayList<>(handles)) {
                        cb.call(h);
                    }
                    return LuaValue.NONE;
                })
                .function("backend_fd", args -> LuaValue.NIL)
                .function("backend_timeout", args -> LuaValue.valueOf(loop.alive() ? 0 : -1))
                .function("cancel", args -> {
                    if (!(args.arg1() instanceof Request r)) {
                        throw Args.typeError(args, 1, "cancel", "uv_req");
                    }
                    return r.cancelled();
                })
                .function("req_get_type", args -> {
                    if (!(args.arg1() instanceof Request r)) {
                        throw Args.typeError(args, 1, "req_get_type", "uv_req");
                    }
                    return r.typeNameAndNumber();
                })
                .function("new_timer", args -> opened(new Timer(loop, timer, false)))
                .function("new_idle", args -> opened(new Idle(loop, idle, false)))
                .function("new_prepare", args -> opened(new Prepare(loop, prepare, false)))
                .function("new_check", args -> opened(new Check(loop, check, false)))
                .function("new_async", args -> {
                    Async a = new Async(loop, async, Args.checkCallable(args, 1, "new_async"), false);
                    a.importAs(AsyncRef::imported); // a uv_async in the threads it is handed to, as luv's
                    return opened(a);
                })
                .function("new_signal", args -> opened(new Signal(loop, signal, false)))
                .function("new_tcp", args -> opened(new Tcp(this, tcp)))
                .function("new_pipe", args -> opened(new Pipe(this, pipe, args.arg1().toboolean())))
                .function("new_udp", args -> opened(new Udp(this, udp, Udp.ipv6(args.arg1()))))
                .function("new_fs_event", args -> opened(new FsWatch.Event(this, fsEvent)))
                .function("new_fs_poll", args -> opened(new FsWatch.Poll(this, fsPoll)))
                .function("new_tty", args -> {
                    Varargs r = Tty.open(this, tty, Args.checkInt(args, 1, "new_tty"));
                    if (r.arg1() instanceof Tty t) {
                        opened(t);
                    }
                    return r;
                })
                .function("tty_reset_mode", args -> Tty.resetMode())
                .function("tty_set_vterm_state", args -> LuaValue.NONE) // Windows only, as in luv
                .function("tty_get_vterm_state", args -> LuvErrors.fail(UvError.ENOTSUP))
                .function("pipe", args -> socketPair(false, true)) // (see Descriptors: a socket pair)
                .function("socketpair", args -> {
                    String type = args.arg1().isnil() ? "stream" : Dns.socktypeName(args.arg1());
                    if (!"stream".equals(type) && !"dgram".equals(type)) {
                        throw Args.error(1, "socketpair", "invalid socket type '" + args.arg1().tojstring() + "'");
                    }
                    return socketPair(type.equals("dgram"), false);
                })
                .function("spawn", args -> {
                    Varargs r = LuvProcess.spawn(this, args);
                    if (r.arg1() instanceof LuvProcess p) {
                        opened(p);
                    }
                    return r;
                })
                .function("kill", args -> {
                    long pid = (long) Args.checkNumber(args, 1, "kill");
                    int sig = args.isnoneornil(2) ? 15 : LuvHandles.signalNumber(args, 2, "kill");
                    return result(LuvProcess.signal(pid, sig));
                })
                .function("disable_stdio_inheritance", args -> LuaValue.NONE) // the JVM passes only 0, 1, 2
                .function("version", args -> LuaValue.valueOf(VERSION))
                .function("version_string", args -> LuaValue.valueOf(
                        (VERSION >> 16) + "." + ((VERSION >> 8) & 0xff) + "." + (VERSION & 0xff)))
                .done();
        // uv_dir's methods are its functions (dir:readdir() is uv.fs_readdir(dir))
        dir.method("readdir", (d, a) -> uv.get("fs_readdir").invoke(LuaValue.varargsOf(d, a)))
                .method("closedir", (d, a) -> uv.get("fs_closedir").invoke(LuaValue.varargsOf(d, a)));
        return uv;
    }

    /** Results of functions that return a status. */
    static Varargs result(UvError e) {
        return e == null ? LuvErrors.OK : LuvErrors.fail(e);
    }
}
