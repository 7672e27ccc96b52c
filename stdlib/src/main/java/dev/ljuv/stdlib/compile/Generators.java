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
 * Coroutine bodies compiled to run frameless ({@link Generator}), and the functions they call: a function whose
 * calls all take and give a fixed number of values, small, is compiled as one method entered at any instruction
 * ({@code Pieces.whole}), its registers in the frame's array; the class is shared by the states of the JVM as any
 * compiled function's, an instance per state.
 *
 * <p>Threading: an instance per state, used by its thread (the classes are shared through {@link SharedClasses}).
 */
public final class Generators implements Generator.Source {
    /**
     * Instructions past which a body is not made a generator: each instruction is an entry of its one method, and the
     * bodies that switch often (a generator's loop) are short.
     */
    static final int MAX_INSTRUCTIONS = 400;

    /**
     * Back edges after which a frameless step goes on in the function's ordinary compiled code, on a continuation
     * (see {@code BackEdgeEmitter.longStep}): a step that long (microseconds) loses little to a continuation's switches,
     * and its loop runs with registers in JVM locals and numbers unboxed (bench/coroutine_compute.lua: 5x as fast).
     */
    static final int LONG_STEP = 1000;

    private static final Object NONE = new Object();
    private static final Object ONCE = new Object();

    private final RuntimeOptions options;
    private final RuntimeOptions.Compile mode;
    /**
     * The state's functions asked for (its own prototypes): their generators, {@code NONE} for one that is not one,
     * {@code ONCE} for one without a loop asked for once.
     */
    private final java.util.Map<Prototype, Object> known = new java.util.WeakHashMap<>();
    /** The Java functions a frameless body calls itself. */
    private final java.util.Set<LuaValue> pure;
    /**
     * The function last asked for whose answer is final, and that answer: a body that calls the same function over and
     * over (chameneos' {@code meet}) looks it up once, not in {@link #known} at every call.
     */
    private Prototype lastAsked;
    private Generator lastAnswer;

    /** The generators of {@code g}'s coroutines and of the functions they call, which may call {@code pure} too. */
    public Generators(LuaJitGlobals g, java.util.Set<LuaValue> pure) {
        this.options = g.options();
        this.mode = options.compile();
        this.pure = pure;
    }

    @Override
    public boolean pure(LuaValue f) {
        return !(f instanceof LuaClosure) && pure.contains(f);
    }

    /**
     * {@code body}'s generator, or null when it runs the ordinary way: made at the first time asked for a function with
     * a loop, at the second for one without (a body that yields a few times: a compile, a class of about 2 ms, pays
     * only for many coroutines of it; 200 such bodies run once each took 0.57 s instead of 0.19 with one each).
     */
    @Override
    public Generator of(LuaValue body) {
        if (!(body instanceof LuaClosure c) || mode == RuntimeOptions.Compile.OFF) {
            return null;
        }
        Prototype p = c.p;
        if (p == lastAsked) {
            return lastAnswer;
        }
        Object k = known.get(p);
        if (k instanceof Generator gen) {
            return remember(p, gen);
        }
        if (k == NONE) {
            return remember(p, null);
        }
        if (!eligible(p)) {
            known.put(p, NONE);
            CompiledChunk.report(options, p, "no generator: an open number of values, or too large");
            return null;
        }
        if (k == null && mode == RuntimeOptions.Compile.AUTO && !CompiledChunk.loops(p)) {
            known.put(p, ONCE);
            return null;
        }
        Generator made = make(p);
        known.put(p, made != null ? made : NONE);
        CompiledChunk.report(options, p, made != null ? "generator" : "no generator: the compiler failed");
        return made;
    }

    /** Answers {@code answer} for {@code p}, kept as the last final answer. */
    private Generator remember(Prototype p, Generator answer) {
        lastAsked = p;
        lastAnswer = answer;
        return answer;
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

    private Generator make(Prototype p) {
        try {
            Class<?> c = SharedClasses.of(p, "generator", n -> {
                String name = CompiledChunk.PACKAGE + "G" + n;
                byte[] bytes = new FunctionCompiler(p, ClassDesc.of(name), false, false, false, true, false,
                        Pieces.whole(p)).asGenerator().generate();
                CompiledChunk.dump(options, name, bytes);
                return new SharedClasses.Generated(name, bytes);
            });
            return c == null ? null : (Generator) c.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a compiler bug: the body runs on a continuation, correctly
            CompiledChunk.compilerFailed(options, p, e, " as a generator");
            return null;
        }
    }
}
