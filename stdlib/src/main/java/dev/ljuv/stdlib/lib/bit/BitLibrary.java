package dev.ljuv.stdlib.lib.bit;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
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
        return args.arg(i) instanceof LuaInteger n ? n.v : tobit(Args.checkNumber(args, i, f));
    }

    /** Argument {@code i} of a fixed-arity call (an integer's box read directly: the common case, kept short). */
    private static int arg(LuaValue v, int i, String f) {
        return v instanceof LuaInteger n ? n.v : tobit(Args.checkNumber(v, i, f));
    }

    private static final byte[] LOWER = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] UPPER = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * {@code bit.tohex(x, n)} as LuaJIT 2.1 writes it: the low {@code |n|} hex digits of {@code x}'s 32 bits, upper case
     * for a negative {@code n}; past 8 digits zeros in front, {@code n} counted modulo 256 as LuaJIT's format precision
     * (255 asks for none: the digits of the value). Written here: {@code String.format} cost a {@code Formatter} per
     * call and its first use loaded and compiled the JDK's format parser.
     */
    private static LuaValue tohex(int x, int n) {
        byte[] digits = LOWER;
        if (n < 0) {
            n = -n; // (Integer.MIN_VALUE stays negative, as LuaJIT's unsigned negation leaves it)
            digits = UPPER;
        }
        int precision = ((n + 1) & 255) - 1; // -1: none
        long b = x & 0xffffffffL;
        if (n < 16) {
            b &= (1L << 4 * n) - 1;
        }
        int length = b == 0 ? (precision < 0 ? 1 : 0) : (67 - Long.numberOfLeadingZeros(b)) / 4;
        length = Math.max(length, precision);
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--, b >>>= 4) {
            out[i] = digits[(int) (b & 15)];
        }
        return LuaString.valueUsing(out);
    }

    private interface Fold {
        int apply(int a, int b);
    }

    /**
     * {@code bit.band} and its kind for any number of arguments; {@code two} for exactly two, {@code numbers} for two
     * numbers (compiled code's path, see {@link Functions.OfNumbers}).
     */
    private static LuaValue fold(String name, Fold op, Functions.Binary two, Functions.Fold numbers) {
        return Functions.named(name, args -> {
            int r = arg(args, 1, name);
            for (int i = 2; i <= args.narg(); i++) {
                r = op.apply(r, arg(args, i, name));
            }
            return LuaValue.valueOf(r);
        }, two, numbers);
    }

    /**
     * The {@code bit} table. Each function's fixed-arity body is written out (not made by a shared helper from an
     * operator) so that it is code of its own, which a compiled call site inlines whole (see {@link Functions.Named}).
     * Beside it, the body for numbers that compiled code calls with doubles ({@code band(rshift(p[i], j), 1)} boxes
     * nothing): the same operation on the same conversion ({@link #tobit}, exact for an integer's double).
     */
    public static LuaTable install() {
        Functions.Library bit = Functions.library("bit", NAMES);
        bit.value("tobit", Functions.unary("tobit", x -> LuaValue.valueOf(arg(x, 1, "tobit")), x -> tobit(x)));
        bit.value("bnot", Functions.unary("bnot", x -> LuaValue.valueOf(~arg(x, 1, "bnot")), x -> ~tobit(x)));
        bit.function("bswap", args -> LuaValue.valueOf(Integer.reverseBytes(arg(args, 1, "bswap"))));
        bit.value("band", fold("band", (a, b) -> a & b,
                (a, b) -> LuaValue.valueOf(arg(a, 1, "band") & arg(b, 2, "band")), (a, b) -> tobit(a) & tobit(b)));
        bit.value("bor", fold("bor", (a, b) -> a | b,
                (a, b) -> LuaValue.valueOf(arg(a, 1, "bor") | arg(b, 2, "bor")), (a, b) -> tobit(a) | tobit(b)));
        bit.value("bxor", fold("bxor", (a, b) -> a ^ b,
                (a, b) -> LuaValue.valueOf(arg(a, 1, "bxor") ^ arg(b, 2, "bxor")), (a, b) -> tobit(a) ^ tobit(b)));
        bit.value("lshift", Functions.binary("lshift",
                (x, n) -> LuaValue.valueOf(arg(x, 1, "lshift") << arg(n, 2, "lshift")),
                (x, n) -> tobit(x) << tobit(n)));
        bit.value("rshift", Functions.binary("rshift",
                (x, n) -> LuaValue.valueOf(arg(x, 1, "rshift") >>> arg(n, 2, "rshift")),
                (x, n) -> tobit(x) >>> tobit(n)));
        bit.value("arshift", Functions.binary("arshift",
                (x, n) -> LuaValue.valueOf(arg(x, 1, "arshift") >> arg(n, 2, "arshift")),
                (x, n) -> tobit(x) >> tobit(n)));
        bit.value("rol", Functions.binary("rol",
                (x, n) -> LuaValue.valueOf(Integer.rotateLeft(arg(x, 1, "rol"), arg(n, 2, "rol"))),
                (x, n) -> Integer.rotateLeft(tobit(x), tobit(n))));
        bit.value("ror", Functions.binary("ror",
                (x, n) -> LuaValue.valueOf(Integer.rotateRight(arg(x, 1, "ror"), arg(n, 2, "ror"))),
                (x, n) -> Integer.rotateRight(tobit(x), tobit(n))));
        bit.function("tohex", args -> tohex(arg(args, 1, "tohex"), args.narg() < 2 ? 8 : arg(args, 2, "tohex")));
        return bit.done();
    }
}
