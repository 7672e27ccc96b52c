package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
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
            OPEN = 8, UPVALS = 9, TMP = 10, ERR = 11, STEP = 12, LIMIT = 13, BUF = 14, CL = 15,
            THROWN = 16, CALLEE = 17;

    final Prototype p;
    final ClassDesc self;
    final boolean hasOpenUpvalues;
    CodeBuilder cb;
    /** Per {@code obj:name()} site, in order: the constant index of its name. */
    final java.util.List<Integer> methodSites = new java.util.ArrayList<>();
    /** The constants (indexes into {@code k}) of this function's {@link FieldSite}s, field {@code F<i>} each. */
    final java.util.List<Integer> fieldSites = new java.util.ArrayList<>();
    Label[] at;
    /** Integer for loops counted in JVM locals (after the fixed locals above). */
    final CountedLoops loops;
    /** A long scratch local (two slots) after the loops' own. */
    final int wide;
    /** The instruction being compiled. */
    int currentPc;

    /**
     * @param countLoops whether integer for loops count in JVM locals (faster, more JVM code; off for a
     *     function that would otherwise pass the JIT's size limit)
     */
    CodeEmitter(Prototype p, ClassDesc self, boolean countLoops) {
        this.p = p;
        this.self = self;
        this.hasOpenUpvalues = p.p != null && p.p.length > 0;
        this.loops = new CountedLoops(countLoops ? p : null, CALLEE + 1);
        this.wide = CALLEE + 1 + CountedLoops.SLOTS * loops.all().size();
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
                .invokestatic(SUPPORT, "box", MethodTypeDesc.of(VALUE, CD_int)));
        cb.aload(STACK).loadConstant(r).aaload();
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
        cb.aload(STACK).loadConstant(r);
    }

    void store() {
        cb.aastore();
    }

    void upvalue(int index) {
        cb.aload(UPVALS).loadConstant(index).aaload();
    }

    void notePc(int pc) {
        cb.loadConstant(pc).istore(PC);
    }

    /** A loop's backward jump: where an interrupt stops a loop that makes no call ({@code CallHooks.backEdge}). */
    void backEdge() {
        cb.aload(FRAME_SLOT).invokestatic(CALL_HOOKS, "backEdge", MethodTypeDesc.of(CD_void, FRAME));
    }

    /** The frame's current instruction, as the patched interpreter stores it before a call. */
    void framePc(int pc) {
        cb.aload(FRAME_SLOT).loadConstant(pc).putfield(FRAME, "pc", CD_int);
    }

    void invokeValue(String name, MethodTypeDesc type) {
        cb.invokevirtual(VALUE, name, type);
    }

    /** {@code fastCall}'s type for {@code args} arguments: the closure, then the arguments. */
    static MethodTypeDesc fastCalls(int args) {
        ClassDesc[] params = new ClassDesc[args + 1];
        java.util.Arrays.fill(params, VALUE);
        params[0] = CLOSURE;
        return MethodTypeDesc.of(VALUE, params);
    }

    static MethodTypeDesc calls(int args) {
        ClassDesc[] params = new ClassDesc[args];
        java.util.Arrays.fill(params, VALUE);
        return MethodTypeDesc.of(VALUE, params);
    }

    // ---- instructions
}
