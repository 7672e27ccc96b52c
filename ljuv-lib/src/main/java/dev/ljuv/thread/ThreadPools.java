package dev.ljuv.thread;

import dev.ljuv.loop.Loop;
import dev.ljuv.thread.ThreadContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code loop:threadpool(thread_count, interface_loader, ...)}. The pool is written in Lua
 * ({@code threadpool.lua} beside this class) on the module's own threads, channels and async handles, as the
 * original ljuv does; this class loads it once per state.
 *
 * <p>Threading: belongs to one state.
 */
public final class ThreadPools {
    private ThreadPools() {}

    public static Varargs create(ThreadContext ctx, Loop loop, Varargs args) {
        if (ctx.threadpoolFactory == null) {
            try (InputStream in = ThreadPools.class.getResourceAsStream("threadpool.lua")) {
                ctx.threadpoolFactory = dev.ljuv.stdlib.compile.CompiledChunk.library(
                        () -> ctx.globals.load(in, "=[ljuv threadpool]", "t", ctx.globals)).call();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ctx.threadpoolFactory.invoke(LuaValue.varargsOf(loop, args));
    }
}
