package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.Generator;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.lang.constant.ClassDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Coroutine bodies compiled to run frameless ({@link Generator}): a body whose calls all take and give a fixed
 * number of values, small, is compiled at
 * its coroutine's creation as one method entered at any instruction ({@code Pieces.whole}), its registers in the
 * frame's array; the class is shared by the states of the JVM as any compiled function's, an instance per state.
 * A body with a loop is compiled at its first coroutine (a generator: it switches as often as it loops), one without
 * at its second.
 *
 * <p>Threading: an instance per state, used by its thread; the classes and instances made are kept in a cache that any
 * state's thread may use (synchronized).
 */
public final class Generators implements Generator.Source {
    private final LuaJitGlobals g;
    /** The state's bodies asked for (this state's prototypes) and their generators, or {@code NONE}. */
    private final java.util.Map<Prototype, Object> known = new java.util.WeakHashMap<>();

    /** The Java functions a frameless body calls itself. */
    private final java.util.Set<LuaValue> pure;

    /** The generators of {@code g}'s coroutines and of the functions they call, which may call {@code pure} too. */
    public Generators(LuaJitGlobals g, java.util.Set<LuaValue> pure) {
        this.g = g;
        this.pure = pure;
    }

    @Override
    public boolean pure(LuaValue f) {
        return pure.contains(f);
    }

    /** {@code body}'s generator, or null when it runs the ordinary way. From {@code g}'s thread. */
    @Override
    public Generator of(LuaValue body) {
        if (!(body instanceof LuaClosure c)) {
            return null;
        }
        Object k = known.get(c.p);
        if (k != null) {
            return k instanceof Generator gen ? gen : null;
        }
        Generator made = of(g, body);
        if (made != null || !once(c.p)) {
            known.put(c.p, made != null ? made : NONE);
        }
        return made;
    }

    /**
     * Instructions past which a body is not made a generator: each instruction is an entry of its one method, and the
     * bodies that switch often (a generator's loop) are short.
     */
    static final int MAX_INSTRUCTIONS = 400;

    /**
     * Each state's instances (the prototypes are a state's own), {@code NONE} for a body that is not one, and
     * {@code ONCE} for one without a loop seen once.
     */
    private static final java.util.Map<Prototype, Object> MADE = new java.util.WeakHashMap<>();
    private static final Object NONE = new Object();
    private static final Object ONCE = new Object();

    /** {@code body}'s generator for a coroutine of {@code g}, or null when it runs on a continuation as any other. */
    static Generator of(LuaJitGlobals g, LuaValue body) {
        RuntimeOptions.Compile mode = g.options().compile();
        if (!(body instanceof LuaClosure c) || mode == RuntimeOptions.Compile.OFF) {
            return null;
        }
        Prototype p = c.p;
        Object known;
        synchronized (MADE) {
            known = MADE.get(p);
            if (known != null && known != ONCE) {
                return known instanceof Generator gen ? gen : null;
            }
        }
        if (known == null && mode == RuntimeOptions.Compile.AUTO && eligible(p) && !loops(p)) {
            // a body without a loop yields a few times: a compile (a class, about 2 ms) pays only for many coroutines
            // of it (200 such bodies run once each: 0.57 s instead of 0.19 with one each)
            synchronized (MADE) {
                MADE.put(p, ONCE);
            }
            return null;
        }
        Generator made = eligible(p) ? make(p, mode) : null;
        synchronized (MADE) {
            MADE.put(p, made != null ? made : NONE);
        }
        return made;
    }

    /**
     * Whether {@code p} can run frameless: nothing but registers live between two instructions (no call or
     * {@code ...} leaves an open number of values, which the next instruction would take), compilable and short
     * ({@link #MAX_INSTRUCTIONS}). A generic {@code for} is one: its iterator, when {@code next} or {@code ipairs}'
     * step, runs in the body's code (IteratorSite); a Lua function is refused at its entry as a metamethod's is.
     */
    static boolean eligible(Prototype p) {
        if (p.code.length > MAX_INSTRUCTIONS || !FunctionCompiler.compilable(p)) {
            return false;
        }
        for (int pc = 0; pc < p.code.length; pc++) {
            int i = p.code[pc];
            if (Pieces.operandWord(p.code, pc)) {
                continue;
            }
            switch (Lua.GET_OPCODE(i)) {
                // the makers of an open number of values (the readers of them, CALL, RETURN, SETLIST with B = 0,
                // follow one; but for the RETURN after a tail call, never reached)
                case Lua.OP_CALL -> {
                    if (Lua.GETARG_C(i) == 0) {
                        return false;
                    }
                }
                case Lua.OP_VARARG -> {
                    if (Lua.GETARG_B(i) == 0) {
                        return false;
                    }
                }
                default -> { }
            }
        }
        return true;
    }

    /** Whether {@code p} was asked for once and waits for a second time (see {@link #of(LuaJitGlobals, LuaValue)}). */
    private static boolean once(Prototype p) {
        synchronized (MADE) {
            return MADE.get(p) == ONCE;
        }
    }

    /** Whether {@code p} has a loop: a backward jump. */
    static boolean loops(Prototype p) {
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                return true;
            }
        }
        return false;
    }

    private static Generator make(Prototype p, RuntimeOptions.Compile mode) {
        try {
            Class<?> c = SharedClasses.of(p, "generator", n -> {
                String name = CompiledChunk.PACKAGE + "G" + n;
                byte[] bytes = new FunctionCompiler(p, ClassDesc.of(name), false, false, false, true, false,
                        Pieces.whole(p)).asGenerator().generate();
                return new SharedClasses.Generated(name, bytes);
            });
            return c == null ? null : (Generator) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a compiler bug: the body runs on a continuation, correctly; the tests compile with ALWAYS, where it fails
            if (mode == RuntimeOptions.Compile.ALWAYS || mode == RuntimeOptions.Compile.PIECES) {
                throw new org.luaj.vm2.LuaError("internal error: the coroutine body at " + p.source + ":"
                        + p.linedefined + " did not compile");
            }
            return null;
        }
    }
}
