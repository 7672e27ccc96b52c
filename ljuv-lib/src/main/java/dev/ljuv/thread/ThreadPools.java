package dev.ljuv.thread;

import dev.ljuv.loop.Loop;
import dev.ljuv.stdlib.lib.buffer.Message;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.LuaErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code loop:threadpool(thread_count, interface_loader, ...)}. The pool is written in Lua
 * ({@code threadpool.lua} beside this class) on the module's own threads, channels and async handles, as the
 * original ljuv does; this class loads it once per state and gives it the calls' hot paths in Java
 * ({@link #NAMES}: the loop side's, and each worker's loop): every interface call passes there, and as Lua those
 * few lines were compiled code the JIT had to warm up and compile again in every run.
 *
 * <p>Threading: belongs to one state; a pool's channels are shared with its workers.
 */
public final class ThreadPools {
    /** The functions threadpool.lua receives: {@code call} is {@code pool:call}, the others its own. */
    static final String[] NAMES = {"call", "interface_call", "tick", "worker"};

    /**
     * The export type of a worker's loop ({@link #serve}): a worker's state has no threadpool.lua of its own, so
     * the pool hands each worker its loop as it hands it the channels, a payload that imports once.
     */
    static final String WORKER = "threadpool_worker";

    private static final LuaValue CLOSED = LuaValue.valueOf("closed");
    private static final LuaValue FREE_IDS = LuaValue.valueOf("free_ids");
    private static final LuaValue IDS = LuaValue.valueOf("ids");
    private static final LuaValue TASKS = LuaValue.valueOf("tasks");
    private static final LuaValue CIN = LuaValue.valueOf("cin");
    private static final LuaValue COUT = LuaValue.valueOf("cout");
    private static final LuaValue ASYNC = LuaValue.valueOf("async");
    private static final LuaValue ZERO = LuaValue.valueOf(0);

    private ThreadPools() {}

    public static Varargs create(ThreadContext ctx, Loop loop, Varargs args) {
        if (ctx.threadpoolFactory == null) {
            try (InputStream in = ThreadPools.class.getResourceAsStream("threadpool.lua")) {
                LuaValue chunk = dev.ljuv.stdlib.compile.CompiledChunk.library(
                        () -> ctx.globals.load(in, "=[ljuv threadpool]", "t", ctx.globals));
                ctx.threadpoolFactory = chunk.call(functions(ctx.globals));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ctx.threadpoolFactory.invoke(LuaValue.varargsOf(loop, args));
    }

    private static LuaTable functions(Globals g) {
        // the base library's pcall and error as the state opened them (a script's replacements do not reach the
        // pool, as they did not reach threadpool.lua's locals)
        LuaValue pcall = g.rawget("pcall");
        LuaValue error = g.rawget("error");
        return Functions.library("threadpool", NAMES)
                .function("call", args -> call(args.arg1().checktable(), args.arg(2), args.arg(3), args.subargs(4)))
                .function("interface_call", args -> interfaceCall(g, error, args.arg1().checktable(), args.arg(2)))
                .function("tick", args -> tick(g, pcall, error, args.arg1().checktable()))
                .function("worker", args -> Exports.exportShared(WORKER, WORKER))
                .done();
    }

    /**
     * {@code pool:call(op, callback, ...)}: sends {@code (id, op, ...)} to the workers and records the task; the
     * id is a free one when there is one (so that {@code tasks} stays a small array).
     */
    private static Varargs call(LuaTable pool, LuaValue op, LuaValue callback, Varargs values) {
        if (pool.rawget(CLOSED).toboolean()) {
            throw new LuaError("thread pool is closed");
        }
        LuaTable free = pool.rawget(FREE_IDS).checktable();
        int nfree = free.rawlen();
        LuaValue id = nfree > 0 ? free.rawget(nfree) : pool.rawget(IDS).add(1);
        // an encoding error raises here, before the task is recorded
        channel(pool.rawget(CIN), "cin").queue.push(StringBufferLibrary.encodeValues(LuaValue.varargsOf(id, op, values)));
        if (nfree > 0) {
            free.rawset(nfree, LuaValue.NIL);
        } else {
            pool.rawset(IDS, id);
        }
        pool.rawget(TASKS).checktable().rawset(id, callback);
        return LuaValue.NONE;
    }

    /** {@code pool.interface[op]}: calls {@code op} on a worker from a coroutine, which waits for the results. */
    private static LuaValue interfaceCall(Globals g, LuaValue error, LuaTable pool, LuaValue op) {
        return Functions.named(null, args -> {
            if (!(g.running instanceof Coroutine co)) {
                throw new LuaError("interface call from a non-coroutine thread");
            }
            call(pool, op, co, args);
            Varargs r = Coroutine.yield(g, LuaValue.NONE);
            if (!r.arg1().toboolean()) {
                error.invoke(LuaValue.varargsOf(r.arg(2), ZERO));
            }
            return r.subargs(2);
        });
    }

    /**
     * The pool's async callback: hands every result waiting in {@code cout} to its task, resuming a coroutine or
     * calling a callback with {@code (ok, ...)}. A failing one is raised (the loop defers it) after the async is
     * sent again, so that the results still queued are not lost.
     */
    private static Varargs tick(Globals g, LuaValue pcall, LuaValue error, LuaTable pool) {
        Channel cout = channel(pool.rawget(COUT), "cout");
        while (true) {
            Message m = cout.queue.poll();
            if (m == null) {
                return LuaValue.NONE;
            }
            Varargs msg = StringBufferLibrary.decodeValues(m); // id, ok, results...
            LuaValue id = msg.arg1();
            LuaTable tasks = pool.rawget(TASKS).checktable();
            LuaValue callback = tasks.rawget(id);
            tasks.rawset(id, LuaValue.NIL);
            LuaTable free = pool.rawget(FREE_IDS).checktable();
            free.rawset(free.rawlen() + 1, id);
            Varargs results = msg.subargs(2);
            LuaValue failure = null;
            if (callback instanceof LuaThread co) {
                Varargs r = co.resume(results);
                if (!r.arg1().toboolean()) {
                    failure = LuaErrors.traceback(g, co, r.arg(2));
                }
            } else if (!callback.isnil()) {
                Varargs r = pcall.invoke(LuaValue.varargsOf(callback, results));
                if (!r.arg1().toboolean()) {
                    failure = r.arg(2);
                }
            }
            if (failure != null) {
                LuaValue async = pool.rawget(ASYNC);
                if (async.invokemethod("is_active").arg1().toboolean()) {
                    async.invokemethod("send");
                }
                error.invoke(LuaValue.varargsOf(failure, ZERO));
            }
        }
    }

    /**
     * A worker's loop, in the worker's state {@code g}: {@code serve(cin, cout, notify, interface)} runs each
     * {@code (id, op, args...)} pulled from {@code cin} as {@code xpcall(interface[op], debug.traceback, args...)},
     * pushes {@code (id, ok, results...)} to {@code cout} and calls {@code notify}; it returns at the
     * {@code false} that closing the pool sends.
     */
    static LuaValue serve(Globals g) {
        LuaValue xpcall = g.rawget("xpcall");
        LuaValue tostring = g.rawget("tostring");
        return Functions.named("serve", args -> {
            Channel cin = channel(args.arg(1), "cin");
            Channel cout = channel(args.arg(2), "cout");
            LuaValue notify = args.arg(3);
            LuaValue iface = args.arg(4);
            while (true) {
                Varargs msg = StringBufferLibrary.decodeValues(cin.take());
                LuaValue id = msg.arg1();
                if (id == LuaValue.FALSE) {
                    return LuaValue.NONE;
                }
                LuaValue op = msg.arg(2);
                LuaValue f = iface.get(op);
                Varargs r;
                if (!f.isfunction()) {
                    r = LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf(
                            "threadpool interface has no operation '" + tostring.call(op).tojstring() + "'"));
                } else {
                    LuaValue traceback = g.get("debug").get("traceback");
                    r = xpcall.invoke(LuaValue.varargsOf(f, traceback, msg.subargs(3)));
                }
                try {
                    cout.queue.push(StringBufferLibrary.encodeValues(LuaValue.varargsOf(id, r)));
                } catch (LuaError e) {
                    cout.queue.push(StringBufferLibrary.encodeValues(LuaValue.varargsOf(id, LuaValue.FALSE,
                            LuaValue.valueOf("cannot send the result: " + tostring.call(LuaErrors.valueOf(e)).tojstring()))));
                }
                notify.call();
            }
        });
    }

    /** A pool's channel {@code name}; a Lua error when a script put something else there. */
    private static Channel channel(LuaValue v, String name) {
        if (v instanceof Channel c) {
            return c;
        }
        throw new LuaError("thread pool: " + name + " is not a channel (" + v.typename() + ")");
    }
}
