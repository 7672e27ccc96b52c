package dev.ljuv.stdlib.load;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;

/**
 * {@code Globals.loader}: turns a compiled chunk into a function. Unlike LuaJ's, a chunk made by
 * {@code string.dump} of a nested function gets its environment in the upvalue named {@code _ENV}, wherever
 * that is, and {@code nil} in every other upvalue (LuaJ left them null, which failed with a Java error),
 * as LuaJIT gives a loaded dump fresh upvalues. Functions from stripped bytecode take the chunk name as
 * their source.
 *
 * <p>Threading: stateless.
 */
public final class ClosureLoader implements Globals.Loader {
    @Override
    public LuaFunction load(Prototype p, String chunkname, LuaValue env) {
        if (p.source == null) {
            nameStripped(p, LuaValue.valueOf(chunkname));
        }
        LuaClosure c = new LuaClosure(p, env);
        int n = p.upvalues == null ? 0 : p.upvalues.length;
        if (n <= 1) {
            return c;
        }
        int envIndex = 0;
        for (int i = 0; i < n; i++) {
            if (p.upvalues[i] != null && p.upvalues[i].name != null && p.upvalues[i].name.tojstring().equals("_ENV")) {
                envIndex = i;
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            c.upValues[i] = new UpValue(new LuaValue[] {i == envIndex ? env : LuaValue.NIL}, 0);
        }
        return c;
    }

    /** Stripped bytecode has no source name: its functions report the chunk name, as LuaJIT's do. */
    private static void nameStripped(Prototype p, org.luaj.vm2.LuaString chunkname) {
        p.source = chunkname;
        if (p.p != null) {
            for (Prototype inner : p.p) {
                if (inner.source == null) {
                    nameStripped(inner, chunkname);
                }
            }
        }
    }
}
