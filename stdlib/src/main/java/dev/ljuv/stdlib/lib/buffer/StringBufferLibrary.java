package dev.ljuv.stdlib.lib.buffer;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.lua.MethodTable;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code require("string.buffer")}: LuaJIT's string buffer library ({@code new}, {@code encode},
 * {@code decode}) over {@link StringBuffer}, byte-compatible with LuaJIT's serialization format.
 *
 * <p>Threading: {@link #encode} and {@link #decode} are stateless and may be used from any thread; the
 * module table belongs to one Lua state.
 */
public final class StringBufferLibrary {
    /** Every name of the module table. */
    static final String[] NAMES = {"decode", "encode", "new"};

    private StringBufferLibrary() {}

    /** The module table for one Lua state. */
    public static LuaTable install() {
        MethodTable<StringBuffer> type = StringBuffer.methods();
        Bytes[] scratch = {new Bytes(4096)}; // this state's: no thread-local look-up per call (3% of the time)
        return Functions.library("string.buffer", NAMES)
                .function("new", args -> StringBuffer.create(type, args))
                .function("encode", args -> {
                    if (args.narg() == 0) {
                        throw Args.error(1, "encode", "value expected");
                    }
                    return LuaString.valueUsing(encodeBytes(args.arg1(), scratch));
                })
                .function("decode", args -> {
                    LuaValue s = args.arg1();
                    if (!(s instanceof LuaString str)) { // (a number is refused too, as by LuaJIT)
                        throw Args.typeError(args, 1, "decode", "string");
                    }
                    return decode(str);
                })
                .done();
    }

    /** The LuaJIT serialization of {@code v}; raises a Lua error for what cannot be serialized. */
    public static LuaString encode(LuaValue v) {
        return LuaString.valueUsing(encodeBytes(v));
    }

    /**
     * Scratch output per thread (and per state, for its {@code encode}), so that encoding does not regrow a buffer
     * every time: one element, replaced by a small one after a large value.
     */
    private static final ThreadLocal<Bytes[]> SCRATCH = ThreadLocal.withInitial(() -> new Bytes[] {new Bytes(4096)});
    private static final int SCRATCH_KEPT = 1 << 20;

    /** Encodes {@code v} into a new byte array. */
    public static byte[] encodeBytes(LuaValue v) {
        return encodeBytes(v, SCRATCH.get());
    }

    /** Encodes {@code v} into a new byte array through {@code scratch[0]} (replaced when it grew large). */
    private static byte[] encodeBytes(LuaValue v, Bytes[] scratch) {
        Bytes out = scratch[0];
        out.reset();
        try {
            Encoder.encode(out, v, Options.NONE);
            return java.util.Arrays.copyOfRange(out.data, out.read, out.write);
        } finally {
            if (out.data.length > SCRATCH_KEPT) {
                scratch[0] = new Bytes(4096);
            }
        }
    }

    /**
     * Several values as one message for another state of this JVM: their count, then each value in LuaJIT's
     * format, long strings by reference (see {@link Message}). {@code nil}s and the count survive. Raises a Lua
     * error (and produces nothing) when a value cannot be serialized.
     */
    public static Message encodeValues(Varargs values) {
        Bytes[] scratch = SCRATCH.get();
        Bytes out = scratch[0];
        out.reset();
        try {
            int n = values.narg();
            out.putU124(n);
            Encoder e = Encoder.forMessage(out);
            for (int i = 1; i <= n; i++) {
                e.value(values.arg(i));
            }
            return new Message(java.util.Arrays.copyOfRange(out.data, out.read, out.write), e.sharedStrings());
        } finally {
            if (out.data.length > SCRATCH_KEPT) {
                scratch[0] = new Bytes(4096);
            }
        }
    }

    /** The values of a message made by {@link #encodeValues}. */
    public static Varargs decodeValues(Message message) {
        Decoder d = new Decoder(message);
        long n = d.count();
        if (n > message.bytes.length) {
            throw new LuaError("unexpected end of buffer");
        }
        switch ((int) n) {
            case 0:
                return LuaValue.NONE;
            case 1:
                return d.value(SerialFormat.MAX_DEPTH);
            default:
                LuaValue[] values = new LuaValue[(int) n];
                for (int i = 0; i < n; i++) {
                    values[i] = d.value(SerialFormat.MAX_DEPTH);
                }
                return LuaValue.varargsOf(values);
        }
    }

    /** The value serialized in {@code s}; raises {@code left-over data in buffer} after the first value. */
    public static LuaValue decode(LuaString s) {
        return decode(s.m_bytes, s.m_offset, s.m_offset + s.m_length, true);
    }

    public static LuaValue decode(byte[] data, int from, int to) {
        return decode(data, from, to, false);
    }

    private static LuaValue decode(byte[] data, int from, int to, boolean immutable) {
        Decoder d = new Decoder(data, from, to, Options.NONE, immutable);
        LuaValue v = d.value(SerialFormat.MAX_DEPTH);
        if (d.pos != to) {
            throw new LuaError("left-over data in buffer");
        }
        return v;
    }
}
