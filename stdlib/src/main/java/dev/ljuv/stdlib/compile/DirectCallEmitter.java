package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_int;

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
 * a site meets); the argument lists they take; and the handlers through which their argument errors leave.
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
                reg(from);
                reg(from + 1);
                reg(from + 2);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VALUE, VARARGS));
            }
            default -> {
                values(from, n);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES));
            }
        }
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
}
