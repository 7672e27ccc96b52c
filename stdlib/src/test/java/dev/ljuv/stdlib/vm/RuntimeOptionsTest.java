package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The runtime's settings as read from the environment: sizes written as people write them to the JVM. */
class RuntimeOptionsTest {
    @Test
    void sizesAreBytesOrANumberWithAUnit() {
        assertEquals(65536, RuntimeOptions.size("X", "65536"));
        assertEquals(64L << 10, RuntimeOptions.size("X", "64k"));
        assertEquals(512L << 20, RuntimeOptions.size("X", "512M"));
        assertEquals(2L << 30, RuntimeOptions.size("X", " 2gb "));
        assertEquals(0, RuntimeOptions.size("X", ""));
        for (String bad : new String[] {"lots", "12q", "-5", "0", "m", "1.5g", "99999999999999g"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.size("X", bad), bad);
            assertEquals("X: not a size: " + bad + " (bytes, or a number followed by k, m or g)", e.getMessage());
        }
    }

    @Test
    void theMemoryLimitComesFromLjuvMemoryLimit() {
        assertEquals(0, RuntimeOptions.from(new Properties(), Map.of()).memoryLimit());
        assertEquals(32L << 20, RuntimeOptions.from(new Properties(), Map.of("LJUV_MEMORY_LIMIT", "32m")).memoryLimit());
        assertEquals(7, RuntimeOptions.DEFAULTS.withMemoryLimit(7).memoryLimit());
    }
}
