package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * The emitters of calls, returns, tail calls, closures and table constructors, with the direct call paths between
 * compiled functions ({@code fastCall}) and to {@link dev.ljuv.stdlib.lua.FourArgumentCall}s (those into library
 * functions' and methods' bodies: {@link DirectCallEmitter}).
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class CallEmitter extends DirectCallEmitter {
    CallEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }


    /** Values from register {@code from} up to the last call's top: {@code varargsOf(stack, a, top - v.narg() - a, v)}. */
    void fromTop(int from) {
        if (registers != null) {
            // the fixed registers end where the instruction before this one started its results
            int fixed = registers.topBase(currentPc) - from;
            if (fixed <= 0) {
                cb.aload(V);
                return;
            }
            values(from, fixed);
            cb.aload(V);
            cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, VARARGS));
            return;
        }
        stack().loadConstant(from);
        cb.iload(TOP).aload(V).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int)).isub()
                .loadConstant(from).isub();
        cb.aload(V);
        cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int, VARARGS));
    }

    /**
     * Before a call: the named locals changed since their last copy go to the register array, where
     * {@code debug.getlocal} and the memory limit's measure look (see {@link RegisterFlow}).
     */
    void beforeCall() {
        if (registers != null) {
            java.util.BitSet changed = registers.toSpill(currentPc);
            if (changed.isEmpty()) {
                ensureStack(); // the callee may look at this call's locals (debug.getlocal); a spill makes it too
            }
            spill(changed);
        }
    }

    /** At the entry of a loop that calls: the same copies, so that its calls copy only what the loop changes. */
    void loopEntry(int pc) {
        if (registers != null && registers.copiesAt(pc)) {
            spill(registers.toSpill(pc));
        }
    }

    /**
     * After a call, before its results are stored: when {@code debug.setlocal} changed one of this call's locals
     * meanwhile (the frame says so), the named locals read later again from the array (the others keep the new
     * value there: see {@link RegisterLiveness}).
     */
    void afterCall() {
        if (registers == null) {
            return;
        }
        java.util.BitSet reload = liveness().after(currentPc);
        reload.clear(registers.namedAt(currentPc), Math.max(reload.length(), registers.namedAt(currentPc)));
        reload.and(localRegisters());
        if (reload.isEmpty()) {
            return;
        }
        Label unchanged = cb.newLabel();
        cb.aload(FRAME_SLOT).getfield(FRAME, "localsSet", CD_boolean).ifeq(unchanged);
        reload(reload);
        cb.aload(FRAME_SLOT).iconst_0().putfield(FRAME, "localsSet", CD_boolean);
        cb.labelBinding(unchanged);
    }

    void returnTop() {
        if (hasOpenUpvalues) {
            cb.astore(THROWN);
            closeAll();
            cb.aload(THROWN);
        }
        if (piece != null) { // a piece gives the results to its caller in their array, and -1 for "returned"
            cb.astore(THROWN);
            cb.aload(RESULT).iconst_0().aload(THROWN).aastore();
            cb.iconst_m1().ireturn();
            return;
        }
        cb.areturn();
    }

    /**
     * Arguments up to which a function compiled without the direct paths (its size-saving forms) still calls a
     * compiled callee directly: five and six would cost twice the generic call's code (the test and its fallback).
     */
    private static final int COMPACT_FAST_ARGUMENTS = 4;

    void call(int pc, int a, int b, int c) {
        notePc(pc);
        framePc(pc);
        beforeCall();
        framelessCall(pc, a, b - 1);
        if (b >= 1 && b <= (directPaths ? CompiledFunction.FAST_ARGUMENTS : COMPACT_FAST_ARGUMENTS) + 1
                && (c == 1 || c == 2)) {
            directCall(a, b - 1, c);
            return;
        }
        if (lastArgumentOpenCall(pc, a, b, c)) {
            return;
        }
        Label results = cb.newLabel();
        invokeCompiled(a, b - 1, results);
        calleeInArray(a);
        if (c == 0 && b == 1) {
            reg(a);
            cb.getstatic(VALUE, "NONE", VALUE);
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.labelBinding(results);
            cb.astore(V);
            afterCall();
            setTopFromV(a);
            return;
        }
        if (c == 0 && (b == 2 || b == 3) && directPaths) { // all results of a call of one or two arguments: f(x, g(y))'s g(y)
            reg(a);
            cb.astore(CALLEE);
            libraryCall(a, b - 1, false, results); // its one value is all a library function's results
            cb.aload(CALLEE);
            if (b == 2) {
                reg(a + 1);
            } else {
                arguments(a, b);
            }
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.labelBinding(results);
            cb.astore(V);
            afterCall();
            setTopFromV(a);
            return;
        }
        reg(a);
        arguments(a, b);
        invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
        cb.labelBinding(results);
        cb.astore(V);
        afterCall();
        if (c == 1) {
            cb.getstatic(VALUE, "NONE", VALUE).astore(V); // no results wanted: nothing to copy
        } else if (c > 0 && registers != null) {
            for (int j = 0; j < c - 1; j++) {
                into(a + j);
                cb.aload(V).loadConstant(j + 1).invokevirtual(VARARGS, "arg", MethodTypeDesc.of(VALUE, CD_int));
                store();
            }
            cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        } else if (c > 0 && c - 1 <= 4) {
            // each value at the site (as many bytes as the shared copy's call): the site's own type profile, where
            // the shared Varargs.copyto was one virtual call for every site of the JVM (local ok, v = resume(co))
            for (int j = 0; j < c - 1; j++) {
                stack().loadConstant(a + j).aload(V).loadConstant(j + 1)
                        .invokevirtual(VARARGS, "arg", MethodTypeDesc.of(VALUE, CD_int)).aastore();
            }
            cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        } else if (c > 0) {
            ensureStack();
            cb.aload(V).aload(STACK).loadConstant(a).loadConstant(c - 1)
                    .invokestatic(SUPPORT, "copyTo", MethodTypeDesc.of(CD_void, VARARGS, VALUES, CD_int, CD_int));
            cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        } else {
            setTopFromV(a);
            cb.aload(V).invokestatic(SUPPORT, "dealias", MethodTypeDesc.of(VARARGS, VARARGS)).astore(V);
        }
    }

    /**
     * {@code R(a) = R(a)(R(a + 1), ...)} ({@code args} 1 to 4) the generic way only ({@code LuaValue.call}):
     * the rare way of a site whose usual callee is served before it ({@link NumberCalls}), in as little code as a
     * call takes.
     */
    void plainCall(int pc, int a, int args) {
        notePc(pc);
        framePc(pc);
        beforeCall();
        calleeInArray(a);
        reg(a);
        if (args <= 3) {
            for (int r = a + 1; r <= a + args; r++) {
                reg(r);
            }
            invokeValue("call", calls(args));
        } else { // (LuaValue has no call of four)
            arguments(a, args + 1);
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.invokevirtual(VARARGS, "arg1", MethodTypeDesc.of(VALUE));
        }
        cb.astore(TMP);
        afterCall();
        into(a);
        cb.aload(TMP);
        store();
    }

    /**
     * {@code f(x, g(y))}, one result or none wanted, at most three arguments: they end with the open results of the
     * call just before ({@code g}). When {@code g} gave exactly one value, as library functions and most Lua
     * functions do, {@code f} is called as {@link #directCall} calls it (this site's own paths to compiled code and
     * library bodies, no argument list: {@code band(x, rol(-2, j))}); the generic way otherwise. Without direct
     * paths, one static call does that, its dispatch shared by all sites ({@code CompiledSupport.callOpenLast}).
     * False: not such a call.
     */
    private boolean lastArgumentOpenCall(int pc, int a, int b, int c) {
        if (b != 0 || c < 1 || c > 2 || pc == 0) {
            return false;
        }
        int before = p.code[pc - 1];
        if (Lua.GET_OPCODE(before) != Lua.OP_CALL || Lua.GETARG_C(before) != 0) {
            return false;
        }
        int fixed = Lua.GETARG_A(before) - a - 1;
        if (fixed < 0 || fixed > 2) {
            return false;
        }
        if (!directPaths) { // one static call, which keeps the function small
            calleeInArray(a);
            for (int r = a; r <= a + fixed; r++) {
                reg(r);
            }
            cb.aload(V).invokestatic(SUPPORT, "callOpenLast", calls(fixed + 1).insertParameterTypes(fixed + 1, VARARGS));
        } else {
            openLastDirect(a, fixed);
        }
        cb.astore(TMP);
        cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        afterCall();
        if (c == 2) {
            into(a);
            cb.aload(TMP);
            store();
        }
        return true;
    }

    /**
     * Jumps to {@code elsewhere} unless the open results in {@code V} are exactly one value (a LuaValue is its own
     * list of one; NONE is the empty list).
     */
    void unlessOneValue(Label elsewhere) {
        cb.aload(V).instanceOf(VALUE).ifeq(elsewhere);
        cb.aload(V).getstatic(VALUE, "NONE", VALUE).if_acmpeq(elsewhere);
    }

    /** {@link #lastArgumentOpenCall}'s call with its direct paths, its result on the stack. */
    private void openLastDirect(int a, int fixed) {
        Label done = cb.newLabel();
        Label many = cb.newLabel();
        unlessOneValue(many);
        fixedCall(a, fixed + 1, true, done);
        cb.goto_(done);
        cb.labelBinding(many);
        calleeInArray(a);
        reg(a);
        if (fixed == 0) {
            cb.aload(V);
        } else {
            for (int r = a + 1; r <= a + fixed; r++) {
                reg(r);
            }
            cb.aload(V);
            cb.invokestatic(VALUE, "varargsOf", fixed == 1 ? MethodTypeDesc.of(VARARGS, VALUE, VARARGS)
                    : MethodTypeDesc.of(VARARGS, VALUE, VALUE, VARARGS));
        }
        invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
        cb.invokevirtual(VARARGS, "arg1", VALUE_OF_NONE);
        cb.labelBinding(done);
    }

    /** {@code f(...)} with up to six arguments and one result or none wanted: see {@link #fixedCall}. */
    void directCall(int a, int args, int c) {
        Label done = cb.newLabel();
        fixedCall(a, args, false, done);
        cb.labelBinding(done);
        cb.astore(TMP);
        afterCall();
        if (c == 2) {
            into(a);
            cb.aload(TMP);
            store();
        }
    }

    /**
     * The call of register {@code a} with {@code args} arguments (the last one the single value in {@code V} when
     * {@code lastInV}), its first result on the stack at {@code done} or at the end of this code: straight to the
     * callee when it takes that many arguments directly (a compiled function's {@code fastCall}, a library
     * function's fixed-arity body, or a {@code FourArgumentCall} for four), without LuaJ's argument list and
     * dispatch; anything else the generic way. The tests are in this function's own code, so each call site keeps
     * its own type profile.
     */
    private void fixedCall(int a, int args, boolean lastInV, Label done) {
        if (args == 4) {
            Label notFour = cb.newLabel();
            reg(a);
            cb.instanceOf(FOUR_ARGUMENTS).ifeq(notFour);
            calleeInArray(a);
            reg(a);
            cb.checkcast(FOUR_ARGUMENTS);
            fixedArguments(a, args, lastInV);
            cb.invokeinterface(FOUR_ARGUMENTS, "call", calls(args)).goto_(done);
            cb.labelBinding(notFour);
        }
        if (callsItself && args <= CompiledFunction.FAST_ARGUMENTS && fromUpvalue(a)) {
            // the running closure calling itself: its own class's fastCall, without asking the callee for its code
            Label notSelf = cb.newLabel();
            reg(a);
            cb.aload(CLOSURE_SLOT).if_acmpne(notSelf);
            cb.getstatic(CALL_HOOKS, "hookedStates", CD_int).ifne(notSelf);
            cb.aload(SELF).aload(FRAME_SLOT).aload(CLOSURE_SLOT);
            fixedArguments(a, args, lastInV);
            cb.invokevirtual(self, "fastCall", fastCalls(args)).goto_(done);
            cb.labelBinding(notSelf);
        }
        compiledCall(a, args, lastInV, false, done);
        calleeInArray(a);
        if (args >= 1 && args <= 5 && !lastInV && directPaths && afterSelf(a)) {
            methodCall(a, args, done);
        }
        if ((args == 1 || args == 2) && directPaths) {
            libraryCall(a, args, lastInV, done);
        }
        if (args >= 4) { // LuaValue has no call of four arguments or more
            cb.aload(CALLEE);
            arguments(a, args + 1);
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.invokevirtual(VARARGS, "arg1", VALUE_OF_NONE);
        } else {
            cb.aload(CALLEE);
            fixedArguments(a, args, lastInV);
            invokeValue("call", calls(args));
        }
    }

    /** Whether the callee in register {@code a} of the call at {@link #currentPc} was read from an upvalue. */
    private boolean fromUpvalue(int a) {
        int q = RegisterFlow.lastWriteBefore(p, currentPc, a);
        return q >= 0 && Lua.GET_OPCODE(p.code[q]) == Lua.OP_GETUPVAL;
    }

    /**
     * A callee that is not compiled Lua code, in its register of the array: a traceback names a Java function by
     * what its caller called (see {@code StackLevels}).
     */
    void calleeInArray(int a) {
        if (local(a)) {
            stack().loadConstant(a);
            value(a);
            cb.aastore();
        }
    }

    void setTopFromV(int a) {
        cb.aload(V).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int)).loadConstant(a).iadd().istore(TOP);
    }

    /** The {@code b - 1} arguments from register {@code a + 1} (b = 0: up to the last call's top). */
    void arguments(int a, int b) {
        if (b > 0 && registers != null) {
            valuesOf(a + 1, b - 1);
        } else if (b > 0) {
            stack().loadConstant(a + 1).loadConstant(b - 1)
                    .invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int));
        } else {
            fromTop(a + 1);
        }
    }

    void tailCall(int pc, int a, int b) {
        notePc(pc);
        framePc(pc);
        framelessCall(pc, a, -1);
        Label generic = selfTailCall(a, b);
        if (generic != null) {
            cb.labelBinding(generic);
        }
        reg(a);
        switch (b) {
            case 1 -> cb.getstatic(VALUE, "NONE", VALUE);
            case 2 -> reg(a + 1);
            case 3 -> {
                reg(a + 1);
                reg(a + 2);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VARARGS));
            }
            case 4 -> {
                reg(a + 1);
                reg(a + 2);
                reg(a + 3);
                cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUE, VALUE, VARARGS));
            }
            default -> arguments(a, b);
        }
        cb.invokestatic(CALL_HOOKS, "tailCall", MethodTypeDesc.of(TAILCALL, VALUE, VARARGS));
        returnTop();
    }

    /**
     * A tail call of the running closure itself with a fixed number of arguments ({@code return ack(m - 1, 1)}), in
     * a function without varargs compiled as one method: a jump back to its first instruction in the same frame (as
     * LuaJIT replaces the frame), the parameters set from the arguments and every other register nil, as a new call
     * starts; in locals, the parameters also in the register array, or the array made anew at the next call where
     * it is lazy ({@link #ensureStack}). LuaJ's way, a pending call handed back to the caller, cost a call's entry
     * and exit each time. Taken only while no state has a debug hook (a hook sees every call), after an interrupt's
     * test. Returns the label of the generic tail call, which the caller binds and emits; null where none applies.
     */
    private Label selfTailCall(int a, int b) {
        if (p.is_vararg != 0 || b == 0 || piece != null) {
            return null;
        }
        Label generic = cb.newLabel();
        reg(a);
        cb.aload(CLOSURE_SLOT).if_acmpne(generic);
        cb.getstatic(CALL_HOOKS, "hookedStates", CD_int).ifne(generic);
        backEdge();
        closeAll();
        for (int r = 0; r < p.maxstacksize; r++) { // the arguments lie above the parameters: read before cleared
            into(r);
            if (r < p.numparams && r < b - 1) {
                reg(a + 1 + r);
            } else {
                cb.getstatic(VALUE, "NIL", VALUE);
            }
            store();
        }
        if (registers != null && lazyStack) { // the array has the old call's values: made again, as for a new call
            cb.aconst_null().astore(STACK);
            cb.aload(FRAME_SLOT).aconst_null().putfield(FRAME, "stack", VALUES);
        }
        for (int r = 0; registers != null && !lazyStack && r < p.numparams; r++) {
            if (local(r)) { // the array has the parameters from the start (CompiledFunction.fastCall's)
                stack().loadConstant(r);
                value(r);
                cb.aastore();
            }
        }
        cb.iconst_0().istore(TOP);
        cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        cb.goto_(to(currentPc, 0));
        return generic;
    }

    void setList(int pc, int i, int c) {
        notePc(pc);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int offset = (c - 1) * Lua.LFIELDS_PER_FLUSH;
        if (b == 0 && registers != null) {
            reg(a);
            cb.loadConstant(offset).loadConstant(Math.max(0, registers.topBase(pc) - (a + 1))); // (the fixed items)
            fromTop(a + 1);
            cb.invokestatic(SUPPORT, "setList", MethodTypeDesc.of(CD_void, VALUE, CD_int, CD_int, VARARGS));
            return;
        }
        if (b == 0) {
            reg(a);
            stack().loadConstant(a).loadConstant(offset).iload(TOP).aload(V)
                    .invokestatic(SUPPORT, "setList",
                            MethodTypeDesc.of(CD_void, VALUE, VALUES, CD_int, CD_int, CD_int, VARARGS));
            return;
        }
        reg(a);
        cb.astore(TMP);
        cb.aload(TMP).loadConstant(offset + b);
        invokeValue("presize", MethodTypeDesc.of(CD_void, CD_int));
        for (int j = 1; j <= b; j++) {
            cb.aload(TMP).loadConstant(offset + j);
            reg(a + j);
            invokeValue("set", MethodTypeDesc.of(CD_void, CD_int, VALUE));
        }
    }

    void closure(int a, int index) {
        Prototype inner = p.p[index];
        cb.new_(CLOSURE).dup().aload(CLOSURE_SLOT).getfield(CLOSURE, "p", PROTOTYPE)
                .getfield(PROTOTYPE, "p", PROTOTYPE.arrayType()).loadConstant(index).aaload()
                .getstatic(VALUE, "NIL", VALUE)
                .invokespecial(CLOSURE, "<init>", INIT_TYPE)
                .astore(CL);
        for (int j = 0; j < inner.upvalues.length; j++) {
            cb.aload(CL).getfield(CLOSURE, "upValues", UPVALUES).loadConstant(j);
            if (inner.upvalues[j].instack) {
                cb.aload(OPEN).aload(STACK).loadConstant((int) inner.upvalues[j].idx)
                        .invokestatic(SUPPORT, "upvalue", MethodTypeDesc.of(UPVALUE, UPVALUES, VALUES, CD_int));
            } else {
                upvalue(inner.upvalues[j].idx);
            }
            cb.aastore();
        }
        into(a);
        cb.aload(CL);
        store();
    }
}
