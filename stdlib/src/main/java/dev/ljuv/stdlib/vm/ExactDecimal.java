package dev.ljuv.stdlib.vm;

import java.math.BigInteger;

/**
 * The exact decimal value of a finite double, rounded half up (ties away from zero on the magnitude, as LuaJIT's
 * formatting rounds): for the roundings its shortest digits cannot decide ({@link LuaNumbers#significant},
 * {@code string.format}'s {@code %.<p>f}). A double is {@code m * 2^q}; below 1 it is {@code m * 5^-q / 10^-q}, so
 * its decimal digits are those of the integer {@code m * 5^-q} (at most 767 of them).
 *
 * <p>{@code BigInteger} only: {@code BigDecimal}'s class initializer computes 5^65536 (25 ms of a new JVM's time,
 * and its C2 compiles of {@code BigInteger}'s loops), which every script mentioning {@code format} paid for on a
 * background thread beside its own start.
 *
 * <p>Threading: stateless.
 */
public final class ExactDecimal {
    private ExactDecimal() {}

    /** The magnitude of a double: {@code digits / 10^scale}. */
    private record Exact(BigInteger digits, int scale) {
        static Exact of(double d) {
            long bits = Double.doubleToRawLongBits(d);
            int biased = (int) (bits >>> 52) & 0x7ff;
            long m = bits & ((1L << 52) - 1);
            int q = biased == 0 ? -1074 : biased - 1075; // (subnormals: no implicit bit)
            if (biased != 0) {
                m |= 1L << 52;
            }
            BigInteger n = BigInteger.valueOf(m);
            return q >= 0 ? new Exact(n.shiftLeft(q), 0) : new Exact(n.multiply(BigInteger.valueOf(5).pow(-q)), -q);
        }
    }

    /** {@code n / 10^drop}, rounded half up. */
    private static BigInteger dropDigits(BigInteger n, int drop) {
        if (drop <= 0) {
            return n.multiply(BigInteger.TEN.pow(-drop));
        }
        BigInteger unit = BigInteger.TEN.pow(drop);
        BigInteger[] qr = n.divideAndRemainder(unit);
        return qr[1].shiftLeft(1).compareTo(unit) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    /** {@code |d|} (finite, nonzero) rounded to {@code precision} significant digits: exactly that many digits. */
    static LuaNumbers.Digits significant(double d, int precision) {
        Exact x = Exact.of(d);
        int length = x.digits().toString().length();
        int exponent = length - 1 - x.scale();
        String digits = dropDigits(x.digits(), length - precision).toString();
        if (digits.length() > precision) { // 99.99 rounded up to 100.0
            digits = digits.substring(0, precision);
            exponent++;
        }
        return new LuaNumbers.Digits(digits, exponent);
    }

    /** {@code |d|} (finite) rounded at its {@code decimals}-th decimal, written as C's {@code %.<decimals>f} writes it. */
    public static String fixed(double d, int decimals) {
        Exact x = Exact.of(d);
        String digits = dropDigits(x.digits(), x.scale() - decimals).toString();
        if (decimals == 0) {
            return digits;
        }
        if (digits.length() <= decimals) {
            digits = "0".repeat(decimals + 1 - digits.length()) + digits;
        }
        int whole = digits.length() - decimals;
        return digits.substring(0, whole) + '.' + digits.substring(whole);
    }
}
