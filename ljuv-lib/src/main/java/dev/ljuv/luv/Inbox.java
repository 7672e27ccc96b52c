package dev.ljuv.luv;

import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.Timer;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.LuaObject;
import dev.ljuv.stdlib.lua.MethodTable;
import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.Generator;
import dev.ljuv.stdlib.vm.LuaErrors;
import java.util.ArrayDeque;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A cosocket's input (for {@code ljuv.net}'s {@code receive}, {@code receiveany}, {@code receiveuntil}): what its luv
 * stream read, buffered, and the one reader that waits for more. The stream's read callback is this object's own
 * Java function, and a reader waits here: inside a coroutine it yields until the callback (or the read timeout)
 * resumes it (a frameless coroutine body is suspended without a yield: {@link #read}); outside one (a main
 * chunk) it runs the loop until then. A message thus goes from the socket to the
 * reader's hands without a Lua callback, a Lua waiter or a timer started per read. Results are the cosockets':
 * {@code nil, "timeout" | "closed" | msg [, partial]}; a read timeout leaves the socket usable.
 *
 * <p>Reading pauses while {@link #HIGH_WATER} bytes wait unread (a fast peer fills the kernel's buffers, not
 * memory) and resumes when a reader takes them or needs more.
 *
 * <p>Threading: the loop's thread only (the Lua state's), where the stream's callbacks and its readers run.
 */
final class Inbox extends LuaObject implements dev.ljuv.stdlib.vm.MemoryLimit.Holds {
    /** The Lua methods (net.lua's view of a socket's input). */
    static final String[] NAMES = {"buffered", "ended", "busy", "peek", "take", "await", "closed", "close", "block"};

    static final int HIGH_WATER = 1024 * 1024;

    static final LuaString CLOSED = LuaValue.valueOf("closed");
    private static final LuaString TIMEOUT = LuaValue.valueOf("timeout");
    private static final LuaString EMPTY = LuaValue.valueOf("");
    private static final Varargs BUSY = varargsOf(NIL, LuaValue.valueOf("socket busy reading"));
    private static final Varargs TOO_LONG = varargsOf(NIL, LuaValue.valueOf("line too long"));

    private final Stream stream;
    private final EventLoop loop;
    /** net.lua's translation of a luv error name into the cosockets' text. */
    private final LuaValue message;
    private final LuaValue onRead = Functions.holding("read", this, args -> { // (the stream's callback: its inbox counted)
        received(args.arg1(), args.arg(2));
        return NONE;
    });
    private final LuaValue onTimeout = Functions.named("timeout", args -> {
        expired();
        return NONE;
    });

    /** The input not yet taken: whole strings as read, the first from {@link #head} on. */
    private final ArrayDeque<LuaString> chunks = new ArrayDeque<>();
    private int head;
    private long buffered;
    /** For a line: how many bytes at the front are known to hold no newline. */
    private int searched;
    private boolean eof;
    /** Why input ended, as cosockets say it (false: the peer closed, or EOF). */
    private LuaValue readError = FALSE;
    private boolean paused;
    private boolean detached;

    /** Whether a reader is waiting: then a second reader is refused ("socket busy reading"). */
    private boolean waiting;
    private boolean woken;
    /** Whether a reader waits by running the loop even inside a coroutine (see wait.lua's new(block)). */
    private boolean blocking;
    private boolean timedOut;
    /** The waiting coroutine; null while none waits or the main chunk does. */
    private Coroutine waiter;
    /** The read timer, made at the first wait with a timeout and left running between waits (see {@link #arm}). */
    private Timer timer;
    /** When the current wait times out, in the loop's milliseconds. */
    private long deadline;

    private Inbox(Stream stream, LuaValue message, MethodTable<Inbox> type) {
        super(stream, type, true);
        this.stream = stream;
        this.loop = stream.eventLoop();
        this.message = message;
    }

    /** {@code inbox(stream, message)} for net.lua: starts reading {@code stream} into a new inbox. */
    static LuaValue constructor() {
        MethodTable<Inbox> type = methods();
        return Functions.named("inbox", a -> {
            if (!(a.arg1() instanceof Stream s)) {
                throw Args.error(1, "inbox", "Expected uv_stream userdata");
            }
            Inbox inbox = new Inbox(s, Args.checkCallable(a, 2, "inbox"), type);
            Varargs r = s.readStart(inbox.onRead);
            return r.arg1().isnil() ? r : inbox;
        });
    }

    /** What a memory limit counts: the input not yet taken, and the coroutine waiting for it. */
    @Override
    public void reach(java.util.function.Consumer<LuaValue> to) {
        chunks.forEach(to);
        if (waiter != null) {
            to.accept(waiter);
        }
    }

    // ---- input

    private void received(LuaValue err, LuaValue data) {
        if (detached) {
            return;
        }
        if (data instanceof LuaString s) {
            if (s.m_length > 0) {
                chunks.add(s);
                buffered += s.m_length;
            }
            if (buffered >= HIGH_WATER && !paused && !waiting) {
                paused = true;
                stream.readStop();
            }
        } else {
            eof = true;
            readError = err.isnil() ? FALSE : message.call(err);
        }
        wake();
    }

    private void resumeReading() {
        if (paused && !detached) {
            paused = false;
            stream.readStart(onRead);
        }
    }

    /** The first {@code n} bytes (at most {@link #buffered}), taken off the front. */
    private LuaString take(int n) {
        if (n == 0) {
            return EMPTY;
        }
        LuaString out = gather(n);
        buffered -= n;
        searched = Math.max(0, searched - n);
        if (buffered < HIGH_WATER) {
            resumeReading();
        }
        return out;
    }

    /** Removes the first {@code n} bytes (0 < n <= buffered) from the chunks, as one string. */
    private LuaString gather(int n) {
        LuaString first = chunks.peekFirst();
        if (first.m_length - head >= n) {
            LuaString out = head == 0 && n == first.m_length ? first
                    : LuaString.valueUsing(first.m_bytes, first.m_offset + head, n);
            advance(first, n);
            return out;
        }
        byte[] bytes = new byte[n];
        for (int filled = 0; filled < n; ) {
            LuaString c = chunks.peekFirst();
            int k = Math.min(c.m_length - head, n - filled);
            System.arraycopy(c.m_bytes, c.m_offset + head, bytes, filled, k);
            filled += k;
            advance(c, k);
        }
        return LuaString.valueUsing(bytes);
    }

    private void advance(LuaString first, int k) {
        head += k;
        if (head == first.m_length) {
            chunks.pollFirst();
            head = 0;
        }
    }

    /** The whole buffer as one string (joined once for a search that spans chunks). */
    private LuaString peek() {
        if (buffered == 0) {
            return EMPTY;
        }
        if (chunks.size() > 1 || head > 0) {
            chunks.add(gather((int) buffered)); // (the buffer and what was searched of it stay as they were)
        }
        return chunks.peekFirst();
    }

    // ---- waiting

    /**
     * Waits for input, its end, the timeout ({@code timeoutMs}, none when 0 or less) or the inbox's close: true
     * when it timed out. The caller looks again at what is buffered.
     */
    private boolean await(long timeoutMs) {
        Coroutine co = !blocking && stream.luv.globals.running instanceof Coroutine c ? c : null;
        if (co == null && loop.isRunning()) {
            throw new LuaError("ljuv: a call outside a coroutine cannot wait inside a loop callback (run it in a coroutine)");
        }
        startWait(co, timeoutMs);
        try {
            if (co != null) {
                Coroutine.yield(stream.luv.globals, NONE); // resumed by wake(), or by whoever resumes it
            } else {
                while (!woken) {
                    if (!stream.luv.runOnce() && !woken) {
                        throw new LuaError("ljuv: nothing left to wait for");
                    }
                }
            }
        } finally {
            endWait();
        }
        return timedOut;
    }

    /** Starts a wait of {@code co} (null: the main chunk), which {@link #wake} ends. */
    private void startWait(Coroutine co, long timeoutMs) {
        resumeReading();
        waiting = true;
        woken = false;
        timedOut = false;
        waiter = co;
        arm(timeoutMs);
    }

    /** Ends the current wait, however it ended: whether it timed out. */
    private boolean endWait() {
        waiting = false;
        waiter = null;
        if (timer != null) {
            timer.setRef(false); // between waits the timer keeps nothing alive
        }
        return timedOut;
    }

    /** A frameless read resumed ({@code again}) to find its socket closed: its wait ends (see {@link #read}). */
    void abandon(boolean again) {
        if (again) {
            endWait();
        }
    }

    /**
     * The timer of a wait: started only when not running already. A timer that fires before the current wait's
     * deadline (it was started for an earlier wait) starts again for the rest, so a wait per message starts none.
     */
    private void arm(long timeoutMs) {
        if (timeoutMs <= 0) {
            deadline = Long.MAX_VALUE;
            return;
        }
        loop.updateTime(); // the loop's cached time may be old (Lua ran since): count from now
        deadline = loop.now() + timeoutMs;
        if (timer == null) {
            timer = new Timer(loop, stream.luv.timer, false);
        }
        timer.setRef(true);
        if (!timer.isActive() || timer.dueInMs() > timeoutMs) {
            timer.start(timeoutMs, 0, onTimeout);
        }
    }

    private void expired() {
        if (!waiting || woken || deadline == Long.MAX_VALUE) {
            return; // no wait with a timeout: the timer stops
        }
        long left = deadline - loop.now();
        if (left > 0) {
            timer.start(left, 0, onTimeout);
            return;
        }
        timedOut = true;
        wake();
    }

    /** Ends the current wait: a parked coroutine resumes now (its error is raised here, with its traceback). */
    private void wake() {
        if (!waiting || woken) {
            return;
        }
        woken = true;
        Coroutine co = waiter;
        if (co != null) {
            Varargs r = co.resume(NONE);
            if (!r.arg1().toboolean()) {
                throw new LuaError(LuaErrors.traceback(stream.luv.globals, co, r.arg(2)));
            }
        }
    }

    // ---- the cosockets' reads (called by Cosocket)

    /** A timeout in whole milliseconds, a fraction rounded up (0 or less: none). */
    static long millis(double ms) {
        return ms > 0 ? (long) Math.ceil(ms) : 0;
    }

    /**
     * What a read takes: what has come, up to n bytes ({@code receiveany}), n bytes, a line without its end and
     * carriage returns ("*l") or with its end ("*L"), everything ("*a").
     */
    enum Pattern { ANY, BYTES, LINE, LINE_WITH_END, ALL }

    /**
     * A read ({@code n}: ANY's most or BYTES' count; {@code limit}: a line's longest), waiting until it can answer:
     * inside a coroutine it yields, outside one it runs the loop (see {@link #await}).
     */
    Varargs read(Pattern pattern, int n, long timeoutMs, long limit) {
        if (waiting) {
            return BUSY;
        }
        while (true) {
            Varargs r = now(pattern, n, limit);
            if (r != null) {
                return r;
            }
            if (await(timeoutMs)) {
                return timedOut(pattern);
            }
        }
    }

    /**
     * The same read made by a frameless coroutine body ({@link Generator.Waits}): where the other would yield, it
     * starts the wait and answers {@link Generator#WAIT}; {@link #wake} resumes the coroutine, which makes the call
     * again ({@code again}), ending that wait.
     */
    Varargs read(Pattern pattern, int n, long timeoutMs, long limit, boolean again) {
        if (again) {
            if (endWait()) {
                return timedOut(pattern);
            }
        } else if (waiting) {
            return BUSY;
        }
        Varargs r = now(pattern, n, limit);
        if (r != null) {
            return r;
        }
        startWait((Coroutine) stream.luv.globals.running, timeoutMs);
        return Generator.WAIT;
    }

    /** The read's answer from what is buffered now, or null when it must wait. */
    private Varargs now(Pattern pattern, int n, long limit) {
        boolean all = pattern == Pattern.ALL;
        if (pattern == Pattern.ANY) {
            if (buffered > 0) {
                return take((int) Math.min(buffered, n));
            }
            return eof ? varargsOf(NIL, readError.toboolean() ? readError : CLOSED) : null;
        } else if (pattern == Pattern.BYTES) {
            if (buffered >= n) {
                return take(n);
            }
        } else if (!all) {
            LuaString buf = peek();
            int nl = buf.indexOf((byte) '\n', searched);
            if (nl >= 0) {
                searched = 0;
                LuaString line = take(nl + 1);
                return pattern == Pattern.LINE_WITH_END ? line : withoutEnd(line);
            }
            searched = buf.m_length;
            if (buf.m_length > limit) {
                return TOO_LONG;
            }
        }
        if (eof) {
            if (all && !readError.toboolean()) {
                return take((int) buffered);
            }
            searched = 0;
            return closed();
        }
        return null;
    }

    /** A read's answer once its wait timed out: a receive's with what was buffered (not "*a"'s). */
    private Varargs timedOut(Pattern pattern) {
        if (pattern == Pattern.ANY) {
            return varargsOf(NIL, TIMEOUT);
        }
        searched = 0;
        return varargsOf(NIL, TIMEOUT, buffered > 0 && pattern != Pattern.ALL ? take((int) buffered) : EMPTY);
    }

    /** A "*l" line: without its newline, and without the carriage returns in it. */
    private static LuaString withoutEnd(LuaString line) {
        int len = line.m_length - 1;
        byte[] b = line.m_bytes;
        int off = line.m_offset;
        int cr = 0;
        for (int i = 0; i < len; i++) {
            if (b[off + i] == '\r') {
                cr++;
            }
        }
        if (cr == 0) {
            return LuaString.valueUsing(b, off, len);
        }
        byte[] out = new byte[len - cr];
        for (int i = 0, j = 0; i < len; i++) {
            if (b[off + i] != '\r') {
                out[j++] = b[off + i];
            }
        }
        return LuaString.valueUsing(out);
    }

    /** Input ended ({@code closed}): nil, why, and what was buffered. */
    private Varargs closed() {
        return varargsOf(NIL, readError.toboolean() ? readError : CLOSED, take((int) buffered));
    }

    /** Stops reading into this inbox (the socket closed, or went idle into a pool); a waiting reader gets "closed". */
    private void close() {
        if (!detached) {
            detached = true;
            eof = true;
            readError = CLOSED;
            if (timer != null) {
                timer.close();
            }
            wake();
        }
    }

    static MethodTable<Inbox> methods() {
        return new MethodTable<>(Inbox.class, "ljuv.net.inbox")
                .method("buffered", (self, a) -> valueOf(self.buffered))
                .method("ended", (self, a) -> self.eof ? varargsOf(TRUE, self.readError) : FALSE)
                .method("peek", (self, a) -> self.peek())
                .method("take", (self, a) -> self.take((int) Math.max(0, Math.min(self.buffered, Args.checkInt(a, 1, "take")))))
                .method("busy", (self, a) -> valueOf(self.waiting))
                .method("await", (self, a) -> self.waiting ? BUSY
                        : valueOf(self.await(millis(Args.checkNumber(a, 1, "await")))))
                .method("closed", (self, a) -> self.closed())
                .method("block", (self, a) -> {
                    self.blocking = a.arg1().toboolean();
                    return NONE;
                })
                .method("close", (self, a) -> {
                    self.close();
                    return NONE;
                });
    }
}
