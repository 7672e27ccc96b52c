package dev.ljuv.stdlib.load;

import org.luaj.vm2.LoadState;

/**
 * Checks a binary chunk's declared sizes against its length before LuaJ reads it. LuaJ's reader allocates what a
 * count says (an array of 2^31 instructions, a string of 2 GiB) before it reads the elements, so a forged count
 * in a chunk of a hundred bytes cost seconds of allocation and garbage collection, or the heap. Every element
 * takes at least one byte of the chunk: a count larger than the bytes that remain is refused at once.
 * (The layout is LuaJ's, {@link LoadState}: Lua 5.2's with 4-byte counts.)
 *
 * <p>Threading: stateless.
 */
public final class ChunkBounds {
    private static final int MAX_NESTING = 200; // as deep as the parser lets functions nest

    private final byte[] b;
    private int pos;
    private boolean little;
    private boolean wideSizes;
    private boolean intsOnly;

    private ChunkBounds(byte[] chunk) {
        this.b = chunk;
    }

    /** Whether {@code chunk} (starting with the binary signature) declares nothing beyond its own length. */
    public static boolean plausible(byte[] chunk) {
        try {
            ChunkBounds c = new ChunkBounds(chunk);
            c.header();
            c.function(0);
            return true;
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return false;
        }
    }

    private void header() {
        pos = 4; // the signature, checked by the caller
        pos += 2; // version, format
        little = b[pos++] != 0;
        pos += 1; // sizeof(int): LuaJ reads 4 bytes whatever it says
        wideSizes = b[pos++] == 8;
        pos += 2; // sizeof(Instruction), sizeof(lua_Number)
        intsOnly = b[pos++] == LoadState.NUMBER_FORMAT_INTS_ONLY;
        skip(LoadState.LUAC_TAIL.length);
    }

    private void function(int depth) {
        if (depth > MAX_NESTING) {
            throw new IllegalStateException("nesting");
        }
        skip(4 + 4 + 3); // lines defined, parameters, vararg flag, stack size
        skip(count(4) * 4L); // code
        for (int n = count(1); n > 0; n--) { // constants
            int type = b[pos++];
            switch (type) {
                case LoadState.LUA_TNIL -> { }
                case LoadState.LUA_TBOOLEAN -> skip(1);
                case LoadState.LUA_TINT -> skip(4);
                case LoadState.LUA_TNUMBER -> skip(intsOnly ? 4 : 8);
                case LoadState.LUA_TSTRING -> string();
                default -> throw new IllegalStateException("constant type");
            }
        }
        for (int n = count(1); n > 0; n--) { // inner functions
            function(depth + 1);
        }
        skip(count(2) * 2L); // upvalues
        string(); // source
        skip(count(4) * 4L); // line info
        for (int n = count(1); n > 0; n--) { // local variables
            string();
            skip(8);
        }
        for (int n = count(1); n > 0; n--) { // upvalue names
            string();
        }
    }

    /** A count of elements of at least {@code minBytes} each, checked against what remains. */
    private int count(int minBytes) {
        int n = int32();
        if (n < 0 || (long) n * minBytes > b.length - pos) {
            throw new IllegalStateException("count");
        }
        return n;
    }

    private void string() {
        long size;
        if (wideSizes) {
            long first = int32() & 0xffffffffL;
            long second = int32() & 0xffffffffL;
            size = (int) (little ? second << 32 | first : first << 32 | second); // as LuaJ truncates it
        } else {
            size = int32();
        }
        if (size < 0 || size > b.length - pos) {
            throw new IllegalStateException("string size");
        }
        pos += (int) size;
    }

    private int int32() {
        int v = little
                ? (b[pos + 3] << 24) | ((b[pos + 2] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos] & 0xff)
                : (b[pos] << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private void skip(long n) {
        if (n > b.length - pos) {
            throw new IllegalStateException("length");
        }
        pos += (int) n;
    }
}
