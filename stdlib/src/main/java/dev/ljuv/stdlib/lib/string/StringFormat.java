package dev.ljuv.stdlib.lib.string;

import dev.ljuv.stdlib.vm.ExactDecimal;
import dev.ljuv.stdlib.vm.LuaNumbers;

import dev.ljuv.stdlib.lua.Args;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code string.format} with C's printf semantics, as LuaJIT 2.1 has them: flags {@code -+ #0}, width and
 * precision for {@code %d %i %u %c %x %X %o %e %E %f %F %g %G %a %A %q %s %%}; 64-bit integers, negative
 * numbers in hex as their two's complement, floating point rounded from the exact binary value (ties away from zero, as LuaJIT rounds),
 * {@code %s} through {@code __tostring}, {@code %q} escaped as LuaJIT does.
 *
 * <p>Threading: stateless.
 */
public final class StringFormat {
    /** The function's name in argument errors: {@code format}, or {@code putf} for {@code buf:putf}. */
    private final String name;
    /** The format string's argument number in messages: 1 for {@code string.format}, 2 for {@code buf:putf}. */
    private final int formatArgument;

    public StringFormat(String function, int formatArgument) {
        this.name = function;
        this.formatArgument = formatArgument;
    }

    /** One conversion's flags, width and precision. */
    private static final class Spec {
        boolean left;
        boolean plus;
        boolean space;
        boolean alt;
        boolean zero;
        int width;
        int precision = -1;

        /** Whether there are no flags, width or precision. */
        boolean plain() {
            return !left && !plus && !space && !alt && !zero && width == 0 && precision < 0;
        }
    }

    /** The formatted string: {@code args} are the format string and its values. */
    public LuaString format(Varargs args) {
        LuaValue f = args.arg1();
        if (!f.isstring()) {
            throw Args.error(formatArgument, name, "string expected, got " + Args.typeName(args, 1));
        }
        LuaString fmt = f.strvalue();
        byte[] b = fmt.m_bytes;
        int end = fmt.m_offset + fmt.m_length;
        Out out = new Out(fmt.m_length + 16);
        int arg = 1;
        for (int i = fmt.m_offset; i < end; ) {
            if (b[i] != '%') {
                int run = i;
                while (i < end && b[i] != '%') {
                    i++;
                }
                out.write(b, run, i - run);
                continue;
            }
            i++;
            if (i < end && b[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            int start = i - 1;
            Spec s = new Spec();
            for (; i < end; i++) {
                switch (b[i]) {
                    case '-' -> s.left = true;
                    case '+' -> s.plus = true;
                    case ' ' -> s.space = true;
                    case '#' -> s.alt = true;
                    case '0' -> s.zero = true;
                    default -> { }
                }
                if ("-+ #0".indexOf(b[i]) < 0) {
                    break;
                }
            }
            int digits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                s.width = s.width * 10 + (b[i++] - '0');
                digits++;
            }
            if (i < end && b[i] == '.') {
                i++;
                s.precision = 0;
                int pd = 0;
                while (i < end && b[i] >= '0' && b[i] <= '9') {
                    s.precision = s.precision * 10 + (b[i++] - '0');
                    pd++;
                }
                digits = Math.max(digits, pd);
            }
            if (i >= end || digits > 2) {
                throw invalid(b, start, Math.min(i, end)); // LuaJIT names the option up to where it stopped
            }
            char conv = (char) b[i++];
            arg++;
            switch (conv) {
                case 'd', 'i' -> {
                    long v = toLong(number(args, arg));
                    if (s.plain()) {
                        out.decimal(v); // the common case without the strings of the general one
                    } else {
                        ascii(out, integer(s, v, 10, true));
                    }
                }
                case 'u' -> ascii(out, integer(s, toLong(number(args, arg)), 10, false));
                case 'x' -> ascii(out, integer(s, toLong(number(args, arg)), 16, false));
                case 'X' -> ascii(out, integer(s, toLong(number(args, arg)), 16, false).toUpperCase());
                case 'o' -> ascii(out, integer(s, toLong(number(args, arg)), 8, false));
                case 'c' -> {
                    int ch = (int) toLong(number(args, arg)) & 0xff;
                    pad(out, s, 1, () -> out.write(ch));
                }
                case 'e', 'E', 'f', 'F', 'g', 'G' -> ascii(out, floating(s, number(args, arg), conv));
                case 'a', 'A' -> ascii(out, hexFloat(s, number(args, arg), conv == 'A'));
                case 'q' -> quoted(out, value(args, arg));
                case 's' -> {
                    LuaString str = tostring(value(args, arg));
                    int len = s.precision >= 0 ? Math.min(s.precision, str.m_length) : str.m_length;
                    if (len > 256) { // a long text: room for it and what is left, so that it is copied once
                        out.room(Math.max(len, s.width) + 2L * (end - i) + 64);
                    }
                    pad(out, s, len, () -> out.write(str.m_bytes, str.m_offset, len));
                }
                default -> throw invalid(b, start, i);
            }
        }
        return out.result();
    }

    /**
     * The text being made: a growable array without {@code ByteArrayOutputStream}'s lock at every byte, taken as
     * the result without a copy when it is about full ({@code s = format("%s...", s, ...)} builds long texts).
     */
    private static final class Out {
        private byte[] bytes;
        private int count;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        void write(int b) {
            if (count == bytes.length) {
                room(1);
            }
            bytes[count++] = (byte) b;
        }

        void write(byte[] from, int offset, int length) {
            room(length);
            System.arraycopy(from, offset, bytes, count, length);
            count += length;
        }

        /** {@code v} in decimal digits, a minus before them when negative. */
        void decimal(long v) {
            room(20);
            if (v < 0) {
                bytes[count++] = '-';
            }
            int digits = 1;
            for (long rest = v / 10; rest != 0; rest /= 10) {
                digits++;
            }
            count += digits;
            for (int at = count - 1; at >= count - digits; at--, v /= 10) {
                bytes[at] = (byte) ('0' + Math.abs(v % 10)); // (abs of each digit: Long.MIN_VALUE has no positive)
            }
        }

        /** Makes room for {@code n} more bytes. */
        void room(long n) {
            long needed = count + n;
            if (needed > bytes.length) {
                long doubled = Math.min(2L * bytes.length, Integer.MAX_VALUE - 8);
                byte[] bigger = dev.ljuv.stdlib.vm.MemoryGuard.bytes(Math.max(needed, doubled));
                System.arraycopy(bytes, 0, bigger, 0, count);
                bytes = bigger;
            }
        }

        LuaString result() {
            int slack = bytes.length - count; // up to 1/16 of the array left unused rather than copied
            byte[] text = slack <= bytes.length >> 4 ? bytes : java.util.Arrays.copyOf(bytes, count);
            return LuaString.valueUsing(text, 0, count);
        }
    }

    private static LuaError invalid(byte[] b, int from, int to) {
        return new LuaError("invalid option '" + new String(b, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1)
                + "' to 'format'");
    }

    private LuaValue value(Varargs args, int i) {
        if (i > args.narg()) {
            throw Args.error(i + formatArgument - 1, name, "value expected");
        }
        return args.arg(i);
    }

    private double number(Varargs args, int i) {
        LuaValue v = value(args, i);
        LuaValue n = v.tonumber();
        if (n.isnil()) {
            throw Args.error(i + formatArgument - 1, name, "number expected, got " + Args.typeName(args, i));
        }
        return n.todouble();
    }

    private static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p64 || d < -0x1p63) {
            return Long.MIN_VALUE; // x86-64 gives the "integer indefinite" value, which LuaJIT prints
        }
        return d >= 0x1p63 ? (long) (d - 0x1p64) : (long) d; // C's conversion through an unsigned wrap
    }

    private static LuaString tostring(LuaValue v) {
        LuaValue meta = v.metatag(LuaValue.TOSTRING);
        if (!meta.isnil()) {
            LuaValue s = meta.call(v);
            if (!s.isstring()) {
                throw new LuaError("'__tostring' must return a string");
            }
            return s.strvalue();
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaString.valueOf(LuaNumbers.format(v.todouble()));
        }
        if (v.isstring()) {
            return v.strvalue(); // its bytes as they are: no round trip through Java text
        }
        return LuaString.valueOf(v.tojstring());
    }

    private interface Body {
        void write();
    }

    private static void pad(Out out, Spec s, int len, Body body) {
        int fill = Math.max(0, s.width - len);
        if (!s.left) {
            for (int k = 0; k < fill; k++) {
                out.write(' ');
            }
        }
        body.write();
        if (s.left) {
            for (int k = 0; k < fill; k++) {
                out.write(' ');
            }
        }
    }

    private static void ascii(Out out, String s) {
        for (int i = 0; i < s.length(); i++) {
            out.write(s.charAt(i));
        }
    }

    /** Sign, prefix and digits, justified in the width (zero padding goes after sign and prefix). */
    private static String justify(Spec s, String sign, String prefix, String digits, boolean zeroAllowed) {
        int len = sign.length() + prefix.length() + digits.length();
        if (len >= s.width) {
            return sign + prefix + digits;
        }
        String fill = (s.zero && !s.left && zeroAllowed ? "0" : " ").repeat(s.width - len);
        if (s.left) {
            return sign + prefix + digits + fill;
        }
        return fill.charAt(0) == '0' ? sign + prefix + fill + digits : fill + sign + prefix + digits;
    }

    private static String integer(Spec s, long v, int radix, boolean signed) {
        boolean negative = signed && v < 0;
        String digits;
        if (signed) {
            digits = negative ? Long.toUnsignedString(-v) : Long.toString(v);
        } else {
            digits = switch (radix) {
                case 16 -> Long.toHexString(v);
                case 8 -> Long.toOctalString(v);
                default -> Long.toUnsignedString(v);
            };
        }
        if (s.precision >= 0) {
            if (s.precision == 0 && v == 0) {
                digits = "";
            }
            if (digits.length() < s.precision) {
                digits = "0".repeat(s.precision - digits.length()) + digits;
            }
        }
        String sign = negative ? "-" : signed && s.plus ? "+" : signed && s.space ? " " : "";
        String prefix = "";
        if (s.alt && radix == 16 && v != 0) {
            prefix = "0x";
        } else if (s.alt && radix == 8 && !digits.startsWith("0")) {
            digits = "0" + digits;
        }
        return justify(s, sign, prefix, digits, s.precision < 0);
    }

    private static String floating(Spec s, double d, char conv) {
        boolean upper = Character.isUpperCase(conv);
        boolean negative = d < 0 || (d == 0 && Double.doubleToRawLongBits(d) < 0);
        String sign = negative ? "-" : s.plus ? "+" : s.space ? " " : "";
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String t = Double.isNaN(d) ? "nan" : "inf";
            if (Double.isNaN(d)) {
                sign = nanSign(s);
            }
            return justify(s, sign, "", upper ? t.toUpperCase() : t, false);
        }
        int p = s.precision < 0 ? 6 : s.precision;
        return justify(s, sign, "", body(Math.abs(d), p, conv, s.alt), true);
    }

    /**
     * {@code %f %e %g} of {@code a} (finite, not negative) with precision {@code p}, without the sign: the digits of
     * the exact value rounded as C rounds them ({@link LuaNumbers#significant}), most from the double's shortest
     * digits (from the exact value every {@code "%.3f"} was 10x slower than LuaJIT's).
     */
    static String body(double a, int p, char conv, boolean alt) {
        boolean upper = Character.isUpperCase(conv);
        switch (Character.toLowerCase(conv)) {
            case 'f' -> {
                return fixed(a, p, alt);
            }
            case 'e' -> {
                if (a == 0) {
                    return exponential("0".repeat(p + 1), 0, p, alt, upper);
                }
                LuaNumbers.Digits r = LuaNumbers.significant(a, p + 1);
                return exponential(r.digits(), r.exponent(), p, alt, upper);
            }
            default -> {
                int q = p == 0 ? 1 : p;
                String t;
                if (a == 0) {
                    t = fixed("0", 0, q - 1, alt);
                } else {
                    LuaNumbers.Digits r = LuaNumbers.significant(a, q);
                    int x = r.exponent();
                    t = x < -4 || x >= q ? exponential(r.digits(), x, q - 1, alt, upper)
                            : fixed(r.digits(), q - 1 - x, q - 1 - x, alt);
                }
                return alt ? t : trimmed(t);
            }
        }
    }

    /** {@code %.<p>f} of {@code a}: rounded at its p-th decimal, from the shortest digits where they decide. */
    private static String fixed(double a, int p, boolean alt) {
        LuaNumbers.Digits r = LuaNumbers.shortestDecimals(a, p);
        if (r != null) {
            return fixed(r.digits(), r.digits().length() - 1 - r.exponent(), p, alt);
        }
        String t = ExactDecimal.fixed(a, p);
        return p == 0 && alt ? t + "." : t;
    }

    /** {@code digits} (its last {@code scale} of them decimals) written with {@code p} decimals (p >= scale). */
    private static String fixed(String digits, int scale, int p, boolean alt) {
        StringBuilder sb = new StringBuilder(digits.length() + p + 2);
        String all = digits + "0".repeat(p - scale);
        int whole = all.length() - p;
        if (whole > 0) {
            sb.append(all, 0, whole);
        } else {
            sb.append('0');
        }
        if (p > 0 || alt) {
            sb.append('.');
        }
        if (whole < 0) {
            sb.append("0".repeat(-whole));
        }
        return sb.append(all, Math.max(whole, 0), all.length()).toString();
    }

    /** The {@code p + 1} significant {@code digits} with the first's decimal {@code exponent}, as C's {@code %e}. */
    private static String exponential(String digits, int exponent, int p, boolean alt, boolean upper) {
        StringBuilder sb = new StringBuilder().append(digits.charAt(0));
        if (p > 0 || alt) {
            sb.append('.');
        }
        sb.append(digits, 1, digits.length());
        sb.append(upper ? 'E' : 'e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }

    /** {@code %g} without {@code #}: no trailing zeros after the point, nor a point without digits after it. */
    private static String trimmed(String t) {
        int e = Math.max(t.indexOf('e'), t.indexOf('E'));
        String mantissa = e >= 0 ? t.substring(0, e) : t;
        String tail = e >= 0 ? t.substring(e) : "";
        if (mantissa.indexOf('.') >= 0) {
            int k = mantissa.length();
            while (mantissa.charAt(k - 1) == '0') {
                k--;
            }
            if (mantissa.charAt(k - 1) == '.') {
                k--;
            }
            mantissa = mantissa.substring(0, k);
        }
        return mantissa + tail;
    }

    /** LuaJIT writes a NaN without its sign and ignores {@code +}; only the space flag puts a blank before it. */
    private static String nanSign(Spec s) {
        return s.space ? " " : "";
    }

    private static String hexFloat(Spec s, double d, boolean upper) {
        boolean negative = d < 0 || (d == 0 && Double.doubleToRawLongBits(d) < 0);
        String sign = negative ? "-" : s.plus ? "+" : s.space ? " " : "";
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String t = Double.isNaN(d) ? "nan" : "inf";
            return justify(s, Double.isNaN(d) ? nanSign(s) : sign, "", upper ? t.toUpperCase() : t, false);
        }
        long bits = Double.doubleToRawLongBits(Math.abs(d));
        int exp = (int) (bits >>> 52);
        long mant = bits & ((1L << 52) - 1);
        int lead = 1;
        int e = exp - 1023;
        if (exp == 0 && mant != 0) { // a subnormal, normalized as LuaJIT writes it (0x1p-1074; glibc: 0x0.000...1p-1022)
            int shift = Long.numberOfLeadingZeros(mant) - 11;
            mant = (mant << shift) & ((1L << 52) - 1);
            e = -1022 - shift;
        }
        String hex = String.format("%013x", mant);
        if (s.precision >= 0 && s.precision < 13) {
            int drop = (13 - s.precision) * 4;
            long full = ((long) lead << 52) | mant;
            long unit = 1L << drop;
            long rem = full & (unit - 1);
            full >>>= drop;
            if (rem > unit / 2 || (rem == unit / 2 && (full & 1) == 1)) {
                full++;
            }
            lead = (int) (full >>> (52 - drop));
            long frac = full & ((1L << (52 - drop)) - 1);
            hex = s.precision == 0 ? "" : String.format("%0" + s.precision + "x", frac);
        } else if (s.precision < 0) {
            hex = hex.replaceAll("0+$", "");
        } else {
            hex = hex + "0".repeat(s.precision - 13);
        }
        String body = lead + (hex.isEmpty() && !s.alt ? "" : "." + hex) + "p" + (e < 0 ? "-" : "+") + Math.abs(e);
        if (d == 0) {
            body = "0" + (s.precision > 0 ? "." + "0".repeat(s.precision) : "") + "p+0";
        }
        String prefix = upper ? "0X" : "0x";
        return justify(s, sign, prefix, upper ? body.toUpperCase() : body, true);
    }

    /**
     * LuaJIT's {@code %q}: a Lua string literal that reads back as the same bytes; a value that is no string or number
     * quoted as {@code tostring} gives it ({@code "true"}, an object's {@code __tostring}), as LuaJIT quotes it.
     */
    private static void quoted(Out out, LuaValue v) {
        LuaString s = v.type() == LuaValue.TNUMBER ? LuaString.valueOf(LuaNumbers.format(v.todouble())) : tostring(v);
        byte[] b = s.m_bytes;
        int end = s.m_offset + s.m_length;
        out.write('"');
        for (int i = s.m_offset; i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c == '\n') {
                out.write('\\');
                out.write('\n');
            } else if (c < 0x20 || c == 0x7f) {
                boolean digitNext = i + 1 < end && b[i + 1] >= '0' && b[i + 1] <= '9';
                out.write('\\');
                if (digitNext || c >= 100) { // (three digits where a digit follows; c is under 128)
                    out.write('0' + c / 100);
                }
                if (digitNext || c >= 10) {
                    out.write('0' + c / 10 % 10);
                }
                out.write('0' + c % 10);
            } else {
                out.write(c);
            }
        }
        out.write('"');
    }
}
