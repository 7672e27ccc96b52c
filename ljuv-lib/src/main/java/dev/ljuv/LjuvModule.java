package dev.ljuv;

import dev.ljuv.loop.Loop;
import dev.ljuv.loop.UvError;
import dev.ljuv.lua.LjuvContext;
import dev.ljuv.stdlib.Functions;
import dev.ljuv.thread.StateFactory;
import dev.ljuv.thread.Threading;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The {@code ljuv} module table of one Lua state: {@code loop} (the default loop, created on first access),
 * {@code new_loop}, {@code assert}, and the debug field {@code transport} (which Netty transport the loops
 * use). Installed as {@code package.preload.ljuv} by the runtime assembly.
 *
 * <p>Threading: belongs to the thread of its Lua state.
 */
public final class LjuvModule {
    private LjuvModule() {}

    /** The loader for {@code package.preload.ljuv} of the state {@code globals}. */
    public static LuaValue loader(Globals globals, StateFactory states) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return create(globals, states);
            }
        };
    }

    public static LuaTable create(Globals globals, StateFactory states) {
        LjuvContext types = new LjuvContext(globals, states);
        LuaTable ljuv = new LuaTable();
        ljuv.set("new_loop", Functions.named("new_loop", args -> new Loop(types)));
        ljuv.set("assert", Functions.named("assert", args -> {
            LuaValue code = args.arg1();
            if (code.isnumber() && code.todouble() < 0) {
                throw UvError.assertError((int) code.todouble());
            }
            return LuaValue.NONE;
        }));
        Threading.install(ljuv, types);
        ljuv.set("transport", LuaValue.valueOf(dev.ljuv.loop.Loops.transport()));
        LuaTable meta = new LuaTable();
        meta.set(LuaValue.INDEX, Functions.named("__index", args -> {
            if (args.arg(2).tojstring().equals("loop")) {
                Loop loop = new Loop(types);
                args.arg1().rawset("loop", loop);
                return loop;
            }
            return LuaValue.NIL;
        }));
        ljuv.setmetatable(meta);
        return ljuv;
    }
}
