package dev.ljuv.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import org.junit.jupiter.api.Test;

/** The process's Netty set-up, as recorded when a state is made (before any of Netty's classes runs). */
class IoBackendTest {
    /**
     * Netty's allocator would register its Flight Recorder events at a server's first connection (~80 ms) unless
     * told not to; a property the user gave is left as it is.
     */
    @Test
    void netty_flight_recorder_events_are_off_unless_asked_for() {
        String before = System.getProperty("io.netty.jfr.enabled");
        try {
            System.clearProperty("io.netty.jfr.enabled");
            IoBackend.configure(RuntimeOptions.DEFAULTS);
            assertEquals("false", System.getProperty("io.netty.jfr.enabled"));

            System.setProperty("io.netty.jfr.enabled", "true");
            IoBackend.configure(RuntimeOptions.DEFAULTS);
            assertEquals("true", System.getProperty("io.netty.jfr.enabled"));
        } finally {
            if (before == null) {
                System.clearProperty("io.netty.jfr.enabled");
            } else {
                System.setProperty("io.netty.jfr.enabled", before);
            }
        }
    }
}
