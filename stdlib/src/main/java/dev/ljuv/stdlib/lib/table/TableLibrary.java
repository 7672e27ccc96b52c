package dev.ljuv.stdlib.lib.table;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TableLib;

/**
 * The table library (LuaJIT's {@code lib_table.c}): LuaJ's {@code insert} and {@code remove}; LuaJIT's
 * {@code sort} ({@link TableSort});
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
    public static LuaTable install(Globals g, LuaTable preload) {
        LuaTable luaj = Functions.luaj(g, new TableLib(), "table");
        LuaTable table = Functions.library("table", NAMES)
                .keep(luaj, "remove")
                .function("sort", TableSort::sort)
                .function("insert", args -> {
                    if (args.narg() != 2 && args.narg() != 3) {
                        Args.checkTable(args, 1, "insert");
                        throw new LuaError("wrong number of arguments to 'insert'");
                    }
                    return luaj.rawget("insert").invoke(args);
                })
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
                args -> new LuaTable(Math.max(0, Args.optInt(args, 1, "new", 0)), Math.max(0, Args.optInt(args, 2, "new", 0))));
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


    /** {@code table.concat(t [, sep [, i [, j]]])} with LuaJIT's number text and error message. */
    private static Varargs concat(Varargs args) {
        LuaValue t = Args.checkTable(args, 1, "concat");
        LuaString sep = args.isnoneornil(2) ? LuaValue.EMPTYSTRING : Args.checkString(args, 2, "concat");
        int i = args.isnoneornil(3) ? 1 : Args.checkInt(args, 3, "concat");
        int j = args.isnoneornil(4) ? t.rawlen() : Args.checkInt(args, 4, "concat");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = i; k <= j; k++) {
            LuaValue v = t.get(k);
            if (!v.isstring()) {
                throw new org.luaj.vm2.LuaError("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
            }
            LuaString s = v.strvalue();
            out.write(s.m_bytes, s.m_offset, s.m_length);
            if (k < j) {
                out.write(sep.m_bytes, sep.m_offset, sep.m_length);
            }
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    /** {@code table.move(a1, f, e, t [, a2])} (LuaJIT 2.1 has it). */
    private static Varargs move(Varargs args) {
        LuaValue a1 = Args.checkTable(args, 1, "move");
        int f = Args.checkInt(args, 2, "move");
        int e = Args.checkInt(args, 3, "move");
        int t = Args.checkInt(args, 4, "move");
        LuaValue a2 = args.isnoneornil(5) ? a1 : Args.checkTable(args, 5, "move");
        if (e >= f) {
            if (t > e || t <= f || a1 != a2) {
                for (int i = 0; i <= e - f; i++) {
                    a2.set(t + i, a1.get(f + i));
                }
            } else {
                for (int i = e - f; i >= 0; i--) {
                    a2.set(t + i, a1.get(f + i));
                }
            }
        }
        return a2;
    }
}
