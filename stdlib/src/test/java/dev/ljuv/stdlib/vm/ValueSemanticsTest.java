package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ValueSemantics#address}: the eight hex digits of an identity, zeros in front, as {@code %08x} wrote them. */
class ValueSemanticsTest {
    @Test
    void anAddressIsEightHexDigitsAsFormatWroteThem() {
        int padded = 0;
        for (int i = 0; i < 2000; i++) {
            Object o = new Object();
            String a = ValueSemantics.address(o);
            assertEquals(String.format("0x%08x", System.identityHashCode(o)), a);
            padded += a.charAt(2) == '0' ? 1 : 0;
        }
        assertTrue(padded > 0, "no identity with a leading zero digit among 2000: the padding went untested");
    }
}
