package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.CallHooks;
import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.LuaStacks;
import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * The compiled code of one loaded chunk: each of its functions that {@link FunctionCompiler} compiles gets an
 * instance of its class (shared by every state that loads the same function: see {@link SharedClasses}). A
 * function's compiled code is kept on its prototype ({@code Prototype.ljuv$compiled}, a patched field) and run by
 * every closure of it, made before or after (closures are LuaJ's: see {@link CompiledFunction}).
 *
 * <p>When ({@link RuntimeOptions.Compile#AUTO}): a function is compiled when it gets hot, as a tiered JIT does:
 * at its {@value #HOT_CALLS}th call (a decision tree at its {@value #TREE_CALLS}th), or when its loops have
 * jumped back {@value #HOT_LOOP} times; a call that is looping then goes on in the compiled code from the loop's
 * back edge (on-stack replacement: see {@link #loop}), so a main chunk or a coroutine that loops long runs compiled
 * too. Until then LuaJ's interpreter runs it, so the functions of a program that are called a few times (a test
 * suite's, a configuration's) cost no class. The looping functions of the runtime's own Lua libraries are compiled at
 * their first call (see {@link #library}). A body too large for the JIT to compile as one method is cut into
 * several ({@link Pieces}). What stays with the interpreter: functions with an instruction it does not run either,
 * those past {@code FunctionCompiler.MAX_INSTRUCTIONS}, and large ones whose calls each run little of them
 * ({@link #STRAIGHT}). {@link RuntimeOptions.Compile#ALWAYS} compiles every function at load; {@code OFF} none.
 *
 * <p>Threading: a prototype belongs to the state that loaded it and is compiled by that state's thread (its
 * counters are plain fields); the classes are immutable, and each state has its own instances of them.
 */
public final class CompiledChunk {
    /**
     * Bytecode size past which HotSpot does not JIT-compile a method ({@code HugeMethodLimit}): such a function
     * would run in the JVM's own interpreter, slower than LuaJ's JIT-compiled one.
     */
    static final int JIT_LIMIT = 8000;

    /**
     * Bytes of JVM code up to which a function keeps its registers in JVM locals ({@link RegisterFlow}): past it,
     * the register array. That code is two to two and a half times the array's; measured on LuaJIT's bench programs
     * against a limit of 2000 (alternating runs, medians of 3): mandelbrot's main chunk (5844 bytes) 2x faster,
     * series, pidigits, fannkuch and binary-trees about 1.2x, nbody and scimark 1.1x; past 6000 bytes, ray's main
     * chunk (7546) ran 5-10% slower, the JIT spending longer on it. 7000 since numbers read from tables are kept
     * unboxed: scimark's FFT (6053 bytes with them) ran 1.1x faster in locals than in the array. A function with
     * loops that call nothing but number functions ({@link NumberCalls#callsInLoops}) keeps locals up to
     * {@link #JIT_LIMIT}: its loops copy no locals out, and partialsums' main chunk (7458 bytes) ran 2.1x faster in
     * locals, where ray's (7264, loops calling Lua functions) ran 0.88x.
     */
    static final int LOCALS_LIMIT = 7000;

    /**
     * Bytes of JVM code (measured without the direct call paths, which the pieces have) aimed at per method of a
     * function cut into pieces ({@link Pieces}): well under {@link #JIT_LIMIT}, as the JIT's time on a method grows
     * faster than its size.
     */
    static final int PIECE_BYTES = 2500;

    /**
     * How much of a function too large for one method each call must surely run ({@link Pieces#shortestRun}: at least
     * 1/STRAIGHT of it) for its hot calls to compile it in pieces: LuaJIT's md5 runs its whole 658-instruction
     * transform at each call (compiled: the program 1.2x faster); the decision trees meteor generates, about 1000
     * instructions each, return after 6 or skip most of their branches, and compiled they made it 1.7x slower, the
     * JIT compiling 450 KB of JVM code for calls that each run a few dozen instructions. A hot loop is always worth it.
     */
    static final int STRAIGHT = 4;

    /** Instructions per piece with {@link RuntimeOptions.Compile#PIECES}: jumps between pieces everywhere. */
    static final int TEST_PIECE = 3;

    /**
     * Bytes of JVM code up to which a function's class is named {@code S<n>}, or {@code R<n>} when it calls itself,
     * rather than {@code F<n>}, for the JIT's directives in {@code bin/jvm.args}: such a function's body is inlined
     * into its call entry ({@code fastCall}, {@code run}), and a function that calls itself is compiled as that one
     * method and not inlined into its callers. Left to itself, the JIT chose from run to run between that and
     * compiling the body on its own, called by the entry: recursive fib ran at one of two speeds, 1.6x apart. Other
     * small functions stay inlinable where they are called (a method called in a loop). The JIT's own limit for
     * inlining a hot method ({@code FreqInlineSize}). With registers in JVM locals it is measured without the
     * exception handlers (one per run of instructions whose operands an error reads: cold code).
     */
    static final int SMALL = 325;

    /**
     * Instructions past which a function may be too large for the JIT even in its smallest code (about 14 bytes of
     * JVM code per instruction in the register array): its smallest code is generated first, and when that does
     * not fit, nothing more. The ladder would otherwise generate it in each of its forms, each larger, to throw all
     * away (meteor.lua's generated solver: 26 functions of 600-1500 instructions).
     */
    static final int PROBE_SMALLEST = 400;

    /** Calls after which a function is compiled: about the time one compile takes, spent interpreting it. */
    public static final int HOT_CALLS = 200;

    /**
     * Calls after which a decision tree is compiled: a function of {@link #TREE_SIZE} instructions or more, without
     * a loop, whose every call surely runs less than a {@link #STRAIGHT}th of it ({@link Pieces#shortestRun}). What
     * a call costs interpreted is what it runs; what the JIT spends on its class grows with all of it. meteor.lua's
     * generated solver (decision trees of 250 to 670 instructions, tens of thousands of calls each) compiled at
     * the 200th call ran 1.6x slower than with compiling off: the JIT's 2.7 s of CPU on the two cores beside the
     * program's 1.7 s. Compiled at up to 22k calls it was no faster, at 100k (four of them compiled) 1.2x; with
     * this, none is, and it runs in 1.60 s instead of 2.20 (medians of 7, alternating). A dispatch function called
     * millions of times (an interpreter's opcode switch) is still compiled, after a share of its calls that stays
     * small.
     */
    static final int TREE_CALLS = 1_000_000;

    /** Instructions from which a function may be a decision tree (see {@link #TREE_CALLS}). */
    static final int TREE_SIZE = 200;

    /** Back edges of its loops after which a function is compiled, and a looping call enters the compiled code. */
    public static final int HOT_LOOP = 1000;

    /** The package of the generated classes (stack walks tell their frames by it). */
    public static final String PACKAGE = dev.ljuv.stdlib.vm.StackLevels.GENERATED_PACKAGE;

    private static final VarHandle COMPILED;

    static {
        try {
            COMPILED = MethodHandles.lookup().findVarHandle(Prototype.class, dev.ljuv.patcher.PatchedMembers.PROTOTYPE_COMPILED, Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * What a prototype holds until it is compiled: its chunk, its calls and loop back edges so far, and whether
     * its first call compiles it. Replaced by the compiled code, or by {@link #NEVER}.
     */
    private static final class Pending {
        final CompiledChunk chunk;
        final boolean eager;
        int calls;
        int backEdges;
        /** The calls that make it hot: {@link #HOT_CALLS}, or {@link #TREE_CALLS} once those show a decision tree. */
        int hotCalls = HOT_CALLS;

        Pending(CompiledChunk chunk, boolean eager) {
            this.chunk = chunk;
            this.eager = eager;
        }
    }

    /** Held by a prototype that stays interpreted (as by one loaded with compilation off). */
    private static final Object NEVER = null;

    /** The functions that call themselves (see {@link #findSelfCalls}): their small classes are named apart. */
    private final java.util.Set<Prototype> selfCalling = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    /** Functions compiled with a loop entry (see {@link #loop}): their code, or null when that failed. */
    private final Map<Prototype, CompiledFunction> loopEntries = new java.util.IdentityHashMap<>();
    /** Where the interpreted calls of this chunk's functions may go on compiled ({@link #loop}). */
    private final LoopEntries entries = new LoopEntries();
    /** Whether the chunk is one of the runtime's own libraries (see {@link #library}). */
    private final boolean library;

    /** The mode, the report ({@code LJUV_DEBUG_COMPILE}) and the dump directory ({@code -Dljuv.compile.dump}). */
    private final RuntimeOptions options;

    private CompiledChunk(RuntimeOptions options, boolean library) {
        this.options = options;
        this.library = library;
    }

    /** Set while the runtime loads one of its own Lua libraries (see {@link #library}). */
    private static final ThreadLocal<Boolean> LIBRARY = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code load}, which loads one of the runtime's own Lua libraries (ljuv.net, the thread pool...): their
     * functions are the hot paths of the programs that use them, so a looping one is compiled at its first call
     * (a user's function waits until it is hot).
     */
    public static <T> T library(java.util.function.Supplier<T> load) {
        boolean outer = LIBRARY.get();
        LIBRARY.set(true);
        try {
            return load.get();
        } finally {
            LIBRARY.set(outer);
        }
    }

    /** The function of a freshly loaded chunk, its functions set up to be compiled as {@code options} say. */
    public static LuaClosure closure(Prototype main, LuaValue env, RuntimeOptions options) {
        RuntimeOptions.Compile m = options.compile();
        if (m != RuntimeOptions.Compile.OFF) {
            CompiledChunk chunk = new CompiledChunk(options, LIBRARY.get());
            chunk.findSelfCalls(main);
            if (m == RuntimeOptions.Compile.ALWAYS || m == RuntimeOptions.Compile.PIECES) {
                chunk.compileAll(main);
            } else {
                chunk.pend(main);
                warmUp();
            }
        }
        return new LuaClosure(main, env);
    }

    /**
     * The compiled code to run for a call of {@code closure}, whose prototype holds {@code c} (not null), when
     * that is not simply compiled code to run: called by the patched {@code LuaClosure.execute} (which runs
     * compiled code itself while no debug hook is set), it counts the calls of a function not compiled yet and
     * compiles it when it gets hot (this call then runs the compiled code); null to interpret.
     */
    public static CompiledFunction notCompiled(Object c, LuaClosure closure) {
        if (CallHooks.hookedStates != 0 && CallHooks.hookedHere()) {
            return null; // debug hooks: only the interpreter calls them
        }
        if (c instanceof CompiledFunction f) {
            return f;
        }
        Pending pending = (Pending) c;
        int n = ++pending.calls;
        if (n == HOT_CALLS && !pending.eager && decisionTree(closure.p)) {
            pending.hotCalls = TREE_CALLS;
        }
        if (n >= pending.hotCalls || n == 1 && pending.eager) {
            return pending.chunk.tryCompile(closure.p, n == 1 ? "a library's loop, first call" : n + " calls", -1);
        }
        return null;
    }

    /**
     * A back edge of a loop of an interpreted call (the patched interpreter's backward JMP, FORLOOP and TFORLOOP, before
     * the instruction at {@code pc} runs; {@code c} is the prototype's code field): checks for an interrupt, counts,
     * and once the function is hot runs the rest of the call in compiled code entered at {@code pc} with the
     * interpreter's registers and open upvalues, returning its results, which the interpreter returns; null to go
     * on interpreting. An error the compiled code raises has recorded this frame already, at its own instruction.
     */
    public static Varargs loop(Object c, LuaClosure closure, LuaValue[] stack, Varargs varargs,
            LuaStacks.Frame frame, int pc, UpValue[] open) {
        CallHooks.backEdge(frame);
        CompiledChunk chunk;
        CompiledFunction entry;
        if (c instanceof Pending pending) {
            int n = ++pending.backEdges;
            chunk = pending.chunk;
            if (n < HOT_LOOP || CallHooks.hookedStates != 0 || !chunk.entries.entersAt(closure.p, pc, n)) {
                return null;
            }
            entry = chunk.tryCompile(closure.p, HOT_LOOP + " loop iterations", pc);
        } else if (c instanceof CompiledFunction compiled && CallHooks.hookedStates == 0
                && compiled.chunk != null && compiled.chunk.entries.entersAt(closure.p, pc)) {
            chunk = compiled.chunk;
            entry = chunk.loopEntry(closure.p, pc, "a loop entry"); // compiled since this call started
        } else {
            return null;
        }
        return entry == null ? null
                : chunk.entries.enter(entry, closure, stack, varargs, frame, pc,
                        CompiledSupport.byRegister(open, stack.length));
    }

    /**
     * A coroutine body's loop (or that of a function it called) run as a generator, taken up at its back edge
     * {@code pc} in the function's ordinary compiled code, on a continuation: a body that runs long between switches
     * gains nothing from frameless switches, and its generator keeps every register boxed in the array (a numeric
     * loop 5x as slow). The rest of the call's results, or null when the function has no such code (left as it is).
     * Called by a generator's code (see {@code BackEdgeEmitter.backEdge}); {@code open} is by register.
     */
    public static Varargs fromGenerator(LuaClosure closure, LuaValue[] stack, Varargs varargs, LuaStacks.Frame frame,
            int pc, UpValue[] open) {
        Object c = COMPILED.get(closure.p);
        CompiledChunk chunk = c instanceof Pending pending ? pending.chunk
                : c instanceof CompiledFunction f ? f.chunk : null;
        if (chunk == null || CallHooks.hookedStates != 0) {
            return null;
        }
        CompiledFunction entry = chunk.loopEntry(closure.p, pc, "a coroutine's long step");
        return entry == null ? null : chunk.entries.enter(entry, closure, stack, varargs, frame, pc, open);
    }

    /** {@code p}'s code with a loop entry, compiled at the first call ({@code why}); a failed compile is kept as null. */
    private CompiledFunction loopEntry(Prototype p, int pc, String why) {
        if (!loopEntries.containsKey(p)) { // (a class compiled for calls has no loop entry)
            loopEntries.put(p, compile(p, why, pc));
        }
        return loopEntries.get(p);
    }

    /** {@code p}'s compiled code, or null. */
    static CompiledFunction code(Prototype p) {
        return COMPILED.get(p) instanceof CompiledFunction f ? f : null;
    }

    /** Whether {@code p} runs compiled. */
    public static boolean isCompiled(Prototype p) {
        return COMPILED.get(p) instanceof CompiledFunction;
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The first compile in a JVM takes about 25 ms (the class-file API loads and runs in the JVM's interpreter)
     * where later ones take 1 or 2: done once, on a background thread, with a throw-away function, when the first
     * chunk is loaded, so that the first function to get hot does not pay it on the program's time.
     */
    private static void warmUp() {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = Thread.ofPlatform().daemon().name("ljuv-compiler-warm-up").unstarted(() -> {
            try {
                Prototype p = org.luaj.vm2.compiler.LuaC.instance.compile(new java.io.ByteArrayInputStream(
                        ("local t, s = {}, '' for i = 1, 3 do t[i] = i * 2 + #s s = s .. t[i] end "
                        + "local o = {f = function(self, x) return x end} return o:f(t[1]), select('#', ...)")
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)), "=warm-up");
                CompiledChunk chunk = new CompiledChunk(RuntimeOptions.DEFAULTS, false);
                chunk.compile(p.p[0], "warm-up", 0);
                chunk.compile(p, "warm-up", 0);
            } catch (Throwable e) {
                // only ever a head start
            }
        });
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Whether {@code p} is a decision tree (see {@link #TREE_CALLS}). */
    private static boolean decisionTree(Prototype p) {
        return p.code.length >= TREE_SIZE && !loops(p) && Pieces.shortestRun(p) * STRAIGHT < p.code.length;
    }

    /** Whether the function has a loop: a backward jump. */
    static boolean loops(Prototype p) {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                return true;
            }
            pc += operandWords(i);
        }
        return false;
    }

    /**
     * How many words after instruction {@code i} are its operand, not instructions: one after a {@code SETLIST} of a
     * constructor's 512th batch of items or later, its batch number, whose bits may read as any instruction.
     */
    public static int operandWords(int i) {
        return Lua.GET_OPCODE(i) == Lua.OP_SETLIST && Lua.GETARG_C(i) == 0 ? 1 : 0;
    }

    /**
     * Notes the functions of {@code p} and below that read themselves from an upvalue ({@code local function f}
     * calling {@code f}): the closure made by a {@code CLOSURE} captures the register it is stored into.
     */
    private void findSelfCalls(Prototype p) {
        if (p.p == null) {
            return;
        }
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_CLOSURE) {
                Prototype inner = p.p[Lua.GETARG_Bx(i)];
                for (int u = 0; u < inner.upvalues.length; u++) {
                    if (inner.upvalues[u].instack && inner.upvalues[u].idx == Lua.GETARG_A(i) && readsUpvalue(inner, u)) {
                        selfCalling.add(inner);
                    }
                }
            }
            pc += operandWords(i);
        }
        for (Prototype inner : p.p) {
            findSelfCalls(inner);
        }
    }

    private static boolean readsUpvalue(Prototype p, int u) {
        int[] code = p.code;
        for (int pc = 0; pc < code.length; pc++) {
            int i = code[pc];
            if (Lua.GET_OPCODE(i) == Lua.OP_GETUPVAL && Lua.GETARG_B(i) == u) {
                return true;
            }
            pc += operandWords(i);
        }
        return false;
    }

    /** Marks {@code p} and its inner functions as this chunk's, to be compiled when hot. */
    private void pend(Prototype p) {
        COMPILED.set(p, FunctionCompiler.compilable(p) ? new Pending(this, library && loops(p)) : NEVER);
        if (p.p != null) {
            for (Prototype inner : p.p) {
                pend(inner);
            }
        }
    }

    private void compileAll(Prototype p) {
        if (p.p != null) {
            for (Prototype inner : p.p) {
                compileAll(inner);
            }
        }
        tryCompile(p, "every function compiled", -1);
    }

    /**
     * Compiles {@code p}, with a loop entry for a call entering at back edge {@code entry} (see {@link #loop}), none
     * when it is -1; its code, or null (then it stays interpreted, and {@code p} says so).
     */
    private CompiledFunction tryCompile(Prototype p, String why, int entry) {
        CompiledFunction f = compile(p, why, entry);
        COMPILED.set(p, f != null ? f : NEVER);
        if (entry >= 0) {
            loopEntries.put(p, f);
        }
        return f;
    }

    private CompiledFunction compile(Prototype p, String why, int entry) {
        boolean loopEntry = entry >= 0;
        if (!FunctionCompiler.compilable(p)) {
            report(p, "interpreted: too large or not compilable");
            return null;
        }
        try {
            int[] length = {0};
            int[] pieces = {0};
            boolean recursive = selfCalling.contains(p);
            boolean testPieces = options.compile() == RuntimeOptions.Compile.PIECES;
            String variant = (loopEntry ? "loop entry at " + entry : "calls") + (recursive ? ", calls itself" : "")
                    + (testPieces ? ", in pieces" : "");
            Class<?> c = SharedClasses.of(p, variant, n -> {
                if (testPieces) {
                    return inPieces(p, n, loopEntry, length, pieces, TEST_PIECE);
                }
                // {integer loops counted, registers in JVM locals, direct call paths}: each takes more code, and
                // without them a function may fit (direct paths go first: the others are worth more)
                boolean[][] ladder = RegisterFlow.worthLocals(p, recursive)
                        ? new boolean[][] {
                            {true, true, true}, {true, true, false}, {true, false, false}, {false, false, false}}
                        : new boolean[][] {{true, false, true}, {true, false, false}, {false, false, false}};
                byte[] bytes = null;
                boolean[] chosen = null;
                boolean[] smallest = ladder[ladder.length - 1];
                byte[] smallestBytes = null;
                int localsLimit = loops(p) && !NumberCalls.callsInLoops(p) ? JIT_LIMIT : LOCALS_LIMIT;
                if (p.code.length > PROBE_SMALLEST) { // may not fit even in the smallest code: found out with one try
                    smallestBytes = generate(p, n, entry, smallest);
                    length[0] = smallestBytes == null ? Integer.MAX_VALUE : ClassShape.executeLength(smallestBytes);
                    if (length[0] > JIT_LIMIT) {
                        return inPieces(p, n, loopEntry, length, pieces, 0);
                    }
                }
                for (boolean[] rung : ladder) {
                    chosen = rung;
                    bytes = rung == smallest && smallestBytes != null ? smallestBytes : generate(p, n, entry, rung);
                    length[0] = bytes == null ? Integer.MAX_VALUE : ClassShape.executeLength(bytes);
                    if (length[0] <= JIT_LIMIT && (!rung[1] || ClassShape.executeLength(bytes, false) <= localsLimit)) {
                        break;
                    }
                }
                if (length[0] > JIT_LIMIT) {
                    return inPieces(p, n, loopEntry, length, pieces, 0);
                }
                String name = PACKAGE + "F" + n;
                int measured = chosen[1] ? ClassShape.bodyLength(bytes) : ClassShape.executeLength(bytes, false);
                if (measured <= SMALL) { // named for the JIT's inlining directives (see SMALL)
                    name = PACKAGE + (recursive ? "R" : "S") + n;
                    bytes = generate(p, name, chosen[0], entry, chosen[1], chosen[2], true);
                }
                dump(options, name, bytes);
                return new SharedClasses.Generated(name, bytes);
            });
            if (c == null) {
                report(p, "interpreted: " + (length[0] == Integer.MAX_VALUE ? "over 64 KB" : length[0] + " bytes") + " of JVM code");
                return null;
            }
            CompiledFunction code = (CompiledFunction) c.getConstructor().newInstance();
            code.chunk = this;
            report(p, "compiled (" + why + "): " + (length[0] <= 0 ? "the class compiled for an identical function before"
                    : length[0] + " bytes of JVM code" + (pieces[0] > 0 ? " in " + pieces[0] + " methods" : "")));
            return code;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a compiler bug: the interpreter runs the function correctly, so users keep a working program
            compilerFailed(options, p, e, "");
            report(p, "interpreted: the compiler failed (" + e + ")");
            return null;
        }
    }

    /**
     * After a compiler bug on {@code p} ({@code e}): the tests compile with ALWAYS or PIECES, where it fails loudly, as
     * a Lua error naming the function ({@code what} after "did not compile"); otherwise the caller goes on without
     * the code. LJUV_DEBUG prints the Java trace, for a bug report.
     */
    static void compilerFailed(RuntimeOptions options, Prototype p, Throwable e, String what) {
        if (options.compile() == RuntimeOptions.Compile.ALWAYS || options.compile() == RuntimeOptions.Compile.PIECES) {
            if (options.debug()) {
                e.printStackTrace(); // the error itself names no Java class
            }
            throw new LuaError("internal error: the function at " + p.source + ":" + p.linedefined + " did not compile"
                    + what);
        }
    }

    /**
     * Class {@code F<n>} with its body cut into methods that the JIT compiles (see {@link Pieces}), for a function
     * whose code in one method would pass {@link #JIT_LIMIT} ({@code length[0]}: its size then, or MAX_VALUE past
     * 64 KB). Pieces of about {@link #PIECE_BYTES} ({@code instructions} each when not 0), smaller again while one
     * passes the limit; null when none fit, or when a hot call (of {@code AUTO}) would not pay for them (see
     * {@link #STRAIGHT}). {@code length[0]} becomes the pieces' total size, {@code count[0]} their number.
     */
    private SharedClasses.Generated inPieces(Prototype p, int n, boolean loopEntry, int[] length, int[] count,
            int instructions) {
        if (options.compile() == RuntimeOptions.Compile.AUTO && !loopEntry
                && Pieces.shortestRun(p) * STRAIGHT < p.code.length) {
            return null; // a decision tree: each call runs little of it, the JIT would spend long on all of it
        }
        int perInstruction = length[0] <= 0 || length[0] == Integer.MAX_VALUE ? 32 : Math.max(1, length[0] / p.code.length);
        String name = PACKAGE + "F" + n;
        int first = instructions > 0 ? instructions : Math.max(8, PIECE_BYTES / perInstruction);
        for (int size = first; size > 0; size = size >= 16 ? size / 2 : 0) {
            Pieces pieces = Pieces.of(p, size, loopEntry ? LoopEntries.of(p).values() : java.util.List.of());
            byte[] bytes;
            try {
                bytes = new FunctionCompiler(p, ClassDesc.of(name), false, loopEntry, false, true, false, pieces)
                        .generate();
            } catch (IllegalArgumentException e) {
                if (e.getMessage() == null || !e.getMessage().startsWith("Code length")) {
                    throw e;
                }
                continue;
            }
            int[] parts = ClassShape.partLengths(bytes);
            if (parts[0] <= JIT_LIMIT) {
                length[0] = parts[1];
                count[0] = pieces.all.size();
                dump(options, name, bytes);
                return new SharedClasses.Generated(name, bytes);
            }
        }
        return null;
    }

    /** Writes a generated class where {@code -Dljuv.compile.dump} asks, for {@code javap}. */
    static void dump(RuntimeOptions options, String name, byte[] bytes) {
        if (options.compileDump() != null) {
            try {
                java.nio.file.Path dir = options.compileDump();
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.write(dir.resolve(name + ".class"), bytes);
            } catch (java.io.IOException e) {
                System.err.println("ljuv: cannot dump " + name + ": " + e.getMessage());
            }
        }
    }

    /** Class {@code F<n>} compiled with {@code rung}'s choices, or null when its {@code ljuv$execute} passes 64 KB. */
    private byte[] generate(Prototype p, int n, int entry, boolean[] rung) {
        try {
            return generate(p, PACKAGE + "F" + n, rung[0], entry, rung[1], rung[2], false);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("Code length")) {
                throw e; // a compiler bug, not a method past the JVM's 64 KB
            }
            return null;
        }
    }

    private byte[] generate(Prototype p, String name, boolean countLoops, int entry, boolean inLocals,
            boolean directPaths, boolean lazyStack) {
        return new FunctionCompiler(p, ClassDesc.of(name), countLoops, entry >= 0, inLocals, directPaths, lazyStack)
                .callingItself(lazyStack && selfCalling.contains(p)).enteredAt(entry)
                .inRounds(entry >= 0 && entries.inRounds(p, entry)).generate();
    }

    private void report(Prototype p, String what) {
        report(options, p, what);
    }

    /** Tells on stderr what became of {@code p} ({@code LJUV_DEBUG_COMPILE}). */
    static void report(RuntimeOptions options, Prototype p, String what) {
        if (options.reportCompile()) {
            System.err.println("ljuv: " + p.source + ":" + p.linedefined + " (" + p.code.length + " instructions) " + what);
        }
    }
}
