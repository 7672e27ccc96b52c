package dev.ljuv.luv;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.Generator;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The methods of {@code ljuv.net}'s TCP cosockets that a handler calls per message, in Java: {@code sock:send},
 * {@code sock:receive}, {@code sock:receiveany}. The others (connect, close, timeouts, the connection pool, TLS,
 * receiveuntil) are net.lua's, and a cosocket is net.lua's table: these read its fields ({@code handle},
 * {@code inbox}, {@code read_timeout}, {@code writing}). A send that the socket does not take at once, and data
 * other than a string, go back to net.lua. With the handler's loop calling no Lua function of net.lua, a coroutine
 * echo server's first 100k round trips (50 connections x 64 B, a fresh server) went from 57-75k to 82-85k per second
 * (net.lua's wrappers ran interpreted, then in classes the JIT had to warm up, through the first second). A
 * frameless coroutine body (a {@code net.listen} handler with a loop) makes these calls itself and waits in them
 * without a continuation ({@link Generator.Waits}).
 *
 * <p>Threading: the loop's thread only (the Lua state's), as the socket's stream.
 */
final class Cosocket {
    private Cosocket() {}

    /** The Lua methods (of net.lua's {@code tcp} metatable). */
    static final String[] NAMES = {"send", "receive", "receiveany"};

    private static final LuaString HANDLE = LuaValue.valueOf("handle");
    private static final LuaString INBOX = LuaValue.valueOf("inbox");
    private static final LuaString READ_TIMEOUT = LuaValue.valueOf("read_timeout");
    private static final LuaString WRITING = LuaValue.valueOf("writing");
    private static final LuaString RECEIVE_LIMIT = LuaValue.valueOf("receive_limit");
    private static final LuaString CLOSE = LuaValue.valueOf("close");
    private static final LuaString EMPTY = LuaValue.valueOf("");
    private static final Varargs CLOSED = LuaValue.varargsOf(LuaValue.NIL, Inbox.CLOSED);
    private static final Varargs BUSY_WRITING = LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("socket busy writing"));
    private static final String TOO_LONG = "line too long";

    /**
     * {@code cosocket(send_queued, send_other, net)} for net.lua: its {@code send}, {@code receive} and
     * {@code receiveany}. {@code send_queued(sock, payload, total)} waits for a write the socket did not take at once
     * ({@code payload}: what is still to queue), {@code send_other(sock, data)} sends data other than a string;
     * {@code net.receive_limit} bounds a line.
     */
    static LuaValue constructor() {
        return Functions.named("cosocket", a -> {
            LuaValue queued = Args.checkFunction(a, 1, "cosocket");
            LuaValue other = Args.checkFunction(a, 2, "cosocket");
            LuaValue net = Args.checkTable(a, 3, "cosocket");
            return LuaValue.varargsOf(new LuaValue[] {send(queued, other), receive(net), receiveany()});
        });
    }

    /**
     * {@code sock:send(data)}: the bytes sent, once the kernel has them all; nil and the error otherwise. Called by a
     * frameless coroutine body, it is made there (see {@link Generator.Waits}) unless it must wait for the socket.
     */
    private static LuaValue send(LuaValue queued, LuaValue other) {
        return Functions.waiting("send", a -> ordinary(send(a, queued, other)), (a, again) -> send(a, queued, other));
    }

    /** A send: its results, or the rest of it in Lua (net.lua's {@code send_queued} or {@code send_other}). */
    private static Varargs send(Varargs a, LuaValue queued, LuaValue other) {
        LuaValue self = Args.checkTable(a, 1, "send");
        if (!(self.rawget(HANDLE) instanceof Stream handle)) {
            return CLOSED;
        }
        if (self.rawget(WRITING).toboolean()) {
            return BUSY_WRITING;
        }
        LuaValue data = a.arg(2);
        if (!(data instanceof LuaString payload)) {
            if (!data.istable() && !data.isnumber() && !data.isboolean()) {
                throw Args.error(2, "send", "string, number, boolean or table expected, got " + data.typename());
            }
            return new Generator.Rest(() -> other.invoke(LuaValue.varargsOf(self, data)));
        }
        LuaValue total = LuaValue.valueOf(payload.m_length);
        // written at once unless bytes are queued before it (EAGAIN): then after them, as the rest of a partial write
        Varargs r = handle.tryWrite(payload);
        if (!r.arg1().isnil()) {
            // as cosockets: send returns once everything is in the kernel's buffer (a close right after loses
            // nothing); what the socket did not take is queued, and an empty write completes once it drained
            return handle.writeQueueSize() == 0 ? total
                    : new Generator.Rest(() -> queued.invoke(LuaValue.varargsOf(self, EMPTY, total)));
        }
        if (!r.arg(3).tojstring().equals("EAGAIN")) {
            return CLOSED; // (shut down for writing, or closed: try_write's only other failures)
        }
        return new Generator.Rest(() -> queued.invoke(LuaValue.varargsOf(self, payload, total)));
    }

    /** The results of a call made the ordinary way: its rest in Lua made now. */
    private static Varargs ordinary(Varargs r) {
        return r instanceof Generator.Rest rest ? rest.run() : r;
    }

    /** {@code sock:receive([pattern])}: a line ("*l", "*L"), n bytes, or everything ("*a"). */
    private static LuaValue receive(LuaValue net) {
        return Functions.waiting("receive", a -> ordinary(receive(a, net, false, false)),
                (a, again) -> receive(a, net, true, again));
    }

    /** A receive, by a frameless coroutine body or not ({@link Generator.Waits}: {@code again}). */
    private static Varargs receive(Varargs a, LuaValue net, boolean frameless, boolean again) {
        LuaValue self = Args.checkTable(a, 1, "receive");
        Inbox inbox = inbox(self, again);
        if (inbox == null) {
            return CLOSED;
        }
        LuaValue arg = a.arg(2);
        LuaValue count = arg.tonumber();
        Inbox.Pattern pattern;
        int n = 0;
        if (arg.isnil()) {
            pattern = Inbox.Pattern.LINE;
        } else if (!count.isnil()) {
            double floor = Math.floor(count.todouble());
            if (floor < 0) {
                throw Args.error(2, "receive", "bad pattern argument");
            }
            pattern = Inbox.Pattern.BYTES;
            n = (int) Math.min(floor, Integer.MAX_VALUE);
        } else {
            pattern = switch (arg.tojstring()) {
                case "*l" -> Inbox.Pattern.LINE;
                case "*L" -> Inbox.Pattern.LINE_WITH_END;
                case "*a" -> Inbox.Pattern.ALL;
                default -> throw Args.error(2, "receive", "bad pattern argument: " + arg.tojstring());
            };
        }
        Varargs r = read(self, inbox, pattern, n, (long) net.rawget(RECEIVE_LIMIT).todouble(), frameless, again);
        if (r.arg1().isnil() && r.arg(2).tojstring().equals(TOO_LONG)) {
            return new Generator.Rest(() -> {
                self.get(CLOSE).call(self);
                return r;
            });
        }
        return r;
    }

    /** {@code sock:receiveany(max)}: what has come, up to max bytes, once anything has. */
    private static LuaValue receiveany() {
        return Functions.waiting("receiveany", a -> receiveany(a, false, false),
                (a, again) -> receiveany(a, true, again));
    }

    private static Varargs receiveany(Varargs a, boolean frameless, boolean again) {
        LuaValue self = Args.checkTable(a, 1, "receiveany");
        LuaValue max = a.arg(2).tonumber();
        if (max.isnil() || !(max.todouble() > 0)) {
            throw Args.error(2, "receiveany", "bad max argument");
        }
        Inbox inbox = inbox(self, again);
        if (inbox == null) {
            return CLOSED;
        }
        int n = (int) Math.max(1, Math.min(max.todouble(), Integer.MAX_VALUE));
        return read(self, inbox, Inbox.Pattern.ANY, n, 0, frameless, again);
    }

    /** The input of socket {@code self}, or null once it is closed (a frameless read resumed then ends its wait). */
    private static Inbox inbox(LuaValue self, boolean again) {
        if (!(self.rawget(INBOX) instanceof Inbox inbox)) {
            return null;
        }
        if (self.rawget(HANDLE).isnil()) {
            inbox.abandon(again);
            return null;
        }
        return inbox;
    }

    /** A read of {@code inbox} with the socket's read timeout, by a frameless coroutine body or not. */
    private static Varargs read(LuaValue self, Inbox inbox, Inbox.Pattern pattern, int n, long limit,
            boolean frameless, boolean again) {
        long timeout = Inbox.millis(self.rawget(READ_TIMEOUT).todouble());
        return frameless ? inbox.read(pattern, n, timeout, limit, again) : inbox.read(pattern, n, timeout, limit);
    }

    /**
     * {@code on_end(co, fn)} for net.lua's {@code listen}: {@code fn(ok, err)} once the handler's coroutine ended
     * ({@code Coroutine.onEnd}), which closes its connection. The handler is the coroutine's body itself, so that
     * it can run frameless; a wrapper calling it through {@code xpcall} would have put it on a continuation.
     */
    static LuaValue onEnd() {
        return Functions.named("on_end", a -> {
            if (!(a.arg1() instanceof Coroutine co)) {
                throw Args.error(1, "on_end", "coroutine expected");
            }
            co.onEnd(Args.checkFunction(a, 2, "on_end"));
            return LuaValue.NONE;
        });
    }
}
