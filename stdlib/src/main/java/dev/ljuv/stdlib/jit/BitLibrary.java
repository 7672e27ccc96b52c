package dev.ljuv.stdlib.jit;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.Functions;
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

    private static LuaValue fold(String name, Fold op) {
        return Functions.named(name, args -> {
            int r = arg(args, 1, name);
            for (int i = 2; i <= args.narg(); i++) {
                r = op.apply(r, arg(args, i, name));
            }
            return LuaValue.valueOf(r);
        });
    }

    private interface Shift {
        int apply(int x, int n);
    }

    private static LuaValue shift(String name, Shift op) {
        return Functions.named(name, args -> LuaValue.valueOf(op.apply(arg(args, 1, name), arg(args, 2, name) & 31)));
    }

    public static LuaTable create() {
        LuaTable bit = new LuaTable();
        bit.set("tobit", Functions.named("tobit", args -> LuaValue.valueOf(arg(args, 1, "tobit"))));
        bit.set("bnot", Functions.named("bnot", args -> LuaValue.valueOf(~arg(args, 1, "bnot"))));
        bit.set("bswap", Functions.named("bswap", args -> LuaValue.valueOf(Integer.reverseBytes(arg(args, 1, "bswap")))));
        bit.set("band", fold("band", (a, b) -> a & b));
        bit.set("bor", fold("bor", (a, b) -> a | b));
        bit.set("bxor", fold("bxor", (a, b) -> a ^ b));
        bit.set("lshift", shift("lshift", (x, n) -> x << n));
        bit.set("rshift", shift("rshift", (x, n) -> x >>> n));
        bit.set("arshift", shift("arshift", (x, n) -> x >> n));
        bit.set("rol", shift("rol", Integer::rotateLeft));
        bit.set("ror", shift("ror", Integer::rotateRight));
        bit.set("tohex", Functions.named("tohex", args -> {
            int x = arg(args, 1, "tohex");
            int n = args.isnoneornil(2) ? 8 : arg(args, 2, "tohex");
            boolean upper = n < 0;
            n = Math.min(Math.abs(n), 8);
            String hex = String.format(upper ? "%08X" : "%08x", x);
            return LuaValue.valueOf(hex.substring(8 - n));
        }));
        return bit;
    }
}
