package dev.ljuv.embed;

import dev.ljuv.stdlib.lua.Functions;
import javax.script.Bindings;
import javax.script.ScriptContext;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The globals of a script evaluated in a context whose engine scope is not the state's own globals: a table
 * that reads the engine scope, then the global scope, then the state's globals (so the standard library is
 * there), and writes string-keyed globals into the engine scope. The state's globals are left as they were.
 *
 * <p>Threading: made and used by the thread inside the engine's state.
 */
final class ScopeTable {
    private ScopeTable() {}

    static LuaTable of(LuaState state, ScriptContext ctx) {
        Bindings engine = ctx.getBindings(ScriptContext.ENGINE_SCOPE);
        Bindings global = ctx.getBindings(ScriptContext.GLOBAL_SCOPE);
        LuaTable fallback = state.globals();
        LuaTable meta = new LuaTable();
        meta.rawset(LuaValue.INDEX, Functions.named("__index", args -> {
            LuaValue key = args.arg(2);
            if (key.type() == LuaValue.TSTRING) {
                String name = key.tojstring();
                if (engine != null && engine.containsKey(name)) {
                    return state.toLua(engine.get(name));
                }
                if (global != null && global.containsKey(name)) {
                    return state.toLua(global.get(name));
                }
            }
            return fallback.get(key);
        }));
        meta.rawset(LuaValue.NEWINDEX, Functions.named("__newindex", args -> {
            LuaValue key = args.arg(2);
            if (key.type() == LuaValue.TSTRING && engine != null && !key.tojstring().isEmpty()) {
                engine.put(key.tojstring(), state.toJava(args.arg(3)));
            } else {
                args.arg1().rawset(key, args.arg(3));
            }
            return LuaValue.NONE;
        }));
        LuaTable env = new LuaTable();
        env.setmetatable(meta);
        return env;
    }
}
