package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.ValueSemantics;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * A generic {@code for}'s iterator call ({@code TFORCALL}) when the iterator is the base library's {@code next}
 * ({@code pairs}) or {@code ipairs}' step and the state a table: the step is taken here, with the table's own
 * {@code next}, {@code inext} and {@code rawget} (what those functions call), without their argument and result
 * lists, and through the array part index by index. The results are left in {@link #key} and {@link #value}.
 *
 * <p>Threading: a field of one state's instance of a generated class, used by the thread running that state.
 */
public final class IteratorSite {
    /** LuaJ's {@code next} and {@code ipairs}' step function (package-private classes of its base library). */
    private static final Class<?> NEXT;
    private static final Class<?> INEXT;

    static {
        try {
            NEXT = Class.forName("org.luaj.vm2.lib.BaseLib$next");
            INEXT = Class.forName("org.luaj.vm2.lib.BaseLib$inext");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last step's first result: the key, nil when the traversal is over. */
    public LuaValue key;
    /** The last step's second result. */
    public LuaValue value;

    /**
     * {@code f(s, ctl)} when {@code f} is {@code next} or {@code ipairs}' step on a table (results in {@link #key}
     * and {@link #value}); false, nothing done, for anything else: the compiled code then calls {@code f} itself.
     */
    public boolean step(LuaValue f, LuaValue s, LuaValue ctl) {
        if (!(s instanceof LuaTable t)) {
            return false;
        }
        Class<?> type = f.getClass();
        if (t.getClass() != LuaTable.class) { // (a subclass may read otherwise: its own next and inext)
            return type == NEXT ? results(t.next(ctl)) : type == INEXT && results(t.inext(ctl));
        }
        if (type == INEXT && ctl instanceof LuaInteger i) {
            int k = i.v + 1;
            LuaValue v = t.rawget(k); // as LuaTable.inext
            if (v.isnil()) {
                key = LuaValue.NIL;
                value = LuaValue.NIL;
            } else {
                key = LuaInteger.valueOf(k);
                value = v;
            }
            return true;
        }
        if (type != NEXT) {
            return false;
        }
        // the array part read as LuaTable.next reads it (rawget is that read); past it, or from a key in the hash
        // part, its own next, which goes on from the array part's end when given its size
        int n = ValueSemantics.arrayLength(t);
        int i;
        if (ctl.isnil()) {
            i = 0;
        } else if (ctl instanceof LuaInteger k && k.v > 0 && k.v <= n) {
            i = k.v;
        } else {
            return results(t.next(ctl));
        }
        for (; i < n; i++) {
            LuaValue v = t.rawget(i + 1);
            if (!v.isnil()) {
                key = LuaInteger.valueOf(i + 1);
                value = v;
                return true;
            }
        }
        return results(t.next(n == 0 ? LuaValue.NIL : LuaInteger.valueOf(n)));
    }

    private boolean results(Varargs r) {
        key = r.arg1();
        value = r.arg(2);
        return true;
    }
}
