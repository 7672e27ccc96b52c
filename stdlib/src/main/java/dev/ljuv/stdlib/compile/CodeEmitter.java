package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
/**
 * What the emitters of one function share: the function, the code builder of its {@code ljuv$execute}, the
 * locals of that method, and the small emitters of register, constant and upvalue access.
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class CodeEmitter {
    // locals of ljuv$execute (an instance method: the state's instance of the class holds its inline caches)
    static final int SELF = 0, CLOSURE_SLOT = 1, STACK = 2, VARARGS_SLOT = 3, FRAME_SLOT = 4, PC = 5, TOP = 6, V = 7,
            OPEN = 8, UPVALS = 9, TMP = 10, ERR = 11, STEP = 12, LIMIT = 13, EDGES = 14, CL = 15,
            THROWN = 16, CALLEE = 17, RESULT = 18;

    final Prototype p;
    final ClassDesc self;
    final boolean hasOpenUpvalues;
    /** See the constructor. */
    final boolean directPaths;
    CodeBuilder cb;
    /** Per {@code obj:name()} site, in order: the constant index of its name. */
    final java.util.List<Integer> methodSites = new java.util.ArrayList<>();
    /** The constants (indexes into {@code k}) of this function's {@link FieldSite}s, field {@code F<i>} each. */
    final java.util.List<Integer> fieldSites = new java.util.ArrayList<>();
    Label[] at;
    /** Per instruction: the pad before a loop head that copies registers on the way in (see {@link RegisterFlow#padAt}). */
    Label[] pads;
    /** Integer for loops counted in JVM locals (after the fixed locals above). */
    final CountedLoops loops;
    /** A long scratch local (two slots) after the loops' own. */
    final int wide;
    /** The calls of number functions ({@link NumberCalls}). */
    final java.util.BitSet numberCalls;
    /** Those of them that call a {@code bit} function ({@link NumberCalls#bitwise}). */
    final java.util.BitSet bitCalls;
    /** Where registers live (see {@link RegisterFlow}); null when all are in the register array. */
    final RegisterFlow registers;
    private RegisterLiveness liveness;

    /** What registers are read after each instruction (made at the first need: only calls with locals ask). */
    RegisterLiveness liveness() {
        if (liveness == null) {
            liveness = new RegisterLiveness(p);
        }
        return liveness;
    }

    /** The JVM local of register 0 when registers live in locals: register r is local {@code regBase + r}. */
    final int regBase;
    /** The webs of the registers in JVM locals ({@link RegisterWebs}), or null. */
    private final RegisterWebs webs;
    /**
     * Per register: the JVM local (two slots) of its numeric webs' unboxed number (see {@link NumberEmitter}), else
     * -1; and the local of their {@link NumberCell} when calls copy one of them to the array, else -1. One for all the
     * register's numeric webs, which are never live at once: a local per web (a statement's temporary each) made C2's
     * compile of partialsums' loop take seconds now and then.
     */
    private final int[] doubles, cells;
    /**
     * Whether the register array is made at its first need ({@link #ensureStack}) rather than by the caller: a small
     * compiled function (inlined into its {@code fastCall}) whose registers all live in JVM locals. A call that
     * makes no call of its own then allocates nothing: the caller's array of parameters, read once at entry, does not
     * outlive the entry, and the JIT removes it. The array's readers already take a frame without one (null: the
     * function has made no call since it was entered, so nothing outside it has looked).
     */
    final boolean lazyStack;
    /**
     * The piece of the function being emitted, when it is cut into several methods (see {@link Pieces}), or null;
     * and the code leaving it for each instruction outside it that it jumps to.
     */
    Pieces.Piece piece;
    final java.util.Map<Integer, Label> exits = new java.util.TreeMap<>();
    /** The register {@link #into} named, waiting for its {@link #store}, or -1. */
    private int pending = -1;
    /** The instruction being compiled. */
    int currentPc;
    /**
     * Whether the function calls itself through an upvalue ({@code local function f() ... f() end}): a call whose
     * callee was read from an upvalue first tests whether that is the running closure, and then calls this class's
     * own {@code fastCall} directly (set by {@link FunctionCompiler#callingItself} before the class is generated).
     * Only in a small class ({@code R<n>}: see {@code CompiledChunk.SMALL}), whose size is judged without these tests:
     * counted in, recursive fib passed that size and ran as a large class, 2x slower. Recursive fib 1.04x, LuaJIT's
     * binary-trees 1.11x.
     */
    boolean callsItself;

    /**
     * Whether this is a coroutine body's frameless form ({@link Generators}): one piece entered at any instruction,
     * whose calls first ask whether the body runs frameless (see {@link DirectCallEmitter#framelessCall}).
     */
    boolean generator;

    /**
     * @param countLoops whether integer for loops count in JVM locals (faster, more JVM code; off for a
     *     function that would otherwise pass the JIT's size limit)
     * @param directPaths whether calls test for library functions and calls that take an open result for its one
     *     value in their own code (see {@code CallEmitter}; more JVM code: off for a function that would otherwise
     *     pass a size limit)
     */
    CodeEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        this.p = p;
        this.directPaths = directPaths;
        this.self = self;
        this.hasOpenUpvalues = p.p != null && p.p.length > 0;
        this.loops = new CountedLoops(countLoops ? p : null, RESULT + 1);
        this.wide = RESULT + 1 + CountedLoops.SLOTS * loops.all().size();
        java.util.BitSet calls = NumberCalls.of(p);
        RegisterFlow flow = inLocals ? new RegisterFlow(p, calls) : null;
        RegisterWebs webs = webs(p, flow, calls, loops);
        for (java.util.BitSet kept; !(kept = NumberCalls.chains(p, calls, numericResult(p, webs))).equals(calls); ) {
            calls = kept; // (fewer number reads, maybe fewer numeric webs: until none drops)
            flow = inLocals ? new RegisterFlow(p, calls) : null;
            webs = webs(p, flow, calls, loops);
        }
        this.numberCalls = calls;
        this.bitCalls = NumberCalls.bitwise(p, numberCalls);
        this.registers = flow != null && flow.eligible() ? flow : null;
        this.webs = webs;
        this.regBase = wide + 2;
        this.doubles = new int[p.maxstacksize];
        this.cells = new int[p.maxstacksize];
        java.util.Arrays.fill(doubles, -1);
        java.util.Arrays.fill(cells, -1);
        if (webs != null) {
            java.util.BitSet spilled = registers.everSpilled(webs);
            java.util.BitSet numeric = webs.numeric();
            int next = regBase + p.maxstacksize;
            for (int w = numeric.nextSetBit(0); w >= 0; w = numeric.nextSetBit(w + 1)) {
                int r = webs.register(w);
                if (doubles[r] < 0) {
                    doubles[r] = next;
                    next += 2;
                }
                if (spilled.get(w) && cells[r] < 0) {
                    cells[r] = next++;
                }
            }
        }
        boolean lazy = lazyStack && registers != null && !registers.anyCaptured() && !hasOpenUpvalues
                && p.is_vararg == 0;
        for (int r = 0; lazy && r < p.numparams; r++) {
            lazy = local(r); // a parameter's value goes to the array from its local
        }
        this.lazyStack = lazy;
    }

    /** Whether the result register of the call at a pc is numeric there ({@link NumberCalls#chains}). */
    private static java.util.function.IntPredicate numericResult(Prototype p, RegisterWebs webs) {
        return pc -> webs != null && webs.numericAt(Lua.GETARG_A(p.code[pc]), pc);
    }

    /** The webs of {@code p}'s registers where they live in JVM locals ({@code flow} eligible), else null. */
    private static RegisterWebs webs(Prototype p, RegisterFlow flow, java.util.BitSet calls, CountedLoops loops) {
        return flow != null && flow.eligible() ? new RegisterWebs(p, flow, calls, loops) : null;
    }

    /**
     * Whether register {@code r} also holds numbers unboxed at the instruction being compiled: its web's double local
     * beside its value local (null then).
     */
    boolean numeric(int r) {
        return dslot(r) >= 0;
    }

    /** The double local of register {@code r}'s web at the instruction being compiled, or -1 (not numeric). */
    int dslot(int r) {
        return webs == null || r < 0 || r >= p.maxstacksize ? -1 : dslotOf(r, webs.at(r, currentPc));
    }

    /** The double local of register {@code r}'s web {@code w}, or -1 (not numeric). */
    private int dslotOf(int r, int w) {
        return webs.numeric().get(w) ? doubles[r] : -1;
    }

    /**
     * Makes the register array if this call has none yet ({@link #lazyStack}): the frame's, with the parameters as
     * they are now (the array would have had them from the start; later changes are copied as usual).
     */
    void ensureStack() {
        if (!lazyStack) {
            return;
        }
        Label made = cb.newLabel();
        cb.aload(STACK).ifnonnull(made);
        cb.aload(FRAME_SLOT).loadConstant(p.maxstacksize)
                .invokestatic(SUPPORT, "registers", MethodTypeDesc.of(VALUES, FRAME, CD_int)).astore(STACK);
        for (int r = 0; r < p.numparams; r++) {
            cb.aload(STACK).loadConstant(r);
            value(r);
            cb.aastore();
        }
        cb.labelBinding(made);
    }

    /** Pushes the register array, made first where it is made lazily. */
    CodeBuilder stack() {
        ensureStack();
        return cb.aload(STACK);
    }

    /** Pushes register {@code r}'s value: for a numeric one, its value local, or its number boxed when that is null. */
    void value(int r) {
        if (!local(r)) {
            stack().loadConstant(r).aaload();
        } else {
            value(r, webs.at(r, currentPc));
        }
    }

    /**
     * Pushes what tells register {@code r}'s type for {@code instanceof}: a numeric register's value local (null while
     * it holds a number, so that no number is boxed to be tested), any other's value.
     */
    void typeOf(int r) {
        if (mayHoldUnboxed(r)) {
            cb.aload(regBase + r);
        } else {
            reg(r);
        }
    }

    /**
     * Whether register {@code r} may hold its number unboxed here: a numeric register in locals (its value local
     * null then) that is not an integer loop's variable at this instruction.
     */
    boolean mayHoldUnboxed(int r) {
        return local(r) && numeric(r) && loops.variable(r, currentPc) == null;
    }

    /** Stores the double on the stack into numeric register {@code r}. */
    void storeNumber(int r) {
        cb.dstore(dslot(r)).aconst_null().astore(regBase + r);
    }

    /** Whether register {@code r} lives in a JVM local rather than in the register array. */
    boolean local(int r) {
        return registers != null && registers.inLocal(r);
    }


    void closeAll() {
        if (hasOpenUpvalues) {
            cb.aload(OPEN).iconst_0()
                    .invokestatic(SUPPORT, "close", MethodTypeDesc.of(CD_void, UPVALUES, CD_int));
        }
    }

    // ---- operands

    void reg(int r) {
        CountedLoops.Loop l = loops.variable(r, currentPc);
        Label done = l == null ? null : whileCounting(l, () -> cb.iload(index(l))
                .invokestatic(BOXES, "box", MethodTypeDesc.of(VALUE, CD_int)));
        value(r);
        bind(done);
    }

    /**
     * The int form of an operation while loop {@code l} counts in ints: {@code intForm}, then a jump to the
     * returned label, which the caller binds (see {@link #bind}) after the generic form it emits next.
     */
    Label whileCounting(CountedLoops.Loop l, Runnable intForm) {
        Label generic = cb.newLabel();
        Label done = cb.newLabel();
        cb.iload(mode(l)).ifeq(generic);
        intForm.run();
        cb.goto_(done);
        cb.labelBinding(generic);
        return done;
    }

    /** Binds the label {@link #whileCounting} returned, if there was one. */
    void bind(Label done) {
        if (done != null) {
            cb.labelBinding(done);
        }
    }

    // ---- integer for loops (see CountedLoops): locals of each loop

    /** 1 while the loop counts in {@code int}s, 0 when it runs the interpreter's way (registers). */
    static int mode(CountedLoops.Loop l) {
        return l.slot();
    }

    static int index(CountedLoops.Loop l) {
        return l.slot() + 1;
    }

    static int limit(CountedLoops.Loop l) {
        return l.slot() + 2;
    }

    static int step(CountedLoops.Loop l) {
        return l.slot() + 3;
    }

    static int counter(CountedLoops.Loop l) {
        return l.slot() + 4;
    }

    /** The loop whose variable operand {@code x} (a register, not a constant) is here, or null. */
    CountedLoops.Loop loopVariable(int x) {
        return x > 0xff ? null : loops.variable(x, currentPc);
    }

    /** The integer constant {@code x} is, or null. */
    Integer intConstant(int x) {
        return Lua.ISK(x) && p.k[Lua.INDEXK(x)] instanceof org.luaj.vm2.LuaInteger i ? i.v : null;
    }

    void constant(int k) {
        cb.getstatic(self, "K" + k, VALUE);
    }

    void rk(int x) {
        if (x > 0xff) {
            constant(Lua.INDEXK(x));
        } else {
            reg(x);
        }
    }

    /** Starts a store into register {@code r}: the value follows, then {@link #store()}. */
    void into(int r) {
        if (pending >= 0) {
            throw new IllegalStateException("a register store inside another one");
        }
        pending = r;
        if (!local(r)) {
            stack().loadConstant(r);
        }
    }

    void store() {
        if (local(pending)) {
            cb.astore(regBase + pending);
        } else {
            cb.aastore();
        }
        pending = -1;
    }

    /** A label per instruction (and one past the last), and a pad's before the loop heads that have one. */
    void labels(int n) {
        at = new Label[n];
        pads = new Label[n];
        for (int i = 0; i < n; i++) {
            at[i] = cb.newLabel();
            if (registers != null && registers.padAt(i) != null) {
                pads[i] = cb.newLabel();
            }
        }
    }

    /**
     * Where a jump from instruction {@code from} to {@code target} goes: into a loop through its pad, else straight;
     * out of the method to a target in another piece.
     */
    Label to(int from, int target) {
        if (piece != null && !piece.contains(target)) {
            return exits.computeIfAbsent(target, t -> cb.newLabel());
        }
        return target > from && pads[target] != null ? pads[target] : at[target];
    }

    /** Copies register {@code r} to the array as well, when it lives in a JVM local (see {@link RegisterFlow}). */
    void writeThrough(int r) {
        if (local(r)) {
            Label none = cb.newLabel();
            if (lazyStack) { // no array yet: no old table in it to let go of
                cb.aload(STACK).ifnull(none);
            }
            cb.aload(STACK).loadConstant(r).aload(regBase + r).aastore();
            cb.labelBinding(none);
        }
    }

    /** Copies the JVM-local registers in {@code which} to the register array (see {@link RegisterFlow}). */
    void spill(java.util.BitSet which) {
        spill(which, currentPc, false);
    }

    /**
     * The same at instruction {@code pc}, each register as pc finds it, or as pc leaves it ({@code after}) where pc
     * writes it (see {@link RegisterWebs}).
     */
    void spill(java.util.BitSet which, int pc, boolean after) {
        if (!which.isEmpty()) {
            ensureStack();
        }
        for (int r = which.nextSetBit(0); r >= 0; r = which.nextSetBit(r + 1)) {
            if (!local(r)) {
                continue;
            }
            int w = after ? webs.at(r, pc) : webs.before(r, pc);
            cb.aload(STACK).loadConstant(r);
            if (dslotOf(r, w) >= 0 && cells[r] >= 0) { // an unboxed number goes to its cell, not into a new box
                Label boxed = cb.newLabel();
                cb.aload(regBase + r).dup().ifnonnull(boxed).pop()
                        .aload(cells[r]).dup().dload(doubles[r]).putfield(CELL, "v", ConstantDescs.CD_double);
                cb.labelBinding(boxed);
            } else {
                value(r, w);
            }
            cb.aastore();
        }
    }

    /** Register {@code r}'s value as web {@code w} holds it (see {@link #value(int)}). */
    private void value(int r, int w) {
        if (dslotOf(r, w) >= 0) {
            cb.aload(regBase + r).dload(doubles[r])
                    .invokestatic(SUPPORT, "value", MethodTypeDesc.of(VALUE, VALUE, ConstantDescs.CD_double));
        } else {
            cb.aload(regBase + r);
        }
    }

    /**
     * Copies the values (not cells: an error's message reads them) of registers {@code which} to the array, as
     * instruction {@code pc} finds them.
     */
    void spillValues(java.util.BitSet which, int pc) {
        spillValues(which, pc, false);
    }

    /** The same, each register as pc leaves it ({@code after}) where pc writes it. */
    void spillValues(java.util.BitSet which, int pc, boolean after) {
        if (!which.isEmpty()) {
            ensureStack();
        }
        for (int r = which.nextSetBit(0); r >= 0; r = which.nextSetBit(r + 1)) {
            if (local(r)) {
                cb.aload(STACK).loadConstant(r);
                value(r, after ? webs.at(r, pc) : webs.before(r, pc));
                cb.aastore();
            }
        }
    }

    /**
     * What tells apart the copies {@link #spillValues} makes of {@code which} at instruction {@code pc}: per register,
     * its web's double local (the same code where these are equal).
     */
    java.util.List<Integer> valuesKey(java.util.BitSet which, int pc) {
        java.util.List<Integer> key = new java.util.ArrayList<>();
        for (int r = which.nextSetBit(0); r >= 0; r = which.nextSetBit(r + 1)) {
            key.add(r);
            key.add(local(r) ? dslotOf(r, webs.before(r, pc)) : -1);
        }
        return key;
    }

    /** The registers that live in JVM locals. */
    java.util.BitSet localRegisters() {
        java.util.BitSet s = new java.util.BitSet();
        for (int r = 0; r < p.maxstacksize; r++) {
            if (local(r)) {
                s.set(r);
            }
        }
        return s;
    }

    /** The registers {@code which} (all in JVM locals) from the register array, where debug.setlocal wrote. */
    void reload(java.util.BitSet which) {
        ensureStack();
        for (int r = which.nextSetBit(0); r >= 0; r = which.nextSetBit(r + 1)) {
            cb.aload(STACK).loadConstant(r).aaload();
            int cell = dslotOf(r, webs.at(r, currentPc)) >= 0 ? cells[r] : -1;
            if (cell >= 0) { // still its own cell: the number in its double stands
                Label other = cb.newLabel();
                cb.dup().aload(cell).if_acmpne(other).pop().aconst_null();
                cb.labelBinding(other);
            }
            cb.astore(regBase + r);
        }
    }

    /** Register {@code r}'s local from the array (a loop entry, a parameter) or nil. */
    void initRegister(int r, boolean fromArray) {
        if (!local(r)) {
            return;
        }
        if (fromArray) {
            cb.aload(STACK).loadConstant(r).aaload().astore(regBase + r);
        } else {
            cb.getstatic(VALUE, "NIL", VALUE).astore(regBase + r);
        }
    }

    /** The numeric webs' doubles, and the cells of those that calls copy to the array (see {@link #spill}). */
    void initNumbers() {
        for (int r = 0; r < doubles.length; r++) {
            if (doubles[r] >= 0) {
                cb.dconst_0().dstore(doubles[r]);
            }
            if (cells[r] >= 0) {
                cb.new_(CELL).dup().invokespecial(CELL, "<init>", MethodTypeDesc.of(CD_void)).astore(cells[r]);
            }
        }
    }

    void upvalue(int index) {
        cb.aload(UPVALS).loadConstant(index).aaload();
    }

    void notePc(int pc) {
        cb.loadConstant(pc).istore(PC);
    }

    /** The frame's current instruction, as the patched interpreter stores it before a call. */
    void framePc(int pc) {
        cb.aload(FRAME_SLOT).loadConstant(pc).putfield(FRAME, "pc", CD_int);
    }

    void invokeValue(String name, MethodTypeDesc type) {
        cb.invokevirtual(VALUE, name, type);
    }

    /** {@code fastCall}'s type for {@code args} arguments: the caller's frame, the closure, then the arguments. */
    static MethodTypeDesc fastCalls(int args) {
        ClassDesc[] params = new ClassDesc[args + 2];
        java.util.Arrays.fill(params, VALUE);
        params[0] = FRAME;
        params[1] = CLOSURE;
        return MethodTypeDesc.of(VALUE, params);
    }

    /** {@code fastInvoke}'s type for {@code args} arguments: {@link #fastCalls}' with all the results. */
    static MethodTypeDesc fastInvokes(int args) {
        return fastCalls(args).changeReturnType(VARARGS);
    }

    static MethodTypeDesc calls(int args) {
        ClassDesc[] params = new ClassDesc[args];
        java.util.Arrays.fill(params, VALUE);
        return MethodTypeDesc.of(VALUE, params);
    }

    // ---- instructions
}
