package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.ljuv.stdlib.vm.CallHooks;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.BitSet;
import java.util.List;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * A function of numbers that calls itself ({@code fib}, {@code ack}, {@code tak}), compiled a second time as a static
 * method on doubles: {@code double ljuv$number(CallStack calls, int depth, double... parameters)}, each register a
 * JVM local, each call of itself a static call, each tail call of itself a jump. Its compiled body, called with
 * numbers while no debug hook is set and its upvalue still holds it, runs this method instead ({@link #entry}), and
 * the recursion then costs what a Java method's does: no frames, no register arrays, no boxes (fib's calls 110-140
 * million a second on the ordinary path, 840 million for the same Java).
 *
 * <p>Taken only when nothing in the function can be seen from outside it: every value is a number (its parameters,
 * number constants, arithmetic, its own results), so no operation can raise an error or call a metamethod; it calls
 * nothing but itself, fetched from an upvalue or a global (its environment's own field) checked at entry, which
 * nothing can change while it runs, and library number functions read from upvalues under their names ({@code local
 * rol = bit.rol}: their bodies for numbers, which cannot fail, found in the upvalue at each call, the call refused
 * when it holds none); it makes no closure and has no loop. Each call compares its depth with the limit
 * the ordinary calls check ({@link CallHooks#limit}): past it (an interrupt, a memory check, the depth limit) it throws
 * {@link CallHooks.NumberCallRefused}, and the outermost call runs again the ordinary way, from its start, where the
 * limit does what it asks (as after a Java stack overflow); nothing done meanwhile is visible. Refused for the depth,
 * it leaves the calls above it to the ordinary way too ({@link CallHooks#numbersRefused}), each of which would
 * otherwise run as deep again.
 *
 * <p>A leaf (a function of up to six parameters that calls no Lua function: spectral-norm's {@code A(i, j)}, md5's
 * {@code tr_f} of bit functions, a vector's {@code dot}) is compiled so too, and its {@code fastCall} runs the method
 * when it gets numbers ({@link #leafEntry}): no frame, no register array, a box for the result only. One of one or
 * two parameters without library calls is also its class's body for numbers ({@code Functions.OfNumber}, {@code
 * OfNumbers}): a compiled call site that passes numbers to a parameter's or an upvalue's function and uses the result
 * as one ({@code NumberCalls.luaCall}) runs the method with its doubles, as it runs {@code math.floor}'s.
 *
 * <p>Arithmetic is LuaJIT's on doubles, which the boxed integers of the ordinary path agree with.
 *
 * <p>Threading: stateless once made; made and emitted by the compiling thread.
 */
final class NumberFunction {
    static final String METHOD = "ljuv$number";

    /** Parameters past which a function is left to the ordinary path. */
    private static final int MAX_PARAMETERS = 8;

    /**
     * What a register holds at an instruction: nothing known, a number, the function itself (read from an upvalue or a
     * global), or (LIBRARY + u) the function of upvalue {@code u} read under a library number function's name.
     */
    private static final byte UNKNOWN = 0, NUMBER = 1, ITSELF = 2, LIBRARY = 16;

    private static final ClassDesc STACK_OVERFLOW = ClassDesc.of("java.lang.StackOverflowError");

    private final Prototype p;
    /** What each register holds at each instruction; null where the instruction cannot be reached. */
    private final byte[][] holds;
    /** The upvalues read as the function itself, checked to hold it at entry. */
    private final BitSet itself;
    /**
     * Whether it calls itself: its compiled body then runs it ({@link #entry}); else it is a leaf of one or two
     * parameters, which a call site that passes it numbers runs instead ({@link #body}).
     */
    final boolean callsItself;
    /** The globals read as the function itself, each {upvalue, constant}: the table's field checked at entry. */
    private final List<List<Integer>> globals;
    /** Per instruction, the upvalue of the library function it calls ({@link #libraryCall}), or -1. */
    private final int[] library;
    /** Per call, its number of arguments. */
    private final int[] arguments;

    private NumberFunction(Prototype p, byte[][] holds, BitSet itself, List<List<Integer>> globals,
            boolean callsItself, int[] library, int[] arguments) {
        this.p = p;
        this.callsItself = callsItself;
        this.holds = holds;
        this.itself = itself;
        this.globals = globals;
        this.library = library;
        this.arguments = arguments;
    }

    /** The number function of {@code p}, or null when {@code p} is not one (see the class comment). */
    static NumberFunction of(Prototype p) {
        int n = p.numparams;
        int[] code = p.code;
        if (p.is_vararg != 0 || n < 1 || n > MAX_PARAMETERS || code.length == 0) {
            return null;
        }
        byte[][] holds = new byte[code.length][];
        holds[0] = new byte[p.maxstacksize];
        java.util.Arrays.fill(holds[0], 0, n, NUMBER);
        BitSet itself = new BitSet();
        java.util.Set<List<Integer>> globals = new java.util.LinkedHashSet<>();
        boolean callsItself = false;
        int[] library = new int[code.length];
        java.util.Arrays.fill(library, -1);
        int[] arguments = new int[code.length];
        BitSet open = new BitSet(); // the library calls whose one result is the next call's last argument
        // no backward jump but a tail call's (to the start, whose state it keeps): each instruction's predecessors
        // come before it, so one pass in order has merged them all when it gets there
        for (int pc = 0; pc < code.length; pc++) {
            if (holds[pc] == null) {
                continue;
            }
            byte[] r = holds[pc].clone();
            int i = code[pc];
            int a = Lua.GETARG_A(i);
            int b = Lua.GETARG_B(i);
            int c = Lua.GETARG_C(i);
            int[] next;
            switch (Lua.GET_OPCODE(i)) {
                case Lua.OP_MOVE, Lua.OP_UNM -> {
                    if (r[b] != NUMBER) {
                        return null;
                    }
                    r[a] = NUMBER;
                    next = new int[] {pc + 1};
                }
                case Lua.OP_LOADK -> {
                    if (p.k[Lua.GETARG_Bx(i)].type() != LuaValue.TNUMBER) {
                        return null;
                    }
                    r[a] = NUMBER;
                    next = new int[] {pc + 1};
                }
                case Lua.OP_GETUPVAL -> {
                    if (b <= Byte.MAX_VALUE - LIBRARY && NumberCalls.libraryName(upvalueName(p, b))) { // (one byte)
                        r[a] = (byte) (LIBRARY + b);
                    } else {
                        r[a] = ITSELF;
                        itself.set(b);
                    }
                    next = new int[] {pc + 1};
                }
                case Lua.OP_GETTABUP -> { // a global (of the upvalue _ENV), by a constant name
                    if (!Lua.ISK(c) || p.k[Lua.INDEXK(c)].type() != LuaValue.TSTRING) {
                        return null;
                    }
                    r[a] = ITSELF;
                    globals.add(List.of(b, Lua.INDEXK(c)));
                    next = new int[] {pc + 1};
                }
                case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                    if (!number(p, r, b) || !number(p, r, c)) {
                        return null;
                    }
                    r[a] = NUMBER;
                    next = new int[] {pc + 1};
                }
                case Lua.OP_JMP -> { // (its upvalues to close: none, no closure is made)
                    if (Lua.GETARG_sBx(i) < 0) {
                        return null;
                    }
                    next = new int[] {pc + 1 + Lua.GETARG_sBx(i)};
                }
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> {
                    if (!number(p, r, b) || !number(p, r, c)) {
                        return null;
                    }
                    next = new int[] {pc + 1, pc + 2};
                }
                case Lua.OP_CALL, Lua.OP_TAILCALL -> {
                    boolean tail = Lua.GET_OPCODE(i) == Lua.OP_TAILCALL;
                    int u = r[a] - LIBRARY;
                    // the arguments: B - 1, or up to the one open result of the library call before (f(x, g(y)))
                    int nargs = b > 0 ? b - 1 : pc > 0 && open.get(pc - 1) ? Lua.GETARG_A(code[pc - 1]) - a : -1;
                    boolean callable = nargs >= 1 && (u >= 0 ? NumberCalls.named(upvalueName(p, u), nargs)
                            : r[a] == ITSELF && nargs >= n);
                    boolean opens = !tail && c == 0 && u >= 0 && pc + 1 < code.length
                            && Lua.GET_OPCODE(code[pc + 1]) == Lua.OP_CALL && Lua.GETARG_B(code[pc + 1]) == 0;
                    if (!callable || !tail && c != 2 && !opens) {
                        return null;
                    }
                    for (int k = a + 1; k <= a + nargs; k++) {
                        if (r[k] != NUMBER) {
                            return null;
                        }
                    }
                    arguments[pc] = nargs;
                    open.set(pc, opens);
                    if (u >= 0) {
                        library[pc] = u;
                    } else {
                        callsItself = true;
                    }
                    java.util.Arrays.fill(r, a, r.length, UNKNOWN);
                    r[a] = NUMBER;
                    next = tail ? new int[0] : new int[] {pc + 1};
                }
                case Lua.OP_RETURN -> {
                    if (b != 2 || r[a] != NUMBER) {
                        return null;
                    }
                    next = new int[0];
                }
                default -> {
                    return null;
                }
            }
            for (int to : next) {
                if (to >= code.length) {
                    return null;
                }
                if (holds[to] == null) {
                    holds[to] = r.clone();
                } else {
                    for (int k = 0; k < r.length; k++) {
                        if (holds[to][k] != r[k]) {
                            holds[to][k] = UNKNOWN;
                        }
                    }
                }
            }
        }
        if (!callsItself && (n > CompiledFunction.FAST_ARGUMENTS || !itself.isEmpty() || !globals.isEmpty())) {
            return null; // (a leaf of more parameters than any fastCall passes arguments)
        }
        return new NumberFunction(p, holds, itself, List.copyOf(globals), callsItself, library, arguments);
    }

    /** The name of {@code p}'s upvalue {@code u}, or null. */
    private static String upvalueName(Prototype p, int u) {
        return u < p.upvalues.length && p.upvalues[u].name != null ? p.upvalues[u].name.tojstring() : null;
    }

    /** Whether it calls a library function ({@link #libraryCall}): it then needs its closure's upvalues. */
    private boolean callsLibrary() {
        return java.util.Arrays.stream(library).anyMatch(u -> u >= 0);
    }

    /**
     * Whether a leaf's class is its body for numbers ({@link #bodyInterface}): one or two parameters, and no library
     * call (the body has no closure to read its upvalues from).
     */
    boolean hasBody() {
        return !callsItself && p.numparams <= 2 && !callsLibrary();
    }

    /** Whether operand {@code rk} (a register or a constant) is a number there. */
    private static boolean number(Prototype p, byte[] r, int rk) {
        return Lua.ISK(rk) ? p.k[Lua.INDEXK(rk)].type() == LuaValue.TNUMBER : r[rk] == NUMBER;
    }

    /** {@code double ljuv$number(CallStack, int depth, LuaClosure, double...)}. */
    MethodTypeDesc type() {
        ClassDesc[] params = new ClassDesc[3 + p.numparams];
        params[0] = CALL_STACK;
        params[1] = CD_int;
        params[2] = CLOSURE;
        java.util.Arrays.fill(params, 3, params.length, CD_double);
        return MethodTypeDesc.of(CD_double, params);
    }

    /** The interface of a leaf's body for numbers: {@code Functions.OfNumber} or {@code OfNumbers}. */
    ClassDesc bodyInterface() {
        return p.numparams == 1 ? OF_NUMBER : OF_NUMBERS;
    }

    /**
     * A leaf's {@code call(double[, double])} of {@link #bodyInterface}, what a number call site runs with numbers
     * (see {@code NumberEmitter.numberCall}): {@link #METHOD}, which makes no call, so it needs no call stack.
     */
    void body(CodeBuilder b, ClassDesc self) {
        b.aconst_null().iconst_0().aconst_null();
        for (int k = 0; k < p.numparams; k++) {
            b.dload(1 + 2 * k);
        }
        b.invokestatic(self, METHOD, type()).dreturn();
    }

    /**
     * The start of a leaf's {@code fastCall} (the caller's frame in local 1, the closure in 2, at least as many
     * arguments as parameters after them): with numbers for the parameters and no debug hook, the result of {@link
     * #METHOD}, boxed, without a frame or a register array (nothing in a leaf can see them: it calls no Lua function,
     * and a library function's body for numbers cannot fail); else, or when a library call is refused, on to the
     * ordinary call, emitted after this.
     */
    void leafEntry(CodeBuilder b, ClassDesc self) {
        Label ordinary = b.newLabel();
        b.getstatic(CALL_HOOKS, "hookedStates", CD_int).ifne(ordinary);
        for (int k = 0; k < p.numparams; k++) {
            b.aload(3 + k).instanceOf(ClassShape.NUMBER).ifeq(ordinary);
        }
        Label start = b.newBoundLabel();
        b.aconst_null().iconst_0().aload(2);
        for (int k = 0; k < p.numparams; k++) {
            b.aload(3 + k).invokevirtual(VALUE, "todouble", MethodTypeDesc.of(CD_double));
        }
        b.invokestatic(self, METHOD, type()).invokestatic(BOXES, "box", MethodTypeDesc.of(VALUE, CD_double));
        Label end = b.newBoundLabel();
        b.areturn();
        Label refused = b.newBoundLabel();
        b.pop();
        b.labelBinding(ordinary);
        b.exceptionCatch(start, end, refused, NUMBER_CALL_REFUSED);
    }

    /** {@code call}'s type: {@code (double[, double])double}. */
    MethodTypeDesc bodyType() {
        return p.numparams == 1 ? MethodTypeDesc.of(CD_double, CD_double)
                : MethodTypeDesc.of(CD_double, CD_double, CD_double);
    }

    /** The JVM local of register {@code r}: after the calls, the depth and the closure, two slots each. */
    private static int slot(int r) {
        return 3 + 2 * r;
    }

    /** The body of {@link #METHOD}. */
    void method(CodeBuilder b, ClassDesc self) {
        int[] code = p.code;
        Label[] at = new Label[code.length];
        for (int pc = 0; pc < code.length; pc++) {
            at[pc] = b.newLabel();
        }
        for (int pc = 0; pc < code.length; pc++) {
            if (holds[pc] == null) {
                continue;
            }
            b.labelBinding(at[pc]);
            int i = code[pc];
            int a = Lua.GETARG_A(i);
            int rb = Lua.GETARG_B(i);
            int rc = Lua.GETARG_C(i);
            switch (Lua.GET_OPCODE(i)) {
                case Lua.OP_MOVE -> b.dload(slot(rb)).dstore(slot(a));
                case Lua.OP_LOADK -> b.loadConstant(p.k[Lua.GETARG_Bx(i)].todouble()).dstore(slot(a));
                case Lua.OP_GETUPVAL, Lua.OP_GETTABUP -> {} // the function itself: only ever called
                case Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW -> {
                    operand(b, rb);
                    operand(b, rc);
                    switch (Lua.GET_OPCODE(i)) {
                        case Lua.OP_ADD -> b.dadd();
                        case Lua.OP_SUB -> b.dsub();
                        case Lua.OP_MUL -> b.dmul();
                        case Lua.OP_DIV -> b.ddiv();
                        case Lua.OP_MOD -> b.invokestatic(SUPPORT, "mod",
                                MethodTypeDesc.of(CD_double, CD_double, CD_double));
                        default -> b.invokestatic(ClassDesc.of("java.lang.Math"), "pow",
                                MethodTypeDesc.of(CD_double, CD_double, CD_double));
                    }
                    b.dstore(slot(a));
                }
                case Lua.OP_UNM -> b.dload(slot(rb)).dneg().dstore(slot(a));
                case Lua.OP_JMP -> b.goto_(at[pc + 1 + Lua.GETARG_sBx(i)]);
                case Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> compare(b, Lua.GET_OPCODE(i), a != 0, rb, rc, at[pc + 2]);
                case Lua.OP_CALL, Lua.OP_TAILCALL -> {
                    if (library[pc] >= 0) {
                        libraryCall(b, library[pc], a, arguments[pc]);
                        if (Lua.GET_OPCODE(i) == Lua.OP_TAILCALL) {
                            b.dreturn();
                        } else {
                            b.dstore(slot(a));
                        }
                        break;
                    }
                    if (Lua.GET_OPCODE(i) == Lua.OP_TAILCALL) { // the arguments become the parameters, same depth
                        checkLimit(b);
                        for (int k = 0; k < p.numparams; k++) {
                            b.dload(slot(a + 1 + k));
                        }
                        for (int k = p.numparams - 1; k >= 0; k--) {
                            b.dstore(slot(k));
                        }
                        b.goto_(at[0]);
                        break;
                    }
                    checkLimit(b);
                    b.aload(0).iload(1).iconst_1().iadd().aload(2);
                    for (int k = 0; k < p.numparams; k++) {
                        b.dload(slot(a + 1 + k));
                    }
                    b.invokestatic(self, METHOD, type()).dstore(slot(a));
                }
                default -> b.dload(slot(a)).dreturn(); // RETURN of one number
            }
        }
    }

    /**
     * The call of the library function in upvalue {@code u} with the {@code n} numbers above register {@code a}, its
     * result left on the stack: the function's body for them ({@code Functions.number}, {@code numbers}, or for three
     * or four a {@code folding} body applied from the left, as {@code NumberEmitter.numberCall} calls them), read
     * from the closure's upvalue at each call; refused ({@link CallHooks.NumberCallRefused}) when it has none, the
     * call then made the ordinary way.
     */
    private void libraryCall(CodeBuilder b, int u, int a, int n) {
        ClassDesc body = n == 1 ? OF_NUMBER : OF_NUMBERS;
        Label found = b.newLabel();
        b.aload(2).getfield(CLOSURE, "upValues", UPVALUES).loadConstant(u).aaload()
                .invokevirtual(UPVALUE, "getValue", VALUE_OF_NONE)
                .invokestatic(FUNCTIONS, n > 2 ? "folding" : n > 1 ? "numbers" : "number", MethodTypeDesc.of(body, VALUE))
                .dup().ifnonnull(found);
        b.getstatic(NUMBER_CALL_REFUSED, "INSTANCE", NUMBER_CALL_REFUSED).athrow();
        b.labelBinding(found);
        for (int k = 2; k < n; k++) {
            b.dup();
        }
        b.dload(slot(a + 1));
        if (n == 1) {
            b.invokeinterface(body, "call", MethodTypeDesc.of(CD_double, CD_double));
            return;
        }
        for (int k = 1; k < n; k++) {
            b.dload(slot(a + 1 + k)).invokeinterface(body, "call", MethodTypeDesc.of(CD_double, CD_double, CD_double));
        }
    }

    private void operand(CodeBuilder b, int rk) {
        if (Lua.ISK(rk)) {
            b.loadConstant(p.k[Lua.INDEXK(rk)].todouble());
        } else {
            b.dload(slot(rk));
        }
    }

    /**
     * EQ, LT, LE: {@code if ((RK(B) op RK(C)) ~= A) then skip the next instruction}, to {@code skip}. The comparison
     * gives 1 for NaN ({@code dcmpg}), so that every ordered test with a NaN is false, as in Lua.
     */
    private void compare(CodeBuilder b, int op, boolean expected, int rb, int rc, Label skip) {
        operand(b, rb);
        operand(b, rc);
        b.dcmpg();
        switch (op) {
            case Lua.OP_EQ -> {
                if (expected) {
                    b.ifne(skip);
                } else {
                    b.ifeq(skip);
                }
            }
            case Lua.OP_LT -> {
                if (expected) {
                    b.ifge(skip);
                } else {
                    b.iflt(skip);
                }
            }
            default -> {
                if (expected) {
                    b.ifgt(skip);
                } else {
                    b.ifle(skip);
                }
            }
        }
    }

    /** A call at depth {@code d + 1}: refused when {@code d + 1 > limit}, as {@code CallHooks.enterFrom} refuses it. */
    private static void checkLimit(CodeBuilder b) {
        Label ok = b.newLabel();
        b.iload(1).aload(0).invokestatic(CALL_HOOKS, "limit", MethodTypeDesc.of(CD_int, CALL_STACK)).if_icmplt(ok);
        b.getstatic(NUMBER_CALL_REFUSED, "INSTANCE", NUMBER_CALL_REFUSED).athrow();
        b.labelBinding(ok);
    }

    /**
     * The start of the compiled body ({@code ljuv$execute}, its parameters still in their slots): with numbers for
     * the parameters, no debug hook and the upvalues and globals read as the function holding it, the result of
     * {@link #METHOD} from this call's depth, boxed; else, or when that call is refused, on to the ordinary body.
     */
    void entry(CodeBuilder b, ClassDesc self) {
        Label ordinary = b.newLabel();
        b.getstatic(CALL_HOOKS, "hookedStates", CD_int).ifne(ordinary);
        b.aload(CodeEmitter.FRAME_SLOT).getfield(FRAME, "calls", CALL_STACK)
                .invokestatic(CALL_HOOKS, "numbersAllowed", MethodTypeDesc.of(CD_boolean, CALL_STACK)).ifeq(ordinary);
        for (int k = 0; k < p.numparams; k++) {
            b.aload(CodeEmitter.STACK).loadConstant(k).aaload().instanceOf(ClassShape.NUMBER).ifeq(ordinary);
        }
        for (int u = itself.nextSetBit(0); u >= 0; u = itself.nextSetBit(u + 1)) {
            b.aload(CodeEmitter.CLOSURE_SLOT).getfield(CLOSURE, "upValues", UPVALUES).loadConstant(u).aaload()
                    .invokevirtual(UPVALUE, "getValue", VALUE_OF_NONE).aload(CodeEmitter.CLOSURE_SLOT)
                    .if_acmpne(ordinary);
        }
        for (List<Integer> g : globals) {
            b.aload(CodeEmitter.CLOSURE_SLOT).getfield(CLOSURE, "upValues", UPVALUES).loadConstant(g.get(0)).aaload()
                    .invokevirtual(UPVALUE, "getValue", VALUE_OF_NONE).getstatic(self, "K" + g.get(1), VALUE)
                    .aload(CodeEmitter.CLOSURE_SLOT)
                    .invokestatic(SUPPORT, "holds", MethodTypeDesc.of(CD_boolean, VALUE, VALUE, VALUE)).ifeq(ordinary);
        }
        Label start = b.newBoundLabel();
        b.aload(CodeEmitter.FRAME_SLOT).getfield(FRAME, "calls", CALL_STACK).dup()
                .getfield(CALL_STACK, "depth", CD_int).aload(CodeEmitter.CLOSURE_SLOT);
        for (int k = 0; k < p.numparams; k++) {
            b.aload(CodeEmitter.STACK).loadConstant(k).aaload().invokevirtual(VALUE, "todouble",
                    MethodTypeDesc.of(CD_double));
        }
        b.invokestatic(self, METHOD, type()).invokestatic(BOXES, "box", MethodTypeDesc.of(VALUE, CD_double));
        Label end = b.newBoundLabel();
        b.areturn();
        Label refused = b.newBoundLabel();
        b.pop().aload(CodeEmitter.FRAME_SLOT).getfield(FRAME, "calls", CALL_STACK)
                .invokestatic(CALL_HOOKS, "numbersRefused", MethodTypeDesc.of(CD_void, CALL_STACK));
        b.labelBinding(ordinary);
        b.exceptionCatch(start, end, refused, NUMBER_CALL_REFUSED);
        b.exceptionCatch(start, end, refused, STACK_OVERFLOW);
    }
}
