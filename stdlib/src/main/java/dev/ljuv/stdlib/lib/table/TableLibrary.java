package dev.ljuv.stdlib.lib.table;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The table library (LuaJIT's {@code lib_table.c}): LuaJIT's {@code insert}, {@code remove} and {@code sort}
 * ({@link TableSort});
 * {@code concat} with LuaJIT's number text and error message; Lua 5.1's {@code getn}, {@code maxn},
 * {@code foreach}, {@code foreachi}; LuaJIT 2.1's {@code move}; and LuaJIT's extension modules
 * {@code table.new} and {@code table.clear} (through {@code require}).
 *
 * <p>Threading: installs into one state.
 */
public final class TableLibrary {
    /** Every name of the {@code table} table. */
    static final String[] NAMES = {
        "concat", "foreach", "foreachi", "getn", "insert", "maxn", "move", "remove", "sort",
    };

    private TableLibrary() {}

    /** The {@code table} table; {@code table.new} and {@code table.clear} go to {@code package.preload}. */
    public static LuaTable install(LuaTable preload) {
        LuaTable table = Functions.library("table", NAMES)
                .function("insert", TableLibrary::insert)
                .function("remove", TableLibrary::remove)
                .function("sort", TableSort::sort)
                .function("concat", TableLibrary::concat)
                .function("getn", args -> LuaValue.valueOf(Args.checkTable(args, 1, "getn").rawlen()))
                .function("maxn", args -> {
                    LuaTable t = (LuaTable) Args.checkTable(args, 1, "maxn");
                    double max = 0;
                    for (LuaValue k : t.keys()) {
                        if (k.type() == LuaValue.TNUMBER && k.todouble() > max) {
                            max = k.todouble();
                        }
                    }
                    return LuaValue.valueOf(max);
                })
                .function("foreach", args -> {
                    LuaTable t = (LuaTable) Args.checkTable(args, 1, "foreach");
                    LuaValue f = Args.checkFunction(args, 2, "foreach");
                    for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                        LuaValue r = f.call(e.arg1(), e.arg(2));
                        if (!r.isnil()) {
                            return r;
                        }
                    }
                    return LuaValue.NONE;
                })
                .function("foreachi", args -> {
                    LuaTable t = (LuaTable) Args.checkTable(args, 1, "foreachi");
                    LuaValue f = Args.checkFunction(args, 2, "foreachi");
                    for (int i = 1, n = t.rawlen(); i <= n; i++) {
                        LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                        if (!r.isnil()) {
                            return r;
                        }
                    }
                    return LuaValue.NONE;
                })
                .function("move", TableLibrary::move)
                .done();
        LuaValue tableNew = Functions.named("new",
                args -> new dev.ljuv.stdlib.vm.Table(Math.max(0, Args.optInt(args, 1, "new", 0)), Math.max(0, Args.optInt(args, 2, "new", 0))));
        LuaValue tableClear = Functions.named("clear", args -> {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, "clear");
            for (LuaValue k : t.keys()) {
                t.rawset(k, LuaValue.NIL);
            }
            return LuaValue.NONE;
        });
        preload.set("table.new", Functions.named("table.new", args -> tableNew));
        preload.set("table.clear", Functions.named("table.clear", args -> tableClear));
        return table;
    }


    /**
     * {@code table.insert(t, [pos,] value)} as LuaJIT's: the elements from {@code pos} to the border move up one
     * place, holes included, and {@code value} is stored at {@code pos} even when it is nil or {@code pos} is outside
     * 1..#t+1 (LuaJ's took position 0 to mean the end and stopped moving at the first hole). Raw accesses.
     */
    private static Varargs insert(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "insert");
        int n = args.narg();
        if (n != 2 && n != 3) {
            throw new LuaError("wrong number of arguments to 'insert'");
        }
        int i = t.rawlen() + 1;
        if (n == 3) {
            int pos = Args.checkInt(args, 2, "insert");
            for (; i > pos; i--) {
                t.rawset(i, t.rawget(i - 1));
            }
            i = pos;
        }
        t.rawset(i, args.arg(n));
        return LuaValue.NONE;
    }

    /**
     * {@code table.remove(t [, pos])} as LuaJIT's (a Lua function there, so its reads and writes are not raw): the
     * last element without a position; else only a position from 1 to #t removes anything, and returns the value
     * that was there even when nil (LuaJ's took position 0 to mean the end and stopped moving at the first hole).
     */
    private static Varargs remove(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "remove");
        int len = t.rawlen();
        if (args.isnil(2)) {
            if (len == 0) {
                return LuaValue.NONE;
            }
            LuaValue old = t.get(len);
            t.set(len, LuaValue.NIL);
            return old;
        }
        int pos = Args.checkInt(args, 2, "remove");
        if (pos < 1 || pos > len) {
            return LuaValue.NONE;
        }
        LuaValue old = t.get(pos);
        for (int i = pos + 1; i <= len; i++) {
            t.set(i - 1, t.get(i));
        }
        t.set(len, LuaValue.NIL);
        return old;
    }

    /**
     * {@code table.concat(t [, sep [, i [, j]]])}: raw reads, LuaJIT's number text and error message. The result's
     * length first, then one copy of each piece into its array (a growing buffer copied each piece about twice, then
     * once more into the string): two reads of a table of strings; pieces gathered when numbers need their text.
     */
    private static Varargs concat(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "concat");
        LuaString sep = args.isnoneornil(2) ? LuaValue.EMPTYSTRING : Args.checkString(args, 2, "concat");
        int i = args.isnoneornil(3) ? 1 : Args.checkInt(args, 3, "concat");
        int j = args.isnoneornil(4) ? t.rawlen() : Args.checkInt(args, 4, "concat");
        if (i > j) {
            return LuaValue.EMPTYSTRING;
        }
        long total = (long) sep.m_length * ((long) j - i);
        for (long k = i; k <= j; k++) {
            if (t.rawget((int) k) instanceof LuaString s) { // raw, as LuaJIT's: no __index
                total += s.m_length;
            } else {
                return gathered(t, sep, i, j); // a number (its text made once), or the error
            }
        }
        byte[] out = dev.ljuv.stdlib.vm.MemoryGuard.bytes(total);
        int at = 0;
        for (long k = i; k <= j; k++) {
            at = append(out, at, (LuaString) t.rawget((int) k), k < j ? sep : null);
        }
        return LuaString.valueUsing(out);
    }

    /** {@link #concat} of pieces that are not all strings: their texts gathered, then copied. */
    private static LuaValue gathered(LuaValue t, LuaString sep, int i, int j) {
        // (grown as the pieces come: a range far past the table's end fails at its first nil, not on allocation)
        LuaString[] pieces = new LuaString[(int) Math.min((long) j - i + 1, 16)];
        int n = 0;
        long total = (long) sep.m_length * ((long) j - i);
        for (long k = i; k <= j; k++) {
            LuaValue v = t.rawget((int) k);
            if (!v.isstring()) {
                throw new org.luaj.vm2.LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
            }
            if (n == pieces.length) {
                pieces = java.util.Arrays.copyOf(pieces, (int) Math.min((long) j - i + 1, 2L * n));
            }
            pieces[n] = v.strvalue();
            total += pieces[n++].m_length;
        }
        byte[] out = dev.ljuv.stdlib.vm.MemoryGuard.bytes(total);
        int at = 0;
        for (int k = 0; k < n; k++) {
            at = append(out, at, pieces[k], k < n - 1 ? sep : null);
        }
        return LuaString.valueUsing(out);
    }

    /** Copies {@code s}, then {@code sep} unless null, into {@code out} at {@code at}; where the next goes. */
    private static int append(byte[] out, int at, LuaString s, LuaString sep) {
        System.arraycopy(s.m_bytes, s.m_offset, out, at, s.m_length);
        at += s.m_length;
        if (sep != null) {
            System.arraycopy(sep.m_bytes, sep.m_offset, out, at, sep.m_length);
            at += sep.m_length;
        }
        return at;
    }

    /** {@code table.move(a1, f, e, t [, a2])} (LuaJIT 2.1 has it): raw reads and writes, as LuaJIT's. */
    private static Varargs move(Varargs args) {
        LuaValue a1 = Args.checkTable(args, 1, "move");
        int f = Args.checkInt(args, 2, "move");
        int e = Args.checkInt(args, 3, "move");
        int t = Args.checkInt(args, 4, "move");
        LuaValue a2 = args.isnoneornil(5) ? a1 : Args.checkTable(args, 5, "move");
        if (e >= f) {
            if (t > e || t <= f || a1 != a2) {
                for (int i = 0; i <= e - f; i++) {
                    a2.rawset(t + i, a1.rawget(f + i));
                }
            } else {
                for (int i = e - f; i >= 0; i--) {
                    a2.rawset(t + i, a1.rawget(f + i));
                }
            }
        }
        return a2;
    }
}
