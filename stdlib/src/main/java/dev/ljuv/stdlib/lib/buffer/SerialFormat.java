package dev.ljuv.stdlib.lib.buffer;

/**
 * LuaJIT 2.1's serialization format (x86-64, non-dual-number build), as tags: one byte per value, then the
 * value's payload. Numbers are always written as 8-byte little-endian doubles; 32-bit integers are
 * accepted on decode. Strings are {@code 0x20 + length} in the variable-length unsigned code.
 */
final class SerialFormat {
    private SerialFormat() {}

    static final int NIL = 0x00;
    static final int FALSE = 0x01;
    static final int TRUE = 0x02;
    static final int NULL = 0x03;
    static final int LIGHTUD32 = 0x04;
    static final int LIGHTUD64 = 0x05;
    static final int INT = 0x06;
    static final int NUM = 0x07;
    /** Tables: {@code TAB} + 1 with a hash part, + 2 with an array part from index 0, + 4 from index 1. */
    static final int TAB = 0x08;
    static final int DICT_MT = 0x0e;
    static final int DICT_STR = 0x0f;
    static final int INT64 = 0x10;
    static final int UINT64 = 0x11;
    static final int COMPLEX = 0x12;
    /**
     * Not LuaJIT's (a tag it leaves unused): in a {@link Message} only, a long string passed by reference, as its
     * index (U124) among the message's strings. {@code buffer.decode} refuses it as LuaJIT would.
     */
    static final int SHARED_STR = 0x1f;
    static final int STR = 0x20;

    /** Nesting limit of tables, on encode and decode. */
    static final int MAX_DEPTH = 100;
}
