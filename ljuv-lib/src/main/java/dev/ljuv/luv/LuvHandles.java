package dev.ljuv.luv;

import dev.ljuv.loop.Async;
import dev.ljuv.loop.Check;
import dev.ljuv.loop.Handle;
import dev.ljuv.loop.Idle;
import dev.ljuv.loop.PhaseHandle;
import dev.ljuv.loop.Prepare;
import dev.ljuv.loop.Signal;
import dev.ljuv.loop.Timer;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.vm.ValueSemantics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.List;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * luv's operations on handles that are not streams: those of every handle ({@code uv_handle_t}: close, ref,
 * is_active...) and those of timers, idle, prepare, check, async and signal handles, on the loop package's
 * handles made in luv's style (callbacks without the handle, times in milliseconds).
 *
 * <p>Threading: loop thread only, except {@code async_send} (any thread, through an imported handle).
 */
final class LuvHandles {
    private LuvHandles() {}

    /** libuv's {@code uv_handle_type} numbers, by name. */
    private static final List<String> TYPES = List.of("unknown", "async", "check", "fs_event", "fs_poll",
            "handle", "idle", "pipe", "poll", "prepare", "process", "stream", "tcp", "timer", "tty", "udp", "signal");

    private static final LuaValue ZERO = LuvErrors.OK;

    static final List<Op<? super Handle>> HANDLE = List.of(
            Op.query(Handle.class, "uv_handle", "is_active", "is_active", (h, a) -> LuaValue.valueOf(h.isActive())),
            Op.query(Handle.class, "uv_handle", "is_closing", "is_closing", (h, a) -> LuaValue.valueOf(h.isClosed())),
            Op.query(Handle.class, "uv_handle", "close", "close", (h, a) -> {
                if (h.isClosed()) {
                    throw new LuaError("handle " + ValueSemantics.address(h) + " is already closing");
                }
                h.close(Args.optCallable(a, 1, "close"));
                return LuaValue.NONE;
            }),
            Op.query(Handle.class, "uv_handle", "ref", "ref", (h, a) -> {
                h.setRef(true);
                return LuaValue.NONE;
            }),
            Op.query(Handle.class, "uv_handle", "unref", "unref", (h, a) -> {
                h.setRef(false);
                return LuaValue.NONE;
            }),
            Op.query(Handle.class, "uv_handle", "has_ref", "has_ref", (h, a) -> LuaValue.valueOf(h.hasRef())),
            Op.of(Handle.class, "uv_handle", "send_buffer_size", "send_buffer_size",
                    (h, a) -> bufferSize(h, ChannelOption.SO_SNDBUF, a)),
            Op.of(Handle.class, "uv_handle", "recv_buffer_size", "recv_buffer_size",
                    (h, a) -> bufferSize(h, ChannelOption.SO_RCVBUF, a)),
            Op.of(Handle.class, "uv_handle", "fileno", "fileno", (h, a) -> {
                Channel ch = socket(h);
                int fd = ch != null ? Sockets.fd(ch) : -1;
                return fd >= 0 ? LuaValue.valueOf(fd) : LuvErrors.fail(hasSocket(h) ? UvError.EBADF : UvError.EINVAL);
            }),
            Op.query(Handle.class, "uv_handle", "handle_get_type", "get_type",
                    (h, a) -> LuaValue.varargsOf(LuaValue.valueOf(h.typeName()),
                            LuaValue.valueOf(Math.max(0, TYPES.indexOf(h.typeName()))))));

    /** Whether {@code h} is of a kind that has a socket (a stream or UDP), made or not yet. */
    private static boolean hasSocket(Handle h) {
        return h instanceof Stream || h instanceof Udp;
    }

    /** The socket of a stream or UDP handle, or null (none yet, or a kind without one). */
    private static Channel socket(Handle h) {
        return h instanceof Stream s ? s.socket() : h instanceof Udp u ? u.socket() : null;
    }

    private static Varargs bufferSize(Handle h, ChannelOption<Integer> option, Varargs a) {
        Channel ch = socket(h);
        if (ch == null) {
            return LuvErrors.fail(hasSocket(h) ? UvError.EBADF : UvError.EINVAL);
        }
        int size = Args.optInt(a, 1, option == ChannelOption.SO_SNDBUF ? "send_buffer_size" : "recv_buffer_size", 0);
        if (size == 0) {
            Integer v = ch.config().getOption(option);
            return v == null ? LuvErrors.fail(UvError.ENOTSUP) : LuaValue.valueOf(v);
        }
        return Luv.result(Sockets.setOption(ch, option, size));
    }

    // ---- timer

    static final List<Op<? super Timer>> TIMER = List.of(
            Op.of(Timer.class, "uv_timer", "timer_start", "start", (t, a) -> {
                long timeout = Math.max(0, (long) Args.checkNumber(a, 1, "timer_start"));
                long repeat = Math.max(0, (long) Args.checkNumber(a, 2, "timer_start"));
                t.start(timeout, repeat, Args.checkCallable(a, 3, "timer_start"));
                return ZERO;
            }),
            Op.of(Timer.class, "uv_timer", "timer_stop", "stop", (t, a) -> {
                t.stop();
                return ZERO;
            }),
            Op.of(Timer.class, "uv_timer", "timer_again", "again",
                    (t, a) -> t.again() ? ZERO : LuvErrors.fail(UvError.EINVAL)),
            Op.of(Timer.class, "uv_timer", "timer_set_repeat", "set_repeat", (t, a) -> {
                t.setRepeatMs(Math.max(0, (long) Args.checkNumber(a, 1, "timer_set_repeat")));
                return LuaValue.NONE;
            }),
            Op.query(Timer.class, "uv_timer", "timer_get_repeat", "get_repeat", (t, a) -> LuaValue.valueOf(t.repeatMs())),
            Op.query(Timer.class, "uv_timer", "timer_get_due_in", "get_due_in", (t, a) -> LuaValue.valueOf(t.dueInMs())));

    // ---- idle, prepare, check

    static <T extends PhaseHandle> List<Op<? super T>> phase(Class<T> type, String name) {
        String typeName = "uv_" + name;
        return List.of(
                Op.of(type, typeName, name + "_start", "start", (h, a) -> {
                    h.start(Args.checkCallable(a, 1, name + "_start"));
                    return ZERO;
                }),
                Op.of(type, typeName, name + "_stop", "stop", (h, a) -> {
                    h.stop();
                    return ZERO;
                }));
    }

    static final List<Op<? super Idle>> IDLE = phase(Idle.class, "idle");
    static final List<Op<? super Prepare>> PREPARE = phase(Prepare.class, "prepare");
    static final List<Op<? super Check>> CHECK = phase(Check.class, "check");

    // ---- async

    static final List<Op<? super Async>> ASYNC = List.of(
            Op.of(Async.class, "uv_async", "async_send", "send", (h, a) -> {
                h.send(immutable(a));
                return ZERO;
            }).alsoFor(AsyncRef.class, AsyncRef::send));

    /**
     * What an async send may carry to another thread: nil, booleans, numbers, strings; as luv, the values end
     * before the first of another type.
     */
    static Varargs immutable(Varargs a) {
        int n = 0;
        while (n < a.narg()) {
            LuaValue v = a.arg(n + 1);
            if (!(v.isnil() || v.isboolean() || v.type() == LuaValue.TNUMBER || v.type() == LuaValue.TSTRING)) {
                break;
            }
            n++;
        }
        return firstN(a, n); // a copy: the arguments may share a frame that is reused before the callback runs
    }

    private static Varargs firstN(Varargs a, int n) {
        LuaValue[] values = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            values[i] = a.arg(i + 1);
        }
        return LuaValue.varargsOf(values);
    }

    // ---- signal

    static final List<Op<? super Signal>> SIGNAL = List.of(
            Op.of(Signal.class, "uv_signal", "signal_start", "start", (h, a) -> startSignal(h, a, false, "signal_start")),
            Op.of(Signal.class, "uv_signal", "signal_start_oneshot", "start_oneshot",
                    (h, a) -> startSignal(h, a, true, "signal_start_oneshot")),
            Op.of(Signal.class, "uv_signal", "signal_stop", "stop", (h, a) -> {
                h.stop();
                return ZERO;
            }));

    private static Varargs startSignal(Signal h, Varargs a, boolean once, String function) {
        int signum = signalNumber(a, 1, function);
        LuaValue cb = Args.optCallable(a, 2, function);
        try {
            h.start(signum, cb, once);
        } catch (LuaError e) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        return ZERO;
    }

    /** A signal given by number or by name ({@code "sigint"}, {@code "SIGINT"}), as luv accepts both. */
    static int signalNumber(Varargs a, int index, String function) {
        LuaValue v = a.arg(index);
        if (v.isnumber()) {
            return v.toint();
        }
        if (v.isstring()) {
            int n = Signal.number(v.tojstring());
            if (n < 0) {
                throw Args.error(index, function, "Unknown signal name: " + v.tojstring());
            }
            return n;
        }
        throw Args.typeError(a, index, function, "number or string");
    }
}
