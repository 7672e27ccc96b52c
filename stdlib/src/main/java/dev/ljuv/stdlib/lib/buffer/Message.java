package dev.ljuv.stdlib.lib.buffer;

import org.luaj.vm2.LuaString;

/**
 * Values on their way to another Lua state of this JVM (a channel's message, a thread's arguments or results), as
 * {@link StringBufferLibrary#encodeValues} makes them: LuaJIT's serialization, except that long strings are passed
 * by reference instead of being copied into it and out again. A Lua string is immutable and the states share one
 * heap, so a 64 KiB string crosses to another thread without a copy (the original ljuv copies it twice: it has a
 * heap per state). Only the bytes format is LuaJIT's; a message never reaches Lua as a string.
 *
 * <p>Threading: immutable once made; handed to another thread through a queue or a volatile write.
 */
public final class Message {
    final byte[] bytes;
    /** The strings that {@link SerialFormat#SHARED_STR} refers to, by index; null when there are none. */
    final LuaString[] strings;

    Message(byte[] bytes, LuaString[] strings) {
        this.bytes = bytes;
        this.strings = strings;
    }
}
