package dev.ljuv.stdlib.lib.math;

/**
 * The generator behind {@code math.random}, LuaJIT 2.1's: four combined Tausworthe generators (L'Ecuyer's "TW223",
 * 223 bits of state), seeded by {@code math.randomseed(x)} from x as LuaJIT seeds them, so that a program that seeds
 * its numbers gets LuaJIT's numbers, and a state that never seeds them starts as LuaJIT's does (as from seed 0).
 *
 * <p>Threading: one per Lua state, used by its thread.
 */
final class LuaJitRandom {
    /** The four generators' k, q and s (LuaJIT's TW223_GEN parameters). */
    private static final int[] K = {63, 58, 55, 47};
    private static final int[] Q = {31, 19, 24, 21};
    private static final int[] S = {18, 28, 7, 8};

    private final long[] gen = new long[4];

    /** A generator as LuaJIT's before any {@code randomseed}: seeded from 0. */
    LuaJitRandom() {
        seed(0.0);
    }

    /** Seeds the generators from {@code d} (LuaJIT's random_init), then steps them 10 times. */
    void seed(double d) {
        int r = 0x11090601; // 64 - k of each generator, a byte each
        for (int i = 0; i < 4; i++) {
            long m = 1L << (r & 255);
            r >>>= 8;
            d = d * 3.14159265358979323846 + 2.7182818284590452354;
            long u = Double.doubleToRawLongBits(d);
            if (Long.compareUnsigned(u, m) < 0) {
                u += m; // the generator's k high bits may not all be zero
            }
            gen[i] = u;
        }
        for (int i = 0; i < 10; i++) {
            step();
        }
    }

    /** The next number in [0, 1). */
    double next() {
        return Double.longBitsToDouble(step()) - 1.0;
    }

    /** Steps the four generators; their states' xor as a double's bits in [1, 2). */
    private long step() {
        long r = 0;
        for (int i = 0; i < 4; i++) {
            long z = gen[i];
            int k = K[i];
            z = (((z << Q[i]) ^ z) >>> (k - S[i])) ^ ((z & (-1L << (64 - k))) << S[i]);
            r ^= z;
            gen[i] = z;
        }
        return (r & 0x000fffffffffffffL) | 0x3ff0000000000000L;
    }
}
