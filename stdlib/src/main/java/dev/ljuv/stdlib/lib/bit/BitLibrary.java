package dev.ljuv.stdlib.lib.bit;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * LuaJIT's {@code bit} library (BitOp): 32-bit operations whose results are signed 32-bit numbers, with
 * numbers converted exactly as LuaJIT does (rounded to the nearest integer, ties to even, then wrapped).
 *
 * <p>Threading: stateless.
 */
public final class BitLibrary {
    /** Every name of the {@code bit} table. */
    static final String[] NAMES = {
        "arshift", "band", "bnot", "bor", "bswap", "bxor", "lshift", "rol", "ror", "rshift", "tobit", "tohex",
    };

    private BitLibrary() {}

    /** LuaJIT's conversion: add 2^52 + 2^51 and keep the low 32 bits. */
    public static int tobit(double x) {
        return (int) Double.doubleToRawLongBits(x + 6755399441055744.0);
    }

    private static int arg(Varargs args, int i, String f) {
        return tobit(Args.checkNumber(args, i, f));
    }

    private interface Fold {
        int apply(int a, int b);
    }

    /** Argument {@code i} of a fixed-arity call. */
    private static int arg(LuaValue v, int i, String f) {
        return tobit(Args.checkNumber(v, i, f));
    }

    private static LuaValue fold(String name, Fold op) {
        return Functions.named(name, args -> {
            int r = arg(args, 1, name);
            for (int i = 2; i <= args.narg(); i++) {
                r = op.apply(r, arg(args, i, name));
            }
            return LuaValue.valueOf(r);
        }, (a, b) -> LuaValue.valueOf(op.apply(arg(a, 1, name), arg(b, 2, name))));
    }

    private interface Shift {
        int apply(int x, int n);
    }

    private static LuaValue shift(String name, Shift op) {
        return Functions.binary(name, (x, n) -> LuaValue.valueOf(op.apply(arg(x, 1, name), arg(n, 2, name) & 31)));
    }

    /** The {@code bit} table. */
    public static LuaTable install() {
        Functions.Library bit = Functions.library("bit", NAMES);
        bit.value("tobit", Functions.unary("tobit", x -> LuaValue.valueOf(arg(x, 1, "tobit"))));
        bit.value("bnot", Functions.unary("bnot", x -> LuaValue.valueOf(~arg(x, 1, "bnot"))));
        bit.function("bswap", args -> LuaValue.valueOf(Integer.reverseBytes(arg(args, 1, "bswap"))));
        bit.value("band", fold("band", (a, b) -> a & b));
        bit.value("bor", fold("bor", (a, b) -> a | b));
        bit.value("bxor", fold("bxor", (a, b) -> a ^ b));
        bit.value("lshift", shift("lshift", (x, n) -> x << n));
        bit.value("rshift", shift("rshift", (x, n) -> x >>> n));
        bit.value("arshift", shift("arshift", (x, n) -> x >> n));
        bit.value("rol", shift("rol", Integer::rotateLeft));
        bit.value("ror", shift("ror", Integer::rotateRight));
        bit.function("tohex", args -> {
            int x = arg(args, 1, "tohex");
            int n = args.isnoneornil(2) ? 8 : arg(args, 2, "tohex");
            boolean upper = n < 0;
            n = Math.min(Math.abs(n), 8);
            String hex = String.format(upper ? "%08X" : "%08x", x);
            return LuaValue.valueOf(hex.substring(8 - n));
        });
        return bit.done();
    }
}
