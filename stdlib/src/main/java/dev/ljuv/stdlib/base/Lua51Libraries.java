package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.Functions;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The string, table and math functions whose LuaJ behaviour differs from LuaJIT 2.1's: byte-wise
 * {@code string.upper}/{@code lower} (bytes from 0x80 untouched), {@code string.rep(s, n [, sep])},
 * {@code table.concat}, {@code getn}, {@code maxn}, {@code foreach}, {@code foreachi}, and the
 * {@code math} library ({@link MathLibrary}).
 *
 * <p>Threading: installs into one state.
 */
public final class Lua51Libraries {
    private Lua51Libraries() {}

    public static void install(Globals g) {
        LuaTable string = g.get("string").checktable();
        string.set("upper", Functions.named("upper", args -> mapBytes(Args.checkString(args, 1, "upper"), true)));
        string.set("lower", Functions.named("lower", args -> mapBytes(Args.checkString(args, 1, "lower"), false)));
        string.set("rep", Functions.named("rep", Lua51Libraries::rep));
        string.set("len", Functions.named("len", args -> LuaValue.valueOf(Args.checkString(args, 1, "len").m_length)));
        string.set("reverse", Functions.named("reverse", args -> {
            LuaString s = Args.checkString(args, 1, "reverse");
            byte[] out = new byte[s.m_length];
            for (int i = 0; i < out.length; i++) {
                out[i] = s.m_bytes[s.m_offset + s.m_length - 1 - i];
            }
            return LuaString.valueUsing(out);
        }));

        LuaTable table = g.get("table").checktable();
        table.set("concat", Functions.named("concat", Lua51Libraries::concat));
        table.set("getn", Functions.named("getn", args -> LuaValue.valueOf(Args.checkTable(args, 1, "getn").rawlen())));
        table.set("maxn", Functions.named("maxn", args -> {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, "maxn");
            double max = 0;
            for (LuaValue k : t.keys()) {
                if (k.isnumber() && k.todouble() > max) {
                    max = k.todouble();
                }
            }
            return LuaValue.valueOf(max);
        }));
        table.set("foreach", Functions.named("foreach", args -> {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, "foreach");
            LuaValue f = Args.checkFunction(args, 2, "foreach");
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                LuaValue r = f.call(e.arg1(), e.arg(2));
                if (!r.isnil()) {
                    return r;
                }
            }
            return LuaValue.NONE;
        }));
        table.set("foreachi", Functions.named("foreachi", args -> {
            LuaTable t = (LuaTable) Args.checkTable(args, 1, "foreachi");
            LuaValue f = Args.checkFunction(args, 2, "foreachi");
            for (int i = 1, n = t.rawlen(); i <= n; i++) {
                LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                if (!r.isnil()) {
                    return r;
                }
            }
            return LuaValue.NONE;
        }));

        MathLibrary.install(g);
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

    private static LuaString mapBytes(LuaString s, boolean upper) {
        byte[] out = new byte[s.m_length];
        for (int i = 0; i < out.length; i++) {
            byte c = s.m_bytes[s.m_offset + i];
            if (upper && c >= 'a' && c <= 'z') {
                c -= 32;
            } else if (!upper && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            out[i] = c;
        }
        return LuaString.valueUsing(out);
    }

    private static LuaValue rep(Varargs args) {
        LuaString s = Args.checkString(args, 1, "rep");
        double n = Args.checkNumber(args, 2, "rep");
        LuaString sep = args.isnoneornil(3) ? null : args.checkstring(3);
        if (n <= 0) {
            return LuaValue.EMPTYSTRING;
        }
        long count = (long) n;
        long total = count * s.m_length + (sep == null ? 0 : (count - 1) * sep.m_length);
        if (total > Integer.MAX_VALUE - 8) {
            throw new org.luaj.vm2.LuaError("not enough memory");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        for (long i = 0; i < count; i++) {
            if (i > 0 && sep != null) {
                out.write(sep.m_bytes, sep.m_offset, sep.m_length);
            }
            out.write(s.m_bytes, s.m_offset, s.m_length);
        }
        return LuaString.valueUsing(out.toByteArray());
    }
}
