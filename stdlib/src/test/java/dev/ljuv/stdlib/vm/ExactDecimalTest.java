package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ExactDecimal} rounds as {@code BigDecimal} rounds the exact value half up, over all magnitudes. */
class ExactDecimalTest {
    private static void same(double d, int precision, int decimals) {
        if (!Double.isFinite(d) || d == 0) {
            return;
        }
        BigDecimal exact = new BigDecimal(Math.abs(d));
        BigDecimal r = exact.round(new MathContext(precision, RoundingMode.HALF_UP));
        String digits = r.unscaledValue().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = digits.length() >= precision ? digits.substring(0, precision) : digits + "0".repeat(precision - digits.length());
        assertEquals(new LuaNumbers.Digits(digits, exponent), ExactDecimal.significant(d, precision),
                d + " to " + precision + " digits");
        assertEquals(exact.setScale(decimals, RoundingMode.HALF_UP).toPlainString(), ExactDecimal.fixed(d, decimals),
                d + " to " + decimals + " decimals");
    }

    @Test
    void roundsTheExactValueHalfUp() {
        SplittableRandom random = new SplittableRandom(20261207);
        for (int i = 0; i < 20_000; i++) {
            same(Double.longBitsToDouble(random.nextLong() & 0x7fffffffffffffffL), 1 + random.nextInt(40),
                    random.nextInt(40)); // any magnitude, subnormals among them
            same(random.nextDouble() * Math.pow(10, random.nextInt(-8, 16)), 1 + random.nextInt(20), random.nextInt(20));
            same(random.nextInt(1, 1_000_000) / 1000.0, 1 + random.nextInt(8), random.nextInt(6)); // ties near
        }
        for (double d : new double[] {0.5, 1.5, 2.5, 0.125, 0.25, 1.0005, 0.1, 1 / 3.0, 9.5, 99.5, 999.9999,
            Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0x1p53 + 2, 1e21, 1e-300, 0.05}) {
            for (int p = 1; p < 30; p++) {
                same(d, p, p - 1);
                same(d, p, 0);
            }
        }
    }

    @Test
    void aCarryAddsADigitInFront() {
        assertEquals(new LuaNumbers.Digits("10", 2), ExactDecimal.significant(99.5, 2));
        assertEquals("100", ExactDecimal.fixed(99.5, 0));
        assertEquals("1.00", ExactDecimal.fixed(0.999, 2));
        assertEquals("0.000", ExactDecimal.fixed(1e-300, 3));
        assertEquals("0.001", ExactDecimal.fixed(0.0005, 3)); // 0.0005 is a little over its decimal
    }
}
