package dev.ljuv.stdlib.lib.table;

import dev.ljuv.stdlib.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code table.sort(t [, comp])} as LuaJIT sorts: the quicksort of Lua 5.1 (median of three, the pivot parked at
 * {@code u-1}, the smaller half sorted first), so that elements a comparator calls equal end up in the same order
 * as there, the comparator is called with the same pairs in the same order, an inconsistent comparator gets
 * {@code invalid order function for sorting}, and values that cannot be compared get LuaJIT's message naming
 * them in the order they were compared. Elements are read and written raw, the length is the raw border.
 * LuaJ's sort was another algorithm: equal elements came out in another order.
 *
 * <p>Threading: on the state's thread.
 */
final class TableSort {
    private final LuaTable t;
    private final LuaValue comp;

    private TableSort(LuaTable t, LuaValue comp) {
        this.t = t;
        this.comp = comp;
    }

    static Varargs sort(Varargs args) {
        LuaTable t = (LuaTable) Args.checkTable(args, 1, "sort");
        LuaValue comp = args.isnoneornil(2) ? null : Args.checkFunction(args, 2, "sort");
        new TableSort(t, comp).sort(1, t.rawlen());
        return LuaValue.NONE;
    }

    /** Whether {@code a} sorts before {@code b}. */
    private boolean less(LuaValue a, LuaValue b) {
        if (comp != null) {
            return comp.call(a, b).toboolean();
        }
        if (a.type() == LuaValue.TNUMBER && b.type() == LuaValue.TNUMBER) {
            return a.todouble() < b.todouble();
        }
        if (a instanceof LuaString && b instanceof LuaString) {
            return a.lt_b(b);
        }
        if (a.type() == b.type()) {
            LuaValue h = a.metatag(LuaValue.LT);
            if (!h.isnil() && h.raweq(b.metatag(LuaValue.LT))) {
                return h.call(a, b).toboolean();
            }
        }
        // raised by the sort itself, a library function: no position, as LuaJIT raises it
        throw new LuaError(a.typename().equals(b.typename()) ? "attempt to compare two " + a.typename() + " values"
                : "attempt to compare " + a.typename() + " with " + b.typename(), 0);
    }

    private void swap(int i, int j) {
        LuaValue a = t.rawget(i);
        t.rawset(i, t.rawget(j));
        t.rawset(j, a);
    }

    private static LuaError invalidOrder() {
        return new LuaError("invalid order function for sorting", 0);
    }

    /** Sorts {@code t[lo..up]}: recursion on the smaller part, a loop on the larger. */
    private void sort(int lo, int up) {
        while (lo < up) {
            if (less(t.rawget(up), t.rawget(lo))) {
                swap(lo, up);
            }
            if (up - lo == 1) {
                return;
            }
            int mid = (lo + up) >>> 1;
            if (less(t.rawget(mid), t.rawget(lo))) {
                swap(mid, lo);
            } else if (less(t.rawget(up), t.rawget(mid))) {
                swap(mid, up);
            }
            if (up - lo == 2) {
                return;
            }
            LuaValue pivot = t.rawget(mid);
            swap(mid, up - 1); // t[lo] <= pivot == t[up - 1] <= t[up]: partition lo + 1 .. up - 2
            int i = lo;
            int j = up - 1;
            while (true) {
                while (less(t.rawget(++i), pivot)) {
                    if (i > up) {
                        throw invalidOrder();
                    }
                }
                while (less(pivot, t.rawget(--j))) {
                    if (j < lo) {
                        throw invalidOrder();
                    }
                }
                if (j < i) {
                    break;
                }
                swap(i, j);
            }
            swap(up - 1, i); // the pivot to its place: t[lo .. i - 1] <= t[i] <= t[i + 1 .. up]
            if (i - lo < up - i) {
                sort(lo, i - 1);
                lo = i + 1;
            } else {
                sort(i + 1, up);
                up = i - 1;
            }
        }
    }
}
