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
 * The emitters of calls, returns, tail calls, closures, table constructors, {@code obj:name()} and {@code t.name} look-ups
 * (with the direct call paths between compiled functions: {@code fastCall}, {@link dev.ljuv.stdlib.lua.FourArgumentCall}).
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class CallEmitter extends CodeEmitter {
    CallEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals) {
        super(p, self, countLoops, inLocals);
    }


    /** A test: the next instruction (a jump) is skipped unless the boolean on the stack equals {@code want}. */
    void skipUnless(int pc, boolean want) {
        if (want) {
            cb.ifeq(to(pc, pc + 2));
        } else {
            cb.ifne(to(pc, pc + 2));
        }
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
        cb.aload(STACK).loadConstant(from);
        cb.iload(TOP).aload(V).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int)).isub()
                .loadConstant(from).isub();
        cb.aload(V);
        cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int, VARARGS));
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

    /**
     * Before a call: the named locals changed since their last copy go to the register array, where
     * {@code debug.getlocal} and the memory limit's measure look (see {@link RegisterFlow}).
     */
    void beforeCall() {
        if (registers != null) {
            spill(registers.toSpill(currentPc));
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
     * meanwhile (the frame says so), the named locals again from the array.
     */
    void afterCall() {
        int named = registers == null ? 0 : registers.namedAt(currentPc);
        boolean any = false;
        for (int r = 0; r < named; r++) {
            any |= local(r);
        }
        if (!any) {
            return;
        }
        Label unchanged = cb.newLabel();
        cb.aload(FRAME_SLOT).getfield(FRAME, "localsSet", CD_boolean).ifeq(unchanged);
        reload(named);
        cb.aload(FRAME_SLOT).iconst_0().putfield(FRAME, "localsSet", CD_boolean);
        cb.labelBinding(unchanged);
    }

    void returnTop() {
        if (hasOpenUpvalues) {
            cb.astore(THROWN);
            closeAll();
            cb.aload(THROWN);
        }
        cb.areturn();
    }

    void call(int pc, int a, int b, int c) {
        notePc(pc);
        framePc(pc);
        beforeCall();
        if (b >= 1 && b <= 5 && (c == 1 || c == 2)) {
            directCall(a, b - 1, c);
            return;
        }
        if (lastArgumentOpenCall(pc, a, b, c)) {
            return;
        }
        calleeInArray(a);
        if (c == 0 && (b == 1 || b == 2)) {
            reg(a);
            if (b == 1) {
                cb.getstatic(VALUE, "NONE", VALUE);
            } else {
                reg(a + 1);
            }
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.astore(V);
            afterCall();
            setTopFromV(a);
            return;
        }
        reg(a);
        arguments(a, b);
        invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
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
        } else if (c > 0) {
            cb.aload(V).aload(STACK).loadConstant(a).loadConstant(c - 1)
                    .invokestatic(SUPPORT, "copyTo", MethodTypeDesc.of(CD_void, VARARGS, VALUES, CD_int, CD_int));
            cb.getstatic(VALUE, "NONE", VALUE).astore(V);
        } else {
            setTopFromV(a);
            cb.aload(V).invokestatic(SUPPORT, "dealias", MethodTypeDesc.of(VARARGS, VARARGS)).astore(V);
        }
    }

    /**
     * {@code f(x, g(y))}, one result or none wanted, at most three arguments: they end with the open results of the
     * call just before ({@code g}). {@code CompiledSupport.callOpenLast} calls {@code f} with a fixed number of
     * arguments when {@code g} gave exactly one value, as library functions and most Lua functions do (no argument
     * list built, no variadic dispatch: {@code band(x, rol(-2, j))}), the generic way otherwise. One static call, so
     * that a large function stays within the size that keeps its registers in JVM locals. False: not such a call.
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
        calleeInArray(a);
        for (int r = a; r <= a + fixed; r++) {
            reg(r);
        }
        cb.aload(V).invokestatic(SUPPORT, "callOpenLast", calls(fixed + 1).insertParameterTypes(fixed + 1, VARARGS))
                .astore(TMP);
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
     * {@code f(...)} with up to four arguments and one result or none: straight to the callee when it takes
     * that many arguments directly (a compiled function's {@code fastCall}, or a {@code FourArgumentCall} for
     * four), without LuaJ's argument list and dispatch; anything else the generic way. The test is in this
     * function's own code, so each call site keeps its own type profile.
     */
    void directCall(int a, int args, int c) {
        Label done = cb.newLabel();
        if (args == 4) {
            Label notFour = cb.newLabel();
            reg(a);
            cb.instanceOf(FOUR_ARGUMENTS).ifeq(notFour);
            calleeInArray(a);
            reg(a);
            cb.checkcast(FOUR_ARGUMENTS);
            for (int r = a + 1; r <= a + args; r++) {
                reg(r);
            }
            cb.invokeinterface(FOUR_ARGUMENTS, "call", calls(args)).goto_(done);
            cb.labelBinding(notFour);
        }
        // a closure whose prototype holds compiled code, while no debug hook wants the interpreter
        Label notCompiledPop = cb.newLabel();
        reg(a);
        cb.astore(CALLEE);
        cb.aload(CALLEE).invokevirtual(VALUE, CODE_ACCESSOR, MethodTypeDesc.of(CODE)).dup().ifnull(notCompiledPop);
        cb.aload(CALLEE).checkcast(CLOSURE);
        for (int r = a + 1; r <= a + args; r++) {
            reg(r);
        }
        cb.invokevirtual(CODE, "fastCall", fastCalls(args)).goto_(done);
        cb.labelBinding(notCompiledPop);
        cb.pop();
        calleeInArray(a);
        if (args == 4) { // LuaValue has no four-argument call
            cb.aload(CALLEE);
            arguments(a, args + 1);
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.invokevirtual(VARARGS, "arg1", VALUE_OF_NONE);
        } else {
            cb.aload(CALLEE);
            for (int r = a + 1; r <= a + args; r++) {
                reg(r);
            }
            invokeValue("call", calls(args));
        }
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
     * A callee that is not compiled Lua code, in its register of the array: a traceback names a Java function by
     * what its caller called (see {@code StackLevels}).
     */
    void calleeInArray(int a) {
        if (local(a)) {
            cb.aload(STACK).loadConstant(a);
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
            cb.aload(STACK).loadConstant(a + 1).loadConstant(b - 1)
                    .invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int));
        } else {
            fromTop(a + 1);
        }
    }

    void tailCall(int pc, int a, int b) {
        notePc(pc);
        framePc(pc);
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

    void setList(int pc, int i, int c) {
        notePc(pc);
        int a = Lua.GETARG_A(i);
        int b = Lua.GETARG_B(i);
        int offset = (c - 1) * Lua.LFIELDS_PER_FLUSH;
        if (b == 0 && registers != null) {
            reg(a);
            cb.loadConstant(offset);
            fromTop(a + 1);
            cb.invokestatic(SUPPORT, "setList", MethodTypeDesc.of(CD_void, VALUE, CD_int, VARARGS));
            return;
        }
        if (b == 0) {
            reg(a);
            cb.aload(STACK).loadConstant(a).loadConstant(offset).iload(TOP).aload(V)
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

    /**
     * {@code SELF} with a constant method name ({@code obj:name(...)}): looked up through the site's
     * {@link MethodSite}, an inline cache for ljuv objects. The receiver in register TMP; the method goes into
     * register {@code a}.
     */
    void methodLookup(int a, int k) {
        String site = "S" + methodSites.size();
        methodSites.add(k);
        into(a);
        cb.aload(SELF).getfield(self, site, METHOD_SITE).aload(TMP)
                .invokevirtual(METHOD_SITE, "find", VALUE_OF_VALUE);
        store();
    }

    /** Whether operand {@code rk} is a string constant: a field name, read through a {@link FieldSite}. */
    boolean isStringConstant(int rk) {
        return Lua.ISK(rk) && p.k[Lua.INDEXK(rk)] instanceof org.luaj.vm2.LuaString;
    }

    /**
     * {@code t.name} into the register {@link #into} named, read through a new {@link FieldSite} of the constant
     * {@code rk}: the table is upvalue {@code t} ({@code GETTABUP}) or register {@code t}.
     */
    void fieldRead(int rk, boolean inUpvalue, int t) {
        Label done = cb.newLabel();
        fieldSite(rk);
        table(inUpvalue, t);
        cb.invokevirtual(FIELD_SITE, "get", VALUE_OF_VALUE).dup().ifnonnull(done).pop();
        table(inUpvalue, t); // the site no longer caches: the ordinary read, its own call site
        rk(rk);
        invokeValue("get", VALUE_OF_VALUE);
        cb.labelBinding(done);
        store();
    }

    /** {@code t.name = RK(value)} through a new {@link FieldSite}, the table as for {@link #fieldRead}. */
    void fieldWrite(int rk, int value, boolean inUpvalue, int t) {
        Label done = cb.newLabel();
        fieldSite(rk);
        table(inUpvalue, t);
        rk(value);
        cb.invokevirtual(FIELD_SITE, "set", MethodTypeDesc.of(CD_boolean, VALUE, VALUE)).ifne(done);
        table(inUpvalue, t);
        rk(rk);
        rk(value);
        invokeValue("set", MethodTypeDesc.of(CD_void, VALUE, VALUE));
        cb.labelBinding(done);
    }

    /**
     * {@code GETTABLE}: {@code R(a) = R(b)[RK(c)]}. A constant string key goes through a {@link FieldSite}; the
     * loop's own counter and an integer constant through LuaJ's integer-key path, without a box; a key in a register
     * is probed first as a string key ({@link FieldSite#index}), then read by {@code CompiledSupport.index} (an
     * integer the integer-key way); anything else is LuaJ's read, at a call site of this function's own.
     */
    void tableRead(int a, int b, int c) {
        into(a);
        if (isStringConstant(c)) {
            fieldRead(c, false, b);
            return;
        }
        reg(b);
        CountedLoops.Loop l = loopVariable(c);
        Label done = l == null ? null : whileCounting(l, () -> cb.iload(index(l))
                .invokevirtual(VALUE, "get", MethodTypeDesc.of(VALUE, CD_int)));
        if (!Lua.ISK(c) && l == null) { // the key's type tested here (a number unboxed): an index costs a test, not a call
            Label generic = cb.newLabel();
            Label absent = cb.newLabel();
            done = cb.newLabel();
            typeOf(c);
            cb.instanceOf(STRING).ifeq(generic);
            rk(c);
            cb.invokestatic(FIELD_SITE, "index", MethodTypeDesc.of(VALUE, VALUE, VALUE)).dup().ifnull(absent).goto_(done);
            cb.labelBinding(absent);
            cb.pop();
            reg(b);
            cb.labelBinding(generic);
        }
        Integer key = intConstant(c);
        if (key != null) { // t[1]: LuaJ's integer-key read, as for a loop's counter
            cb.loadConstant(key.intValue());
            invokeValue("get", MethodTypeDesc.of(VALUE, CD_int));
        } else {
            rk(c);
            if (Lua.ISK(c)) {
                invokeValue("get", VALUE_OF_VALUE);
            } else {
                cb.invokestatic(SUPPORT, "index", MethodTypeDesc.of(VALUE, VALUE, VALUE));
            }
        }
        bind(done);
        store();
    }

    /** {@code SETTABLE}: {@code R(a)[RK(b)] = RK(c)}, the ways {@link #tableRead} reads ({@link FieldSite#store}). */
    void tableWrite(int a, int b, int c) {
        if (isStringConstant(b)) {
            fieldWrite(b, c, false, a);
            return;
        }
        reg(a);
        CountedLoops.Loop l = loopVariable(b);
        Label done = l == null ? null : whileCounting(l, () -> {
            cb.iload(index(l));
            rk(c);
            invokeValue("set", MethodTypeDesc.of(CD_void, CD_int, VALUE));
        });
        if (!Lua.ISK(b) && l == null) { // (a loop's counter is a number)
            Label generic = cb.newLabel();
            done = cb.newLabel();
            typeOf(b);
            cb.instanceOf(STRING).ifeq(generic);
            rk(b);
            rk(c);
            cb.invokestatic(FIELD_SITE, "store", MethodTypeDesc.of(CD_boolean, VALUE, VALUE, VALUE)).ifne(done);
            reg(a);
            cb.labelBinding(generic);
        }
        Integer key = intConstant(b);
        if (key != null) {
            cb.loadConstant(key.intValue());
            rk(c);
            invokeValue("set", MethodTypeDesc.of(CD_void, CD_int, VALUE));
        } else {
            rk(b);
            rk(c);
            if (Lua.ISK(b)) {
                invokeValue("set", MethodTypeDesc.of(CD_void, VALUE, VALUE));
            } else {
                cb.invokestatic(SUPPORT, "setIndex", MethodTypeDesc.of(CD_void, VALUE, VALUE, VALUE));
            }
        }
        bind(done);
    }

    private void fieldSite(int rk) {
        String site = "F" + fieldSites.size();
        fieldSites.add(Lua.INDEXK(rk));
        cb.aload(SELF).getfield(self, site, FIELD_SITE);
    }

    private void table(boolean inUpvalue, int t) {
        if (inUpvalue) {
            upvalue(t);
            cb.invokevirtual(UPVALUE, "getValue", VALUE_OF_NONE);
        } else {
            reg(t);
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

    /**
     * {@code fastCall} with {@code n} arguments (the closure in local 1, the arguments after it): a fresh
     * register array, the parameters in place, the extra arguments as varargs when the function takes them, then
     * the body between the call hooks and its first result, as {@code LuaClosure.call} does, but with the sizes
     * known here.
     */
    void fastCall(java.lang.classfile.CodeBuilder b, int n) {
        int closure = 1;
        int stack = n + 2;
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
            b.aload(stack).loadConstant(i).aload(i + 2).aastore();
        }
        int extra = n - params;
        int first = params + 2;
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
        b.aload(closure).aload(stack)
                .invokestatic(CALL_HOOKS, "enterCall", MethodTypeDesc.of(FRAME, CLOSURE, VALUES))
                .astore(frame);
        java.lang.classfile.Label start = b.newBoundLabel();
        b.aload(0).aload(closure).aload(stack).aload(varargs).aload(frame)
                .invokevirtual(self, EXECUTE, EXECUTE_TYPE);
        java.lang.classfile.Label end = b.newBoundLabel();
        b.aload(frame).invokestatic(CALL_HOOKS, "leaveCall", MethodTypeDesc.of(CD_void, FRAME))
                .invokevirtual(VARARGS, "arg1", VALUE_OF_NONE)
                .areturn();
        java.lang.classfile.Label handler = b.newBoundLabel();
        b.astore(thrown).aload(frame).invokestatic(CALL_HOOKS, "leaveCall", MethodTypeDesc.of(CD_void, FRAME))
                .aload(thrown).athrow();
        b.exceptionCatchAll(start, end, handler);
    }
}
