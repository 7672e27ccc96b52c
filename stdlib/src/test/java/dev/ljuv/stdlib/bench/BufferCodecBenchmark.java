package dev.ljuv.stdlib.bench;

import dev.ljuv.stdlib.lib.buffer.StringBufferLibrary;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@code buffer.encode} and {@code buffer.decode} of the mixed nested table of the {@code buffer_codec} Lua
 * benchmark (4190 bytes encoded), and of an array of 1000 numbers, called from Java: the codec without the
 * interpreter around it; and {@code channel_large}'s message (1000 numbers and a 64 KiB string) as a channel
 * passes it between states, against the same values through {@code buffer.encode} and {@code decode}.
 * Multiply ops/s by 4190 for bytes/s.
 */
public class BufferCodecBenchmark extends LuaBenchmark {
    private LuaValue encode;
    private LuaValue decode;
    private LuaValue object;
    private LuaValue encoded;
    private LuaValue numbers;
    private LuaValue encodedNumbers;
    private Varargs message;
    private LuaValue messageTable;

    @Setup
    public void setup() {
        Globals g = newGlobals();
        LuaValue buffer = g.get("require").call(LuaValue.valueOf("string.buffer"));
        encode = buffer.get("encode");
        decode = buffer.get("decode");
        object = g.load("""
                local obj = {name = "bench", version = 3, ok = true, ratio = 0.25, tags = {}, items = {}}
                for i = 1, 16 do obj.tags[i] = "tag" .. i end
                for i = 1, 32 do
                  obj.items[i] = {id = i, label = "item-" .. i, price = i * 1.25, active = i % 2 == 0,
                    dims = {i, i + 1, i + 2}, meta = {owner = "user" .. (i % 5), note = string.rep("x", i)}}
                end
                return obj""", "=object").call();
        numbers = g.load("local t = {} for i = 1, 1000 do t[i] = i * 1.5 end return t", "=numbers").call();
        encodedNumbers = encode.call(numbers);
        encoded = encode.call(object);
        LuaValue large = LuaValue.valueOf("0123456789abcdef".repeat(4096));
        message = LuaValue.varargsOf(LuaValue.valueOf(1), numbers, large);
        messageTable = LuaValue.listOf(new LuaValue[] {LuaValue.valueOf(1), numbers, large});
        if (encoded.rawlen() != 4190) {
            throw new IllegalStateException("unexpected encoded size " + encoded.rawlen());
        }
    }

    @Benchmark
    public LuaValue encodeTable() {
        return encode.call(object);
    }

    @Benchmark
    public LuaValue decodeTable() {
        return decode.call(encoded);
    }

    /** An array of 1000 numbers, half of them integral (channel_large's payload): the array part's own loops. */
    @Benchmark
    public LuaValue encodeNumbers() {
        return encode.call(numbers);
    }

    @Benchmark
    public LuaValue decodeNumbers() {
        return decode.call(encodedNumbers);
    }

    /** A channel's message: encoded (the long string by reference), then decoded. */
    @Benchmark
    public Varargs channelMessage() {
        return StringBufferLibrary.decodeValues(StringBufferLibrary.encodeValues(message));
    }

    /** The same values in LuaJIT's format, where the string is copied in and out. */
    @Benchmark
    public LuaValue bufferRoundTrip() {
        return decode.call(encode.call(messageTable));
    }
}
