package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * Calls that go from the call site straight into a Java body: a library function's fixed-arity body ({@link
 * dev.ljuv.stdlib.lua.Functions.Named}) and an ljuv type's method ({@link dev.ljuv.stdlib.lua.MethodTable}), each
 * tested for at the site so that the interface call into the body is the site's own (the JIT inlines the one body
 * a site meets); the argument lists they take; and the handlers through which their argument errors leave. And the
 * way between compiled functions: the callee's {@code fastCall} and {@code fastInvoke}, and the call of the latter.
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class DirectCallEmitter extends TableEmitter {
    DirectCallEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }

    /**
     * In a generator ({@link #generator}), before the call at {@code pc} of {@code R(a)} with {@code args} arguments
     * (a tail call when {@code args} is negative): while the body runs frameless ({@code frame.framelessYield}
     * set), a call of that yield function yields (its arguments in the results' array, the answer
     * {@code Generator.yieldedAt(pc)}), and any other call stops the body at this instruction, which a
     * continuation takes up. Falls through to the ordinary call otherwise.
     */
    void framelessCall(int pc, int a, int args) {
        if (!generator) {
            return;
        }
        Label elsewhere = cb.newLabel();
        cb.aload(FRAME_SLOT).getfield(FRAME, "framelessYield", VALUE).dup().ifnull(elsewhere);
        if (args >= 0) {
            reg(a);
            Label other = cb.newLabel();
            cb.if_acmpne(other);
            cb.aload(RESULT).iconst_0();
            valuesOf(a + 1, args);
            cb.aastore();
            cb.loadConstant(dev.ljuv.stdlib.vm.Generator.yieldedAt(pc)).ireturn();
            cb.labelBinding(other);
        } else {
            cb.pop();
        }
        cb.loadConstant(pc).ireturn(); // on a continuation from this call
        cb.labelBinding(elsewhere);
        cb.pop();
    }

    /** A new array of registers {@code from..from+n-1}. */
    void values(int from, int n) {
        cb.loadConstant(n).anewarray(VALUE);
        for (int j = 0; j < n; j++) {
            cb.dup().loadConstant(j);
            reg(from + j);
            cb.aastore();
        }
    }

    /** Registers {@code from..from+n-1} as arguments or results (n >= 0), not sharing the register array. */
    void valuesOf(int from, int n) {
        switch (n) {
            case 0 -> cb.getstatic(VALUE, "NONE", VALUE);
            case 1 -> reg(from);
            case 2 -> {
                reg(from);
                reg(from + 1);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VARARGS));
            }
            case 3 -> {
                cb.new_(THREE_RESULTS).dup();
                reg(from);
                reg(from + 1);
                reg(from + 2);
                cb.invokespecial(THREE_RESULTS, "<init>", MethodTypeDesc.of(ConstantDescs.CD_void, VALUE, VALUE, VALUE));
            }
            default -> {
                values(from, n);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES));
            }
        }
    }

    /**
     * The call of register {@code a} with the {@code args} registers after it, where all its results are wanted or
     * several: when the callee is compiled Lua code, its {@code fastInvoke} ({@link #compiledCall}), the results on
     * the stack at {@code results}; else on after this code, nothing on the stack. No code for an open argument list
     * ({@code args} < 0) or past INVOKE_ARGUMENTS arguments, without direct paths, nor in a generator, whose body may
     * run frameless (its calls there are {@link #framelessCall}'s; a generic for's there stays the generic one).
     */
    void invokeCompiled(int a, int args, Label results) {
        if (args >= 0 && args <= CompiledFunction.INVOKE_ARGUMENTS && directPaths && !generator) {
            compiledCall(a, args, false, true, results);
        }
    }

    /**
     * When register {@code a} holds a closure whose prototype has compiled code (and no debug hook wants the
     * interpreter): its {@code fastCall}, or with {@code all} its {@code fastInvoke}, of the {@code args} arguments
     * after it (the last one the single value in {@code V} when {@code lastInV}), the result on the stack at {@code
     * done}, without LuaJ's argument list and dispatch. Else on after this code, nothing on the stack, the callee in
     * {@code CALLEE}.
     */
    void compiledCall(int a, int args, boolean lastInV, boolean all, Label done) {
        Label notCompiledPop = cb.newLabel();
        reg(a);
        cb.dup().astore(CALLEE);
        cb.invokevirtual(VALUE, CODE_ACCESSOR, MethodTypeDesc.of(CODE)).dup().ifnull(notCompiledPop);
        cb.aload(FRAME_SLOT).aload(CALLEE).checkcast(CLOSURE);
        fixedArguments(a, args, lastInV);
        cb.invokevirtual(CODE, all ? "fastInvoke" : "fastCall", all ? fastInvokes(args) : fastCalls(args))
                .goto_(done);
        cb.labelBinding(notCompiledPop);
        cb.pop();
    }

    /** The {@code args} arguments of a fixed call from register {@code a + 1}, the last from {@code V} when asked. */
    void fixedArguments(int a, int args, boolean lastInV) {
        for (int r = a + 1; r <= a + args; r++) {
            if (lastInV && r == a + args) {
                cb.aload(V).checkcast(VALUE);
            } else {
                reg(r);
            }
        }
    }

    /**
     * A library function's body for {@code args} (1 or 2) arguments called from this site, when the callee in
     * {@code CALLEE} has one (see {@link dev.ljuv.stdlib.lua.Functions.Named}): the interface call is this site's,
     * so the JIT inlines the one body it meets here ({@code band}, {@code floor}) instead of dispatching through
     * the call all library functions share. Its argument errors leave through the function, as they would from
     * its {@code call}. Falls through, stack empty, when the callee has none.
     */
    void libraryCall(int a, int args, boolean lastInV, Label done) {
        ClassDesc body = args == 1 ? UNARY : BINARY;
        Label none = cb.newLabel();
        cb.aload(CALLEE).invokestatic(FUNCTIONS, args == 1 ? "one" : "two", MethodTypeDesc.of(body, VALUE))
                .dup().ifnull(none);
        fixedArguments(a, args, lastInV);
        Label start = cb.newBoundLabel();
        cb.invokeinterface(body, "call", calls(args));
        Label end = cb.newBoundLabel();
        cb.goto_(done);
        if (leaving == null) {
            leaving = cb.newLabel();
        }
        cb.exceptionCatch(start, end, leaving, ARGUMENT_ERROR);
        cb.labelBinding(none);
        cb.pop();
    }

    /**
     * Whether the callee in register {@code a} of the call at {@link #currentPc} was put there by {@code SELF}
     * ({@code obj:name(...)}): the last instruction before it that names register {@code a} is one.
     */
    boolean afterSelf(int a) {
        int q = RegisterFlow.lastWriteBefore(p, currentPc, a);
        return q >= 0 && Lua.GET_OPCODE(p.code[q]) == Lua.OP_SELF;
    }

    /**
     * A method of an ljuv type ({@link dev.ljuv.stdlib.lua.MethodTable}) called from this site with {@code args}
     * (1 to 5) arguments, self the first, when the callee in {@code CALLEE} is one: self checked as the method
     * checks it, then the method's body called here, so that this interface call is the site's own and the JIT
     * inlines the one body it meets ({@code async:send()} in a loop) instead of dispatching through the call all
     * methods share. Its argument errors leave as the method's own call passes them on. Falls through, stack
     * empty, when the callee is no such method.
     */
    void methodCall(int a, int args, Label done) {
        Label none = cb.newLabel();
        cb.aload(CALLEE).invokestatic(METHOD_TABLE, "body", MethodTypeDesc.of(METHOD_BODY, VALUE))
                .dup().ifnull(none);
        cb.aload(CALLEE);
        reg(a + 1);
        cb.loadConstant(args).invokestatic(METHOD_TABLE, "self", MethodTypeDesc.of(VALUE, VALUE, VALUE, CD_int));
        valuesOf(a + 2, args - 1);
        Label start = cb.newBoundLabel();
        cb.invokeinterface(METHOD_BODY, "call", MethodTypeDesc.of(VARARGS, ConstantDescs.CD_Object, VARARGS));
        Label end = cb.newBoundLabel();
        cb.invokevirtual(VARARGS, "arg1", VALUE_OF_NONE).goto_(done);
        if (methodLeaving == null) {
            methodLeaving = cb.newLabel();
        }
        cb.exceptionCatch(start, end, methodLeaving, ARGUMENT_ERROR);
        cb.labelBinding(none);
        cb.pop();
    }

    /** As {@link #leaving}, for the {@link #methodCall}s. */
    private Label methodLeaving;

    /**
     * The one handler of a method's {@link #libraryCall}s' argument errors (null: none yet), bound by
     * {@link #leavingHandler} inside the function's own handlers' range, so that the error goes on to them from there.
     */
    private Label leaving;

    /** {@link #leaving}'s code, when a call needs it: the error leaves through the library function called. */
    void leavingHandler() {
        if (leaving != null) {
            cb.labelBinding(leaving);
            cb.aload(CALLEE).checkcast(LIBRARY_FUNCTION).swap()
                    .invokevirtual(LIBRARY_FUNCTION, "leaving", MethodTypeDesc.of(ARGUMENT_ERROR, ARGUMENT_ERROR))
                    .athrow();
            leaving = null; // the next method's body (a loop entry's) has its own
        }
        if (methodLeaving != null) {
            cb.labelBinding(methodLeaving);
            cb.aload(CALLEE).swap()
                    .invokestatic(METHOD_TABLE, "leaving", MethodTypeDesc.of(ARGUMENT_ERROR, VALUE, ARGUMENT_ERROR))
                    .athrow();
            methodLeaving = null;
        }
    }

    /**
     * {@code fastCall} with {@code n} arguments (the caller's frame in local 1, the closure in 2, the arguments after
     * them): a fresh register array, the parameters in place, the extra arguments as varargs when the function takes
     * them, then the body between the call hooks and its first result, as {@code LuaClosure.call} does, but with the
     * sizes known here. With {@code all}, {@code fastInvoke}: the same call, all the results as the body returns them.
     */
    void fastCall(java.lang.classfile.CodeBuilder b, int n, boolean all) {
        int caller = 1;
        int closure = 2;
        int stack = n + 3;
        int max = p.maxstacksize;
        b.loadConstant(max).anewarray(VALUE).astore(stack);
        if (registers != null && !registers.anyCaptured()) {
            // registers in JVM locals: the array holds only what is copied there (null reads as nil), and the
            // parameters, which the body takes from it (nil for those not passed)
            for (int r = n; r < p.numparams; r++) {
                b.aload(stack).loadConstant(r).getstatic(VALUE, "NIL", VALUE).aastore();
            }
        } else if (max <= 16) {
            for (int r = 0; r < max; r++) {
                b.aload(stack).loadConstant(r).getstatic(VALUE, "NIL", VALUE).aastore();
            }
        } else {
            b.getstatic(VALUE, "NILS", VALUES).iconst_0().aload(stack).iconst_0().loadConstant(max)
                    .invokestatic(ClassDesc.of("java.lang.System"), "arraycopy", MethodTypeDesc.of(CD_void,
                            ConstantDescs.CD_Object, CD_int, ConstantDescs.CD_Object, CD_int, CD_int));
        }
        int params = Math.min(n, p.numparams);
        for (int i = 0; i < params; i++) {
            b.aload(stack).loadConstant(i).aload(i + 3).aastore();
        }
        int extra = n - params;
        int first = params + 3;
        if (p.is_vararg == 0 || extra == 0) {
            b.getstatic(VALUE, "NONE", VALUE);
        } else if (extra == 1) {
            b.aload(first);
        } else if (extra == 2) {
            b.aload(first).aload(first + 1)
                    .invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VARARGS));
        } else if (extra == 3) {
            b.aload(first).aload(first + 1).aload(first + 2)
                    .invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VALUE, VARARGS));
        } else {
            b.loadConstant(extra).anewarray(VALUE);
            for (int i = 0; i < extra; i++) {
                b.dup().loadConstant(i).aload(first + i).aastore();
            }
            b.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES));
        }
        // what the closure's (patched) execute does, straight to the body: enterCall, the body, leaveCall
        int frame = stack + 1;
        int varargs = stack + 2;
        int thrown = stack + 3;
        b.astore(varargs);
        b.aload(caller).aload(closure);
        if (lazyStack) {
            b.aconst_null(); // the body makes its array when it needs one; this one only passes the parameters
        } else {
            b.aload(stack);
        }
        b.invokestatic(CALL_HOOKS, "enterFrom", MethodTypeDesc.of(FRAME, FRAME, CLOSURE, VALUES))
                .astore(frame);
        java.lang.classfile.Label start = b.newBoundLabel();
        b.aload(0).aload(closure).aload(stack).aload(varargs).aload(frame)
                .invokevirtual(self, EXECUTE, EXECUTE_TYPE);
        java.lang.classfile.Label end = b.newBoundLabel();
        b.aload(frame).invokestatic(CALL_HOOKS, "leaveCall", MethodTypeDesc.of(CD_void, FRAME));
        // (a tail call the body returned is made here, as LuaClosure.invoke makes it: not by whoever reads the results)
        b.invokevirtual(VARARGS, all ? "eval" : "arg1", all ? MethodTypeDesc.of(VARARGS) : VALUE_OF_NONE);
        b.areturn();
        java.lang.classfile.Label handler = b.newBoundLabel();
        b.astore(thrown).aload(frame).invokestatic(CALL_HOOKS, "leaveCall", MethodTypeDesc.of(CD_void, FRAME))
                .aload(thrown).athrow();
        b.exceptionCatchAll(start, end, handler);
    }
}
