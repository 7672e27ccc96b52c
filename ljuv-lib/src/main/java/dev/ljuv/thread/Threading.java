package dev.ljuv.thread;

import dev.ljuv.loop.Async;
import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lib.buffer.Message;
import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The multi-threading half of the ljuv module: {@code new_shared_flag}, {@code new_channel}, {@code export},
 * {@code import} and {@code new_thread} (both the 2022 form {@code new_thread(func, ...)}, which exports
 * and imports channel, flag and async arguments by itself, and the 2023 form
 * {@code new_thread(async, entry, ...)}, which sends to the async when the thread ends).
 *
 * <p>Threading: the functions belong to one state; what they share crosses threads only through
 * {@link Exports}, channels, flags and asyncs.
 */
public final class Threading {
    private Threading() {}

    /** {@code ljuv.new_shared_flag(flags [, ...])}. */
    public static LuaValue newSharedFlag(ThreadContext ctx, Varargs args) {
        return SharedFlag.create(ctx.sharedFlag, FlagCell.toCInt(Args.checkNumber(args, 1, "new_shared_flag")), args.arg(2));
    }

    /** {@code ljuv.new_channel()}. */
    public static LuaValue newChannel(ThreadContext ctx) {
        return new Channel(ctx.channel, new MessageQueue());
    }

    /** {@code ljuv.export(value [, soft])}. */
    public static Varargs export(Varargs args) {
        LuaTable payload = Exports.export(args.arg1());
        if (payload != null) {
            return payload;
        }
        if (args.arg(2).toboolean()) {
            return LuaValue.NONE;
        }
        throw Exports.notExportable();
    }

    /** {@code ljuv.import(payload [, soft])}. */
    public static Varargs importValue(ThreadContext ctx, Varargs args) {
        LuaValue imported = importPayload(ctx, args.arg1());
        if (imported != null) {
            return imported;
        }
        if (args.arg(2).toboolean()) {
            return LuaValue.NONE;
        }
        throw Exports.notImportable();
    }

    /** Adds {@code loop:thread(entry, callback, ...)} and {@code loop:threadpool(...)} to the state's loops. */
    public static void addLoopMethods(ThreadContext ctx) {
        ctx.loops.loop
                .method("thread", (self, args) -> {
                    LuaValue callback = Args.checkFunction(args, 2, "thread");
                    ThreadObject[] started = new ThreadObject[1];
                    Async done = new Async(self.eventLoop(), self.types().async, Functions.named("thread callback", a -> {
                        ((Async) a.arg1()).close();
                        return callback.invoke(started[0].join());
                    }));
                    try {
                        started[0] = start(ctx, args.arg1(), args.subargs(3), new int[0], done::send, "thread", 1);
                    } catch (RuntimeException e) {
                        done.close();
                        throw e;
                    }
                    return LuaValue.NONE;
                })
                .method("threadpool", (self, args) -> ThreadPools.create(ctx, self, args));
    }

    static LuaValue importPayload(ThreadContext ctx, LuaValue payload) {
        String[] type = new String[1];
        Object shared = Exports.take(payload, type);
        if (shared == null) {
            return null;
        }
        return switch (type[0]) {
            case "channel" -> new Channel(ctx.channel, (MessageQueue) shared);
            case "shared_flag" -> new SharedFlag(ctx.sharedFlag, (FlagCell) shared);
            case ThreadPools.WORKER -> ThreadPools.serve(ctx.globals);
            default -> {
                Async async = (Async) shared;
                yield async.importedAs() != null ? async.importedAs().apply(async) : asyncSender(async);
            }
        };
    }

    /** An imported async: a function that sends to it, after checking it is still open. */
    private static LuaValue asyncSender(Async async) {
        return Functions.named("send", args -> {
            if (!async.isOpen()) {
                throw new LuaError(LuaValue.valueOf("async handle is invalid/closed"));
            }
            async.send();
            return LuaValue.NONE;
        });
    }

    /** {@code ljuv.new_thread(entry, ...)}. */
    public static Varargs newThread(ThreadContext ctx, Varargs args) {
        if (args.arg1() instanceof Async async) {
            async.checkOpen();
            ThreadObject t = start(ctx, args.arg(2), args.subargs(3), new int[0], () -> {
                if (async.isOpen()) {
                    async.send();
                }
            }, "new_thread", 2);
            return t;
        }
        LuaValue[] values = new LuaValue[Math.max(0, args.narg() - 1)];
        int[] auto = new int[values.length];
        int autoCount = 0;
        for (int i = 0; i < values.length; i++) {
            LuaValue v = args.arg(i + 2);
            if (Exports.isExportable(v)) {
                v = Exports.export(v);
                auto[autoCount++] = i + 1;
            }
            values[i] = v;
        }
        return start(ctx, args.arg1(), LuaValue.varargsOf(values), Arrays.copyOf(auto, autoCount), () -> { },
                "new_thread", 1);
    }

    /** The entry as code: a function becomes its bytecode ({@code string.dump}), a string is taken as is. */
    static LuaString entryCode(ThreadContext ctx, LuaValue entry, String function, int index) {
        if (entry.isfunction()) {
            try {
                return ctx.globals.get("string").get("dump").call(entry).checkstring();
            } catch (LuaError e) {
                throw Args.error(index, function, "cannot dump the entry function (" + e.getMessageObject().tojstring() + ")");
            }
        }
        if (entry instanceof LuaString s) {
            return s;
        }
        throw Args.error(index, function, "function or string expected, got " + entry.typename());
    }

    /** Starts a thread running {@code entry(args...)} with the paths of the calling state. */
    public static ThreadObject start(ThreadContext ctx, LuaValue entry, Varargs args, int[] autoImports, Runnable onEnd,
            String function, int entryIndex) {
        LuaString code = entryCode(ctx, entry, function, entryIndex);
        Message encoded = StringBufferLibrary.encodeValues(args);
        LuaValue pkg = ctx.globals.get("package");
        ThreadRun run = new ThreadRun(ctx.states, pkg.get("path").optjstring(""), pkg.get("cpath").optjstring(""),
                code, encoded, autoImports, onEnd);
        ThreadObject t = new ThreadObject(ctx.thread, run);
        run.start();
        return t;
    }
}
