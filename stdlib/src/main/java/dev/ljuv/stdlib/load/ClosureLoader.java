package dev.ljuv.stdlib.load;

import org.luaj.vm2.Globals;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;

/**
 * {@code Globals.loader}: turns a compiled chunk into a function. Unlike LuaJ's, a chunk made by
 * {@code string.dump} of a nested function gets its environment in its environment upvalue
 * ({@code ParserHooks.ENVIRONMENT}), wherever
 * that is, and {@code nil} in every other upvalue (LuaJ left them null, which failed with a Java error),
 * as LuaJIT gives a loaded dump fresh upvalues. Functions from stripped bytecode take the chunk name as
 * their source.
 *
 * <p>Threading: stateless.
 */
public final class ClosureLoader implements Globals.Loader {
    private final dev.ljuv.stdlib.vm.LuaJitGlobals state;

    public ClosureLoader(dev.ljuv.stdlib.vm.LuaJitGlobals state) {
        this.state = state;
    }

    @Override
    public LuaFunction load(Prototype p, String chunkname, LuaValue env) {
        if (p.source == null) {
            nameStripped(p, LuaValue.valueOf(chunkname));
        }
        dropNeedlessCloses(p);
        internConstants(p, state);
        LuaClosure c = dev.ljuv.stdlib.compile.CompiledChunk.closure(p, env, state.options());
        int n = p.upvalues == null ? 0 : p.upvalues.length;
        if (n <= 1) {
            return c;
        }
        int envIndex = 0;
        for (int i = 0; i < n; i++) {
            if (p.upvalues[i] != null && dev.ljuv.stdlib.vm.ParserHooks.isEnvironment(p.upvalues[i].name)) {
                envIndex = i;
                break;
            }
        }
        for (int i = 0; i < n; i++) {
            c.upValues[i] = new UpValue(new LuaValue[] {i == envIndex ? env : LuaValue.NIL}, 0);
        }
        return c;
    }

    /**
     * A {@code goto} out of a local's scope compiles to a {@code JMP} that closes upvalues. LuaJ's interpreter
     * only keeps its open-upvalue list in functions that create closures, and failed ("internal error") on
     * such a jump elsewhere. In a function without inner functions no local can have been captured: the
     * jump needs no close, so its close operand is cleared.
     */
    private static void dropNeedlessCloses(Prototype p) {
        if (p.p == null || p.p.length == 0) {
            int[] code = p.code;
            for (int pc = 0; pc < code.length; pc++) {
                int i = code[pc];
                if (Lua.GET_OPCODE(i) == Lua.OP_JMP && Lua.GETARG_A(i) != 0) {
                    code[pc] = i & ~(Lua.MASK_A);
                }
                pc += dev.ljuv.stdlib.compile.CompiledChunk.operandWords(i); // (a SETLIST's batch number: kept as it is)
            }
            return;
        }
        for (Prototype inner : p.p) {
            dropNeedlessCloses(inner);
        }
    }

    private static final org.luaj.vm2.LuaString CLOCK = LuaValue.valueOf("clock");

    /** String constants become the state's instances (see {@link dev.ljuv.stdlib.vm.LuaJitGlobals#intern}). */
    private static void internConstants(Prototype p, dev.ljuv.stdlib.vm.LuaJitGlobals g) {
        LuaValue[] k = p.k;
        for (int i = 0; i < k.length; i++) {
            if (k[i] instanceof org.luaj.vm2.LuaString s) {
                k[i] = g.intern(s);
                if (s.raweq(CLOCK)) {
                    dev.ljuv.stdlib.lib.os.LuaJitOsLib.prepareClock(); // likely os.clock: link it beside the script
                }
            }
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                internConstants(inner, g);
            }
        }
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
