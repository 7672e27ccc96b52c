package dev.ljuv.stdlib.lib.buffer;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * Seeded fuzzing of the decoder: random bytes and mutations of valid encodings must only ever produce a
 * value or a Lua error (never another exception, a hang or a huge allocation).
 */
class DecoderFuzzTest {
    private static final Options DICT = new Options(
            new LuaValue[] {LuaValue.valueOf("a"), LuaValue.valueOf("b")}, new LuaValue[] {new LuaTable()});

    private static void decodeSafely(byte[] input) {
        try {
            new Decoder(input, 0, input.length, DICT).value(SerialFormat.MAX_DEPTH);
        } catch (LuaError expected) {
            String m = expected.getMessage();
            assertTrue(m != null && !m.contains("java") && !m.contains("Exception"), m);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            fail("decoder threw " + e + " for input " + java.util.HexFormat.of().formatHex(input));
        }
    }

    private static LuaValue sample(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 4 : 6);
        return switch (kind) {
            case 0 -> LuaValue.valueOf(r.nextInt(1000) - 500);
            case 1 -> LuaValue.valueOf(r.nextDouble() * 1e6);
            case 2 -> LuaValue.valueOf("s" + "x".repeat(r.nextInt(300)));
            case 3 -> r.nextBoolean() ? LuaValue.TRUE : LuaValue.NIL;
            default -> {
                LuaTable t = new LuaTable();
                int n = r.nextInt(8);
                for (int i = 1; i <= n; i++) {
                    t.set(i, sample(r, depth + 1));
                }
                for (int i = r.nextInt(5); i > 0; i--) {
                    t.set("k" + r.nextInt(20), sample(r, depth + 1));
                }
                yield t;
            }
        };
    }

    @Test
    void randomBytes() {
        Random r = new Random(42);
        for (int i = 0; i < 100_000; i++) {
            byte[] b = new byte[r.nextInt(24)];
            r.nextBytes(b);
            decodeSafely(b);
        }
    }

    @Test
    void mutatedEncodings() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] valid = StringBufferLibrary.encodeBytes(sample(r, 0));
            for (int m = 0; m < 5; m++) {
                byte[] b = valid.clone();
                int edits = 1 + r.nextInt(3);
                for (int e = 0; e < edits && b.length > 0; e++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
                int cut = r.nextInt(b.length + 1);
                decodeSafely(r.nextBoolean() ? b : java.util.Arrays.copyOf(b, cut));
            }
        }
    }

    @Test
    void forgedLengthsFailBeforeAllocating() {
        // a string, an array and a hash claiming ~2^32 entries with nothing behind them
        decodeSafely(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        decodeSafely(new byte[] {0x0c, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        decodeSafely(new byte[] {0x09, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x00});
    }
}
