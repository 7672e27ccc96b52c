package dev.ljuv;

import dev.ljuv.loop.Loop;
import dev.ljuv.loop.LoopTypes;
import dev.ljuv.loop.Loops;
import dev.ljuv.loop.UvError;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.thread.StateFactory;
import dev.ljuv.thread.ThreadContext;
import dev.ljuv.thread.Threading;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The {@code ljuv} module table of one Lua state (the API contract's {@code ljuv.*}): {@code loop} (the default
 * loop, created on first access), {@code new_loop}, {@code assert}, the threading functions of
 * {@link Threading}, and the debug field {@code transport} (which Netty transport the loops use, chosen on first
 * access: choosing loads Netty's native library, which a script without I/O never needs). Installed as
 * {@code package.preload.ljuv} by the runtime assembly.
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class LjuvModule {
    /** Every name of the module table ({@code loop} and {@code transport} come through its metatable, on first access). */
    static final String[] NAMES = {
        "assert", "export", "import", "new_channel", "new_loop", "new_shared_flag", "new_thread",
    };

    private LjuvModule() {}

    /** The loader for {@code package.preload.ljuv} of the state {@code globals}. */
    public static LuaValue loader(Globals globals, StateFactory states) {
        return Functions.named("ljuv", args -> create(globals, states));
    }

    public static LuaTable create(Globals globals, StateFactory states) {
        LoopTypes loops = new LoopTypes(globals);
        ThreadContext threads = new ThreadContext(loops, states);
        Threading.addLoopMethods(threads);
        LuaTable ljuv = Functions.library("ljuv", NAMES)
                .function("new_loop", args -> new Loop(loops))
                .function("assert", args -> {
                    LuaValue code = args.arg1();
                    if (code.isnumber() && code.todouble() < 0) {
                        throw UvError.assertError((int) code.todouble());
                    }
                    return LuaValue.NONE;
                })
                .function("new_shared_flag", args -> Threading.newSharedFlag(threads, args))
                .function("new_channel", args -> Threading.newChannel(threads))
                .function("export", Threading::export)
                .function("import", args -> Threading.importValue(threads, args))
                .function("new_thread", args -> Threading.newThread(threads, args))
                .done();
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, Functions.named("__index", args -> {
            String key = args.arg(2).tojstring();
            LuaValue value = key.equals("loop") ? new Loop(loops)
                    : key.equals("transport") ? LuaValue.valueOf(Loops.transport()) : LuaValue.NIL;
            if (!value.isnil()) {
                args.arg1().rawset(key, value);
            }
            return value;
        }));
        ljuv.setmetatable(meta);
        return ljuv;
    }
}
