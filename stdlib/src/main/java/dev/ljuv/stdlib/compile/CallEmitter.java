package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
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
    CallEmitter(Prototype p, ClassDesc self, boolean countLoops) {
        super(p, self, countLoops);
    }


    /** A test: the next instruction (a jump) is skipped unless the boolean on the stack equals {@code want}. */
    void skipUnless(int pc, boolean want) {
        if (want) {
            cb.ifeq(at[pc + 2]);
        } else {
            cb.ifne(at[pc + 2]);
        }
    }

    /** Values from register {@code from} up to the last call's top: {@code varargsOf(stack, a, top - v.narg() - a, v)}. */
    void fromTop(int from) {
        cb.aload(STACK).loadConstant(from);
        cb.iload(TOP).aload(V).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int)).isub()
                .loadConstant(from).isub();
        cb.aload(V);
        cb.invokestatic(VALUE, "varargsOf", MethodTypeDesc.of(VARARGS, VALUES, CD_int, CD_int, VARARGS));
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
        if (b >= 1 && b <= 5 && (c == 1 || c == 2)) {
            directCall(a, b - 1, c);
            return;
        }
        if (c == 0 && (b == 1 || b == 2)) {
            reg(a);
            if (b == 1) {
                cb.getstatic(VALUE, "NONE", VALUE);
            } else {
                reg(a + 1);
            }
            invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
            cb.astore(V);
            setTopFromV(a);
            return;
        }
        reg(a);
        arguments(a, b);
        invokeValue("invoke", MethodTypeDesc.of(VARARGS, VARARGS));
        cb.astore(V);
        if (c == 1) {
            cb.getstatic(VALUE, "NONE", VALUE).astore(V); // no results wanted: nothing to copy
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
     * {@code f(...)} with up to four arguments and one result or none: straight to the callee when it takes
     * that many arguments directly (a compiled function's {@code fastCall}, or a {@code FourArgumentCall} for
     * four), without LuaJ's argument list and dispatch; anything else the generic way. The test is in this
     * function's own code, so each call site keeps its own type profile.
     */
    void directCall(int a, int args, int c) {
        Label done = cb.newLabel();
        if (c == 2) {
            into(a);
        }
        if (args == 4) {
            Label notFour = cb.newLabel();
            reg(a);
            cb.instanceOf(FOUR_ARGUMENTS).ifeq(notFour);
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
        if (c == 2) {
            store();
        } else {
            cb.pop();
        }
    }

    void setTopFromV(int a) {
        cb.aload(V).invokevirtual(VARARGS, "narg", MethodTypeDesc.of(CD_int)).loadConstant(a).iadd().istore(TOP);
    }

    /** The {@code b - 1} arguments from register {@code a + 1} (b = 0: up to the last call's top). */
    void arguments(int a, int b) {
        if (b > 0) {
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
}
