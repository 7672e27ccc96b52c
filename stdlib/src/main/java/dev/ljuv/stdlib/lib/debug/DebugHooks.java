package dev.ljuv.stdlib.lib.debug;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.vm.CallHooks;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.LuaStacks;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;

/**
 * {@code debug.sethook} and {@code debug.gethook}, and the hook calls, as LuaJIT makes them: one hook per state
 * (a thread argument is accepted and, as in LuaJIT, changes nothing), events {@code "call"} (of Lua functions,
 * and of Java functions called from Lua, with no line: the hook's level 2 is then that function, as in LuaJIT;
 * LuaJIT's hooks skip some of its fast functions, {@code bit.band} or {@code string.len}, which these do not),
 * {@code "return"} (of Lua functions), {@code "line"}
 * (entering a new line, jumping back, coming back from a call) and {@code "count"} (every {@code count} LuaJ
 * instructions, which are not LuaJIT's: counts differ). No hook runs inside a hook.
 *
 * <p>How: LuaJ's interpreter calls a {@code DebugLib}'s {@code onCall}/{@code onInstruction}/{@code onReturn}
 * when its state's {@code debuglib} is set; this object is set there while a hook is. Compiled code has no such
 * calls, so while a state has a hook its functions run on the interpreter ({@code CompiledChunk.code}); a
 * compiled call already running when the hook is set finishes without events.
 *
 * <p>Threading: belongs to one state, used by its thread.
 */
final class DebugHooks extends DebugLib {
    private static final LuaValue CALL = LuaValue.valueOf("call");
    private static final LuaValue RETURN = LuaValue.valueOf("return");
    private static final LuaValue LINE = LuaValue.valueOf("line");
    private static final LuaValue COUNT = LuaValue.valueOf("count");

    private final LuaValue hook;
    private final String mask;
    private final boolean calls;
    private final boolean returns;
    private final boolean lines;
    private final int count;

    private int counted;
    private boolean inHook;
    /** The call and instruction of the last line event's check: a line event when either changes as Lua's rule says. */
    private LuaStacks.Frame lastFrame;
    private int lastPc = -1;
    private int lastLine = -1;
    /** The instruction before {@link #lastPc} in the same call. */
    private int previousPc = -1;

    private DebugHooks(LuaValue hook, String mask, int count) {
        this.hook = hook;
        this.mask = mask;
        this.calls = mask.indexOf('c') >= 0;
        this.returns = mask.indexOf('r') >= 0;
        this.lines = mask.indexOf('l') >= 0;
        this.count = Math.max(count, 0);
    }

    /** {@code debug.sethook([thread,] [hook, mask [, count]])}: no hook clears it. */
    static Varargs sethook(LuaJitGlobals g, Varargs args) {
        int a = args.arg1().isthread() ? 2 : 1;
        DebugHooks hooks = null;
        if (!args.isnoneornil(a)) {
            String smask = Args.checkString(args, a + 1, "sethook").tojstring();
            LuaValue f = Args.checkFunction(args, a, "sethook");
            int count = args.isnoneornil(a + 2) ? 0 : Args.checkInt(args, a + 2, "sethook");
            StringBuilder mask = new StringBuilder();
            for (char c : new char[] {'c', 'r', 'l'}) {
                if (smask.indexOf(c) >= 0) {
                    mask.append(c);
                }
            }
            hooks = new DebugHooks(f, mask.toString(), count); // an empty mask: no events, but gethook has it (LuaJIT)
        }
        boolean had = g.debuglib != null;
        g.debuglib = hooks;
        if (had != (hooks != null)) {
            CallHooks.countHookedState(hooks != null ? 1 : -1);
        }
        return LuaValue.NONE;
    }

    /** {@code debug.gethook([thread])}: the hook, its mask and count; {@code nil, "", 0} without one. */
    static Varargs gethook(LuaJitGlobals g) {
        if (g.debuglib instanceof DebugHooks h) {
            return LuaValue.varargsOf(h.hook, LuaValue.valueOf(h.mask), LuaValue.valueOf(h.count));
        }
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(""), LuaValue.valueOf(0));
    }

    @Override
    public void onCall(LuaFunction f) {
        // LuaJ's own pcall would report here; ljuv's libraries do not call it
    }

    @Override
    public void onCall(LuaClosure c, Varargs varargs, LuaValue[] stack) {
        if (inHook) {
            return;
        }
        lastFrame = null; // the callee's first instruction is a line event
        if (calls) {
            fire(CALL, LuaValue.NIL);
        }
    }

    @Override
    public void onReturn() {
        if (inHook) {
            return;
        }
        lastFrame = null; // and so is the caller's next one
        if (returns) {
            fire(RETURN, LuaValue.NIL);
        }
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (inHook) {
            return;
        }
        LuaStacks.Frame frame = LuaStacks.frameAt(1);
        if (frame == null || frame.closure == null) {
            return;
        }
        frame.pc = pc; // a hook asking for this level's current line gets this instruction's
        if (count > 0 && ++counted >= count) {
            counted = 0;
            fire(COUNT, LuaValue.NIL);
        }
        Prototype p = frame.closure.p;
        if (lines) {
            int line = p.lineinfo != null && pc < p.lineinfo.length ? p.lineinfo[pc] : -1;
            boolean event = frame != lastFrame || line != lastLine || pc <= lastPc && !forEntry(p, previousPc, lastPc);
            previousPc = frame == lastFrame ? lastPc : -1;
            lastFrame = frame;
            lastPc = pc;
            lastLine = line;
            if (event) {
                fire(LINE, LuaValue.valueOf(line));
            }
        }
        if (calls && pc < p.code.length) {
            int i = p.code[pc];
            int op = Lua.GET_OPCODE(i);
            if ((op == Lua.OP_CALL || op == Lua.OP_TAILCALL) && frame.stack != null) {
                LuaValue callee = frame.stack[Lua.GETARG_A(i)];
                if (callee.isfunction() && !(callee instanceof LuaClosure)) {
                    fire(CALL, LuaValue.NIL, true); // a Java function: it has no interpreter to report it
                }
            }
        }
    }

    /**
     * Whether the jump back from {@code from} enters a numeric for loop's first iteration: LuaJ's FORPREP jumps to
     * the loop's FORLOOP, which jumps back into the body, where LuaJIT's FORI falls into it. Not a line event there.
     */
    private static boolean forEntry(Prototype p, int before, int from) {
        return before >= 0 && from < p.code.length && Lua.GET_OPCODE(p.code[from]) == Lua.OP_FORLOOP
                && Lua.GET_OPCODE(p.code[before]) == Lua.OP_FORPREP
                && before + Lua.GETARG_sBx(p.code[before]) + 1 == from;
    }

    private void fire(LuaValue event, LuaValue line) {
        fire(event, line, false);
    }

    /**
     * Calls the hook; for the call of a Java function ({@code javaCall}) through {@code CallHooks.callJavaHook},
     * whose frame puts that function's level between the hook and the caller.
     */
    private void fire(LuaValue event, LuaValue line, boolean javaCall) {
        inHook = true;
        try {
            if (javaCall) {
                CallHooks.callJavaHook(hook, event, line);
            } else {
                CallHooks.callHook(hook, event, line);
            }
        } finally {
            inHook = false;
        }
    }
}
