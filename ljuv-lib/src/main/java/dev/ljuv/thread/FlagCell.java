package dev.ljuv.thread;

/**
 * The C {@code int} behind a shared flag, shared by every Lua object that imports it.
 *
 * <p>Threading: safe from any thread (volatile reads and writes).
 */
final class FlagCell {
    private volatile int value;

    FlagCell(int value) {
        this.value = value;
    }

    int get() {
        return value;
    }

    void set(int v) {
        value = v;
    }

    /** A Lua number as C converts it to {@code int}: truncated, then wrapped to 32 bits. */
    static int toCInt(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Integer.MIN_VALUE;
        }
        return (int) (long) d;
    }
}
