package dev.ljuv.luv;

import dev.ljuv.loop.UvError;
import java.util.function.Function;
import java.util.function.Supplier;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A luv operation that blocks (file system, DNS): without a callback it runs at once and returns its results or
 * luv's failure; with one it runs on the worker pool and the callback gets {@code (err, results...)} on the loop,
 * the function returning the request (which {@code uv.cancel} stops before it starts).
 *
 * <p>Threading: {@link #run} is called on the loop's thread; the work may run on a worker and must then touch no
 * Lua state: it returns what builds its Lua results, which runs on the loop's thread.
 */
final class Blocking {
    private Blocking() {}

    /** The blocking part; returns the builder of its Lua results. */
    interface Work {
        Supplier<Varargs> run() throws Exception;
    }

    /**
     * {@code message}: the failure's text for the function's {@code nil, text, name} and, where {@code fullInCallback},
     * for the callback's {@code err} (luv's fs callbacks get the text, the others the name only).
     */
    static Varargs run(Luv uv, String type, LuaValue callback, Work work, Function<UvError, String> message,
            boolean fullInCallback) {
        if (callback.isnil()) {
            try {
                return work.run().get();
            } catch (Exception e) {
                UvError err = error(e);
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message.apply(err)), LuaValue.valueOf(err.name()));
            }
        }
        Request req = new Request(uv.request, type);
        uv.loop.handleActivated(); // the request keeps the loop alive until its callback ran
        Workers.POOL.execute(() -> {
            Supplier<Varargs> result = null;
            UvError failure;
            if (!req.start()) {
                failure = UvError.ECANCELED;
            } else {
                try {
                    result = work.run();
                    failure = null;
                } catch (Exception e) {
                    failure = error(e);
                }
            }
            Supplier<Varargs> r = result;
            UvError f = failure;
            uv.loop.ready(() -> {
                uv.loop.handleDeactivated();
                uv.loop.invoke(callback, f == null ? LuaValue.varargsOf(LuaValue.NIL, r.get())
                        : LuaValue.valueOf(fullInCallback ? message.apply(f) : f.name()));
            });
        });
        return req;
    }

    /** libuv's name for what a piece of work raised. */
    static UvError error(Exception e) {
        if (e instanceof FileTable.FsFailure f) {
            return f.error;
        }
        if (e instanceof java.nio.file.NoSuchFileException n && dev.ljuv.stdlib.lib.io.Errno.underFile(n)) {
            return UvError.ENOTDIR; // the JDK says "no such file" where the kernel said ENOTDIR, as luv does
        }
        return LuvErrors.of(e);
    }
}
