package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_double;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * The emitters of table access: {@code t.name} and {@code t[k]} reads and writes (through the inline caches of
 * {@link FieldSite}) and {@code obj:name()} look-ups ({@link MethodSite}).
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class TableEmitter extends BackEdgeEmitter {
    TableEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
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
        cb.invokevirtual(FIELD_SITE, inUpvalue ? "getInUpvalue" : "get", VALUE_OF_VALUE).dup().ifnonnull(done).pop();
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
        cb.invokevirtual(FIELD_SITE, inUpvalue ? "setInUpvalue" : "set", MethodTypeDesc.of(CD_boolean, VALUE, VALUE))
                .ifne(done);
        table(inUpvalue, t);
        rk(rk);
        rk(value);
        invokeValue("set", MethodTypeDesc.of(CD_void, VALUE, VALUE));
        cb.labelBinding(done);
    }

    /**
     * {@code GETTABLE}: {@code R(a) = R(b)[RK(c)]}, and {@code GETTABUP} ({@code inUpvalue}: the table is upvalue
     * {@code b}, as for a chunk's table a function indexes). A constant string key goes through a {@link FieldSite};
     * the loop's own counter and an integer constant through LuaJ's integer-key path, without a box; a key in a
     * register is probed first as a string key ({@link FieldSite#index}), then read by {@code CompiledSupport.index}
     * (an integer the integer-key way); anything else is LuaJ's read, at a call site of this function's own.
     */
    void tableRead(int a, boolean inUpvalue, int b, int c) {
        Label number = numberRead(a, inUpvalue, b, c);
        into(a);
        if (isStringConstant(c)) {
            fieldRead(c, inUpvalue, b);
            return;
        }
        Label unboxed = unboxedKey(c, () -> {
            table(inUpvalue, b);
            cb.dload(dslot(c)).invokestatic(SUPPORT, "index", MethodTypeDesc.of(VALUE, VALUE, CD_double));
        });
        table(inUpvalue, b);
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
            table(inUpvalue, b);
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
        bind(unboxed);
        store();
        bind(number);
    }

    /**
     * Into a register that holds numbers unboxed, {@code t[k]} read as a number first where the table's array part
     * holds numbers ({@code Table.numberAt}): no box made. Then a jump to the returned label, bound by the caller
     * after the generic read, which it emits next and which any other table or slot takes; null, and nothing
     * emitted, for another register or a key that cannot be an array index.
     */
    private Label numberRead(int a, boolean inUpvalue, int b, int c) {
        if (!mayHoldUnboxed(a) || !registers.numberRead(currentPc)) {
            return null;
        }
        Label generic = cb.newLabel();
        Label done = cb.newLabel();
        numberAccess(inUpvalue, b, c, "numberAt", CD_double, -1);
        cb.dup2().invokestatic(SUPPORT, "isNumber", MethodTypeDesc.of(CD_boolean, CD_double)).ifeq(generic);
        storeNumber(a);
        cb.goto_(done);
        cb.labelBinding(generic);
        cb.pop2();
        return done;
    }

    /**
     * From a register holding its number unboxed, {@code t[k] = v} stored as a number where the table's array part
     * holds numbers ({@code Table.setNumber}); then a jump to the returned label, as {@link #numberRead}.
     */
    private Label numberWrite(boolean inUpvalue, int a, int b, int c) {
        if (c > 0xff || !mayHoldUnboxed(c) || Lua.ISK(b) && intConstant(b) == null) {
            return null;
        }
        Label generic = cb.newLabel();
        Label done = cb.newLabel();
        cb.aload(regBase + c).ifnonnull(generic);
        numberAccess(inUpvalue, a, b, "setNumber", CD_boolean, c);
        cb.ifne(done);
        cb.labelBinding(generic);
        return done;
    }

    /**
     * Calls {@code CompiledSupport.<method>(table, key[, value's double])} with the key in its cheapest form: an int
     * constant or a counting loop's counter as an int, a numeric register's unboxed number as a double, else its
     * value; then numeric register {@code value}'s double, unless {@code value} is -1.
     */
    private void numberAccess(boolean inUpvalue, int t, int key, String method, ClassDesc result, int value) {
        Runnable arg = () -> {
            if (value >= 0) {
                cb.dload(dslot(value));
            }
        };
        java.util.function.Function<ClassDesc, MethodTypeDesc> type = k -> value < 0
                ? MethodTypeDesc.of(result, VALUE, k) : MethodTypeDesc.of(result, VALUE, k, CD_double);
        Integer constant = Lua.ISK(key) ? intConstant(key) : null;
        if (constant != null) {
            table(inUpvalue, t);
            cb.loadConstant(constant.intValue());
            arg.run();
            cb.invokestatic(SUPPORT, method, type.apply(CD_int));
            return;
        }
        Label done = cb.newLabel();
        CountedLoops.Loop l = loopVariable(key);
        if (l != null || mayHoldUnboxed(key)) {
            Label boxed = cb.newLabel();
            if (l != null) {
                cb.iload(mode(l)).ifeq(boxed);
            } else {
                cb.aload(regBase + key).ifnonnull(boxed);
            }
            table(inUpvalue, t);
            if (l != null) {
                cb.iload(index(l));
            } else {
                cb.dload(dslot(key));
            }
            arg.run();
            cb.invokestatic(SUPPORT, method, type.apply(l != null ? CD_int : CD_double));
            cb.goto_(done);
            cb.labelBinding(boxed);
        }
        table(inUpvalue, t);
        value(key);
        arg.run();
        cb.invokestatic(SUPPORT, method, type.apply(VALUE));
        cb.labelBinding(done);
    }

    /**
     * {@code SETTABLE}: {@code R(a)[RK(b)] = RK(c)}, and {@code SETTABUP} ({@code inUpvalue}: the table is upvalue
     * {@code a}), the ways {@link #tableRead} reads ({@link FieldSite#store}).
     */
    void tableWrite(boolean inUpvalue, int a, int b, int c) {
        if (isStringConstant(b)) {
            fieldWrite(b, c, inUpvalue, a);
            return;
        }
        Label number = numberWrite(inUpvalue, a, b, c);
        Label unboxed = unboxedKey(b, () -> {
            table(inUpvalue, a);
            cb.dload(dslot(b));
            rk(c);
            cb.invokestatic(SUPPORT, "setIndex", MethodTypeDesc.of(CD_void, VALUE, CD_double, VALUE));
        });
        table(inUpvalue, a);
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
            table(inUpvalue, a);
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
        bind(unboxed);
        bind(number);
    }

    /**
     * For a key in a numeric register ({@code t[j + 1]}) while it holds its number unboxed: {@code access}, which
     * indexes with the double, then a jump to the returned label, bound by the caller after the boxed forms it emits
     * next. Null, and nothing emitted, for any other key. Boxing the key cost an allocation per access (the JIT kept
     * the box where it did not inline the whole look-up, in large functions).
     */
    private Label unboxedKey(int key, Runnable access) {
        if (Lua.ISK(key) || !mayHoldUnboxed(key)) {
            return null;
        }
        Label boxed = cb.newLabel();
        Label done = cb.newLabel();
        cb.aload(regBase + key).ifnonnull(boxed);
        access.run();
        cb.goto_(done);
        cb.labelBinding(boxed);
        return done;
    }

    /** The number of {@link IteratorSite}s so far, fields {@code I<i>}. */
    int iteratorSites;

    /**
     * A generic for's step ({@code TFORCALL}: registers {@code a} to {@code a + 2}, {@code c} results from
     * {@code a + 3}) taken by its {@link IteratorSite} when the iterator is {@code next} or {@code ipairs}' on a
     * table, then on to {@code called}; falls through, nothing done, otherwise.
     */
    void iteratorStep(int a, int c, Label called) {
        String site = "I" + iteratorSites++;
        Label other = cb.newLabel();
        cb.aload(SELF).getfield(self, site, ITERATOR_SITE);
        reg(a);
        reg(a + 1);
        reg(a + 2);
        cb.invokevirtual(ITERATOR_SITE, "step", MethodTypeDesc.of(CD_boolean, VALUE, VALUE, VALUE)).ifeq(other);
        for (int n = 0; n < c; n++) {
            into(a + 3 + n);
            if (n < 2) {
                cb.aload(SELF).getfield(self, site, ITERATOR_SITE).getfield(ITERATOR_SITE, n == 0 ? "key" : "value", VALUE);
            } else {
                cb.getstatic(VALUE, "NIL", VALUE);
            }
            store();
        }
        cb.goto_(called);
        cb.labelBinding(other);
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
}
