package dev.ljuv.luv;

import dev.ljuv.loop.Handle;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.MethodTable;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * libuv's stream ({@code uv_stream_t}), the part TCP sockets, Unix domain sockets, pipes and TTYs share: a Netty
 * channel registered with the loop's own Netty loop, so its events run in the loop's poll phase on the loop's
 * thread; or, where the JVM gives no channel (a child's stdio, this process's standard streams), Java streams
 * through a {@link StdioLink}, whose events reach the loop as ready work.
 *
 * <p>How libuv's behaviour maps onto Netty: reading is the channel's auto-read (off until {@code read_start});
 * the peer's end of input arrives with half-closure allowed, so a stream that got EOF can still write, as in
 * libuv; a listening channel accepts into a queue that {@code accept} takes from, each accepted connection
 * announced by one listen callback. Callbacks of requests (write, shutdown, connect) run in the next poll phase,
 * never inside the call that started them, and each pending request keeps the loop alive. Data read after
 * {@code read_stop} (Netty's read in progress) is held and delivered by the next {@code read_start}: nothing
 * read is lost.
 *
 * <p>Threading: loop thread only (Netty's events for the channel run there too).
 */
public abstract class Stream extends Handle implements StdioLink.Events {
    final Luv luv;
    /** The connected (or connecting) channel, or null. */
    Channel channel;
    /** The listening channel, or null. */
    ServerChannel server;
    private LuaValue readCallback = NIL;
    private LuaValue listenCallback = NIL;
    private boolean reading;
    private boolean listening;
    private boolean connecting;
    private boolean writeShut;
    /** The channel's pipeline transforms nothing (no TLS): Lua's bytes may be sent as they are. */
    boolean plain = true;
    /** Connections accepted by Netty, not yet taken by {@code accept}. */
    private final ArrayDeque<Channel> backlog = new ArrayDeque<>();
    /** What was read while not reading: strings, then a final {@code Varargs} (EOF or error) at most. */
    private final ArrayDeque<Varargs> held = new ArrayDeque<>();
    /** The end of input (EOF or a read error) was delivered or held: nothing more is read. */
    private boolean ended;
    private ChannelFuture lastWrite;
    /** Where no channel can be had (a child's stdio, this process's own standard streams): Java streams. */
    StdioLink link;

    protected Stream(Luv luv, MethodTable<?> type) {
        super(luv.loop, type, false);
        this.luv = luv;
    }

    // ---- channels

    /** Makes {@code ch} this stream's connection: registered with the loop, not reading until read_start. */
    final UvError attach(Channel ch) {
        channel = ch;
        ch.config().setAutoRead(false);
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        Sockets.reads(ch, luv);
        configure(ch);
        ch.pipeline().addLast(new Events());
        return register(ch);
    }

    /**
     * {@code open(fd)} of an end of {@code uv.pipe} or {@code uv.socketpair} ({@link Descriptors}): the stream's
     * connection from now on, which owns and closes the descriptor; ENOTSUP for any other number.
     */
    final Varargs openDescriptor(int fd) {
        Channel ch = Descriptors.take(fd);
        if (ch == null) {
            return LuvErrors.fail(UvError.ENOTSUP);
        }
        UvError e = attach(ch);
        return e == null ? LuvErrors.OK : LuvErrors.fail(e);
    }

    /** Makes {@code ch} this stream's listening channel (bound later): accepts once {@code listen} is called. */
    final UvError attachServer(ServerChannel ch) {
        server = ch;
        Sockets.prepareListen();
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(new Events());
        return register(ch);
    }

    private UvError register(Channel ch) {
        SocketSend.prepare();
        return Sockets.register(loop, ch);
    }

    /** Socket options that were asked for before the connection existed. */
    protected void configure(Channel ch) {}

    /** Makes this stream read from and write to Java streams (either may be null). */
    final void attach(java.io.InputStream in, java.io.OutputStream out, boolean owned) {
        link = new StdioLink(loop, this, in, out, owned);
    }

    @Override
    public void received(byte[] data) {
        if (!ended && !isClosed()) {
            deliver(varargsOf(NIL, LuaString.valueUsing(data)));
        }
    }

    @Override
    public void ended(UvError error) {
        if (!ended && !isClosed()) {
            endInput(error == null ? NONE : LuvErrors.status(error));
        }
    }

    /** The handle's socket for {@code fileno} and the buffer sizes: the connection, else the listener. */
    final Channel socket() {
        return channel != null ? channel : server;
    }

    /** The end of input: EOF (no values) or the error's name, delivered (or held) last. */
    private void endInput(Varargs last) {
        ended = true;
        updateActive(); // before the callback, as libuv stops the handle before it reports EOF
        deliver(last);
        updateActive();
    }

    /** As libuv's: a reading stream stops being active once its end of input was delivered. */
    private void updateActive() {
        if (reading && !(ended && held.isEmpty()) || listening || connecting) {
            activate();
        } else {
            deactivate();
        }
    }

    @Override
    public void reach(java.util.function.Consumer<LuaValue> to) {
        super.reach(to);
        to.accept(readCallback);
        to.accept(listenCallback);
    }

    @Override
    protected void onClose() {
        reading = false;
        listening = false;
        connecting = false;
        if (channel != null) {
            channel.close();
        }
        if (link != null) {
            link.close();
        }
        if (server != null) {
            server.close();
        }
        for (Channel c : backlog) {
            discard(c);
        }
        backlog.clear();
        held.clear();
    }

    // ---- requests: run their callback in the next poll phase, keeping the loop alive until then

    final Request begin(String type) {
        return luv.begin(type);
    }

    final void finish(LuaValue callback, Throwable failure) {
        luv.finish(callback, failure == null ? null : LuvErrors.of(failure));
    }

    final void finish(LuaValue callback, UvError failure) {
        luv.finish(callback, failure);
    }

    /**
     * Connects the attached channel to {@code remote} (from {@code local} unless null): the stream is active until
     * the connection is made or fails, then {@code cb(err)} runs; a failed socket is closed, for epoll would
     * report it ready forever. Returns the connect request.
     */
    final Request connect(java.net.SocketAddress remote, java.net.SocketAddress local, LuaValue cb) {
        Request req = begin("connect");
        connecting = true;
        updateActive();
        Channel ch = channel;
        (local == null ? ch.connect(remote) : ch.connect(remote, local)).addListener(done -> {
            connecting = false;
            updateActive();
            if (done.cause() != null) {
                ch.close();
            }
            finish(cb, done.cause());
        });
        return req;
    }

    // ---- reading

    Varargs readStart(LuaValue cb) {
        if (channel == null && (link == null || !link.readable())) {
            return LuvErrors.fail(UvError.ENOTCONN);
        }
        readCallback = cb;
        reading = true;
        updateActive();
        if (!held.isEmpty()) {
            loop.ready(this::deliverHeld);
        } else if (!ended) {
            resumeReading();
        }
        return LuvErrors.OK;
    }

    Varargs readStop() {
        reading = false;
        updateActive();
        if (channel != null) {
            channel.config().setAutoRead(false);
        } else if (link != null) {
            link.stopReading();
        }
        return LuvErrors.OK;
    }

    private void deliverHeld() {
        Varargs v;
        while (reading && (v = held.poll()) != null) {
            loop.invoke(readCallback, v);
        }
        if (reading && !ended) {
            resumeReading();
        }
        updateActive();
    }

    private void resumeReading() {
        if (channel != null) {
            channel.config().setAutoRead(true);
        } else if (link != null) {
            link.startReading();
        }
    }

    private void deliver(Varargs v) {
        if (reading && held.isEmpty()) {
            loop.invoke(readCallback, v);
        } else {
            held.add(v);
        }
    }

    /** The Netty side: data, connections, end of input, errors. */
    private final class Events extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                try {
                    byte[] bytes = new byte[buf.readableBytes()];
                    buf.readBytes(bytes);
                    if (!ended) {
                        deliver(varargsOf(NIL, LuaString.valueUsing(bytes)));
                    }
                } finally {
                    buf.release();
                }
            } else if (msg instanceof Channel child) {
                if (isClosed()) {
                    discard(child);
                    return;
                }
                backlog.add(child);
                loop.invoke(listenCallback, NIL);
                if (!backlog.isEmpty() && server != null) {
                    // as libuv: one connection the program has not accepted waits here, the next ones in the
                    // kernel's backlog (whose size listen gave), not in memory without bound; accept resumes
                    server.config().setAutoRead(false);
                }
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == ChannelInputShutdownEvent.INSTANCE && !ended) {
                endInput(NONE);
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (ctx.channel() == server) {
                if (listening) {
                    loop.invoke(listenCallback, LuvErrors.status(LuvErrors.of(cause)));
                }
            } else if (!ended) {
                endInput(LuvErrors.status(LuvErrors.of(cause)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel && !ended && !isClosed()) {
                endInput(NONE);
            }
        }
    }

    // ---- writing

    /** A string, or a table (array) of strings, as one buffer that shares the strings' bytes (luv's checks). */
    static ByteBuf buffer(LuaValue data, String function, int index) {
        if (data.istable()) {
            int n = data.rawlen();
            if (n == 0) {
                throw Args.error(index, function, "expected non-empty table of strings");
            }
            ByteBuf[] parts = new ByteBuf[n];
            for (int i = 1; i <= n; i++) {
                LuaValue part = data.rawget(i);
                if (!part.isstring()) {
                    throw Args.error(index, function, "expected table of strings, found " + part.typename() + " in the table");
                }
                LuaString s = part.strvalue();
                parts[i - 1] = Unpooled.wrappedBuffer(s.m_bytes, s.m_offset, s.m_length);
            }
            return Unpooled.wrappedBuffer(parts);
        }
        if (!data.isstring()) {
            throw Args.error(index, function, "data must be string or table of strings, got " + data.typename());
        }
        LuaString s = data.strvalue();
        return Unpooled.wrappedBuffer(s.m_bytes, s.m_offset, s.m_length);
    }

    /** Why writing is impossible now, or null. */
    private UvError unwritable() {
        if (isClosed()) {
            return UvError.EBADF;
        }
        if (link != null) {
            return link.writable() ? null : UvError.EPIPE;
        }
        if (channel == null || !channel.isOpen()) {
            return channel == null ? UvError.EBADF : UvError.EPIPE;
        }
        return writeShut ? UvError.EPIPE : null;
    }

    /**
     * luv's write of a string: first offered to the socket directly (libuv's immediate write, {@link SocketSend});
     * the rest, or everything, goes through Netty's queue.
     */
    Varargs write(LuaString s, LuaValue cb) {
        int n = sendNow(s);
        if (n == s.m_length) {
            if (cb.isnil()) {
                return new Request(luv.request, "write");
            }
            Request req = begin("write");
            finish(cb, (UvError) null);
            return req;
        }
        return write(rest(s, n), cb);
    }

    /** What {@link SocketSend} wrote of {@code s} at once (-1: nothing, Netty writes it all). */
    private int sendNow(LuaString s) {
        if (!plain || channel == null || link != null || writeShut || isClosed()) {
            return -1;
        }
        return SocketSend.send(channel, s.m_bytes, s.m_offset, s.m_length);
    }

    /** The bytes of {@code s} after the first {@code sent} (all of them when sent is -1 or 0), sharing its array. */
    private static ByteBuf rest(LuaString s, int sent) {
        int n = Math.max(sent, 0);
        return Unpooled.wrappedBuffer(s.m_bytes, s.m_offset + n, s.m_length - n);
    }

    Varargs write(ByteBuf data, LuaValue cb) {
        UvError e = unwritable();
        if (e != null) {
            data.release();
            return LuvErrors.fail(e);
        }
        if (link != null) {
            byte[] bytes = new byte[data.readableBytes()];
            data.readBytes(bytes);
            data.release();
            Request req = begin("write");
            link.write(bytes, err -> finish(cb, err));
            return req;
        }
        if (cb.isnil()) {
            // nothing to call back: only a write that is still queued after the call keeps the loop alive
            ChannelFuture f = channel.writeAndFlush(data);
            lastWrite = f;
            if (!f.isDone()) {
                loop.handleActivated();
                f.addListener(done -> loop.handleDeactivated());
            }
            return new Request(luv.request, "write");
        }
        Request req = begin("write");
        ChannelPromise p = channel.newPromise();
        p.addListener(f -> finish(cb, f.cause()));
        lastWrite = channel.writeAndFlush(data, p);
        return req;
    }

    /** try_write of a string: sent at once when the socket takes it (see {@link #write(LuaString, LuaValue)}). */
    Varargs tryWrite(LuaString s) {
        int n = sendNow(s); // (-1 when anything is queued: then EAGAIN below)
        if (n == s.m_length) {
            return valueOf(n);
        }
        if (n > 0) {
            tryWrite(rest(s, n)); // the socket took part: the rest is queued, as below
            return valueOf(s.m_length);
        }
        return tryWrite(rest(s, -1));
    }

    /** libuv's try_write: writes now when nothing is queued, EAGAIN otherwise. */
    Varargs tryWrite(ByteBuf data) {
        UvError e = unwritable();
        if (e == null && writeQueueSize() > 0) {
            e = UvError.EAGAIN;
        }
        if (e != null) {
            data.release();
            return LuvErrors.fail(e);
        }
        int n = data.readableBytes();
        if (link != null) {
            write(data, NIL);
            return valueOf(n);
        }
        // Netty writes at once when the socket takes it; what it cannot take stays queued and is sent later
        // (never lost), which libuv would have reported as a partial write.
        lastWrite = channel.writeAndFlush(data);
        return valueOf(n);
    }

    long writeQueueSize() {
        if (link != null) {
            return link.queuedBytes();
        }
        if (channel == null) {
            return 0;
        }
        ChannelOutboundBuffer out = channel.unsafe().outboundBuffer();
        return out == null ? 0 : out.totalPendingWriteBytes();
    }

    /** Whether {@code shutdown} was asked for: its output is ending or ended. */
    final boolean shutDown() {
        return writeShut;
    }

    Varargs shutdown(LuaValue cb) {
        if (unwritable() != null) {
            return LuvErrors.fail(UvError.ENOTCONN); // libuv's answer for every stream it cannot shut down
        }
        writeShut = true;
        Request req = begin("shutdown");
        if (link != null) {
            link.shutdown(err -> finish(cb, err));
            return req;
        }
        Channel ch = channel;
        Runnable shut = () -> {
            if (ch instanceof DuplexChannel d) {
                d.shutdownOutput().addListener(f -> finish(cb, f.cause()));
            } else {
                finish(cb, (Throwable) null);
            }
        };
        // Netty fails the writes still queued when output shuts down; libuv waits for them
        if (lastWrite != null && !lastWrite.isDone()) {
            lastWrite.addListener(f -> shut.run());
        } else {
            shut.run();
        }
        return req;
    }

    boolean isReadable() {
        if (link != null) {
            return link.readable() && !ended;
        }
        return channel != null && channel.isActive() && !ended;
    }

    boolean isWritable() {
        if (link != null) {
            return link.writable() && !writeShut;
        }
        return channel != null && channel.isActive() && !writeShut;
    }

    // ---- listening

    /** Starts accepting on the bound listening channel. */
    Varargs listen(int backlogSize, LuaValue cb) {
        if (server == null) {
            return LuvErrors.fail(UvError.EINVAL);
        }
        Sockets.backlog(server, backlogSize);
        listenCallback = cb;
        listening = true;
        updateActive();
        server.config().setAutoRead(true);
        return LuvErrors.OK;
    }

    /**
     * Closes a connection the server accepted that no stream took: it has no event loop yet (Netty registers a child
     * with its loop when a stream attaches it), so it is closed at once, not through its pipeline, which needs one.
     */
    private static void discard(Channel child) {
        if (child.isRegistered()) {
            child.close();
        } else {
            child.unsafe().closeForcibly();
        }
    }

    Varargs accept(Stream client) {
        Channel child = backlog.poll();
        if (child == null) {
            return LuvErrors.fail(UvError.EAGAIN);
        }
        if (backlog.isEmpty() && listening && server != null && !server.config().isAutoRead()) {
            server.config().setAutoRead(true); // (Netty then reads the next connection)
        }
        if (client.channel != null || client.server != null || client.isClosed()) {
            discard(child);
            return LuvErrors.fail(UvError.EISCONN);
        }
        UvError e = client.attach(child);
        return e == null ? LuvErrors.OK : LuvErrors.fail(e);
    }

    // ---- luv's stream functions (uv.read_start(s, cb) and s:read_start(cb)), for every stream type

    static final List<Op<? super Stream>> OPS = List.of(
            Op.query(Stream.class, "uv_stream", "shutdown", "shutdown", // (closed too: ENOTCONN, as libuv)
                    (s, a) -> s.shutdown(Args.optCallable(a, 1, "shutdown"))),
            Op.of(Stream.class, "uv_stream", "listen", "listen", (s, a) -> {
                int backlogSize = Args.checkInt(a, 1, "listen");
                return s.listen(backlogSize, Args.checkCallable(a, 2, "listen"));
            }),
            Op.of(Stream.class, "uv_stream", "accept", "accept", (s, a) -> {
                if (!(a.arg1() instanceof Stream client)) {
                    throw Args.error(1, "accept", "Expected uv_stream userdata");
                }
                return s.accept(client);
            }),
            Op.of(Stream.class, "uv_stream", "read_start", "read_start",
                    (s, a) -> s.readStart(Args.checkCallable(a, 1, "read_start"))),
            Op.query(Stream.class, "uv_stream", "read_stop", "read_stop", (s, a) -> s.readStop()),
            Op.of(Stream.class, "uv_stream", "write", "write",
                    (s, a) -> a.arg1() instanceof LuaString data ? s.write(data, Args.optCallable(a, 2, "write"))
                            : s.write(buffer(a.arg1(), "write", 1), Args.optCallable(a, 2, "write"))),
            Op.of(Stream.class, "uv_stream", "write2", "write2", (s, a) -> LuvErrors.fail(UvError.ENOTSUP)),
            Op.of(Stream.class, "uv_stream", "try_write", "try_write", (s, a) -> a.arg1() instanceof LuaString data
                    ? s.tryWrite(data) : s.tryWrite(buffer(a.arg1(), "try_write", 1))),
            Op.of(Stream.class, "uv_stream", "try_write2", "try_write2", (s, a) -> LuvErrors.fail(UvError.ENOTSUP)),
            Op.query(Stream.class, "uv_stream", "is_readable", "is_readable", (s, a) -> valueOf(s.isReadable())),
            Op.query(Stream.class, "uv_stream", "is_writable", "is_writable", (s, a) -> valueOf(s.isWritable())),
            // Netty's writes never block and never drop data: a blocking stream behaves the same, seen from Lua
            Op.of(Stream.class, "uv_stream", "stream_set_blocking", "set_blocking", (s, a) -> LuvErrors.OK),
            Op.query(Stream.class, "uv_stream", "stream_get_write_queue_size", "get_write_queue_size",
                    (s, a) -> valueOf(s.writeQueueSize())));
}
