package dev.ljuv.stdlib.lib.cjson;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * lua-cjson 2.1.0 ({@code require "cjson"} and {@code "cjson.safe"}), with OpenResty's additions (its fork's
 * {@code empty_array}, {@code array_mt}, {@code empty_array_mt}, four settings, a precision up to 16 and tables
 * with {@code __len} encoded as arrays): JSON for OpenResty-style code.
 * Each module table, and each one {@code new()} makes, has its own settings; {@code cjson.safe}'s {@code encode} and
 * {@code decode} answer {@code nil, message} instead of raising. {@code cjson.null} is LuaJIT's NULL light userdata,
 * the value string.buffer decodes too. The settings' functions answer and take what the C module's do
 * ({@code encode_sparse_array(true, 2, 10)} -> the three settings), with its argument errors.
 *
 * <p>Threading: a module table belongs to its state; its settings are read and set by that state's thread.
 */
public final class CjsonLibrary {
    private CjsonLibrary() {}

    static final String[] NAMES = {
        "encode", "decode", "encode_sparse_array", "encode_max_depth", "decode_max_depth", "encode_number_precision",
        "encode_keep_buffer", "encode_invalid_numbers", "decode_invalid_numbers", "new", "null", "_NAME", "_VERSION",
        // OpenResty's additions
        "encode_empty_table_as_object", "encode_escape_forward_slash", "encode_skip_unsupported_value_types",
        "decode_array_with_array_mt", "empty_array", "array_mt", "empty_array_mt",
    };

    /** OpenResty's {@code cjson.empty_array}: a light userdata that encodes as {@code []} (one for the process). */
    static final LuaValue EMPTY_ARRAY = new org.luaj.vm2.LuaUserdata(new Object());

    /** OpenResty's {@code array_mt} and {@code empty_array_mt}: one pair per state, shared by its module tables. */
    record Arrays(LuaTable arrayMt, LuaTable emptyArrayMt) {}

    /** One module table's settings, the C module's defaults. */
    static final class Config {
        final Arrays arrays;
        boolean emptyTableAsObject = true;
        boolean escapeForwardSlash = true;
        boolean skipUnsupported;
        boolean decodeArrayWithArrayMt;
        boolean sparseConvert;
        int sparseRatio = 2;
        int sparseSafe = 10;
        int encodeMaxDepth = 1000;
        int decodeMaxDepth = 1000;
        /** 0: an error; 1: nan, inf as C writes them; 2: null. */
        int encodeInvalidNumbers;
        boolean decodeInvalidNumbers = true;
        boolean keepBuffer = true;
        int encodeNumberPrecision = 14;

        Config(Arrays arrays) {
            this.arrays = arrays;
        }
    }

    /** Sets a state's {@code package.preload.cjson} and {@code ["cjson.safe"]}. */
    public static void preload(LuaTable preload) {
        Arrays arrays = new Arrays(new LuaTable(), new LuaTable());
        preload.set("cjson", Functions.named("cjson", a -> module(false, arrays)));
        preload.set("cjson.safe", Functions.named("cjson.safe", a -> module(true, arrays)));
    }

    private static LuaTable module(boolean safe, Arrays arrays) {
        Config cfg = new Config(arrays);
        return Functions.library(safe ? "cjson.safe" : "cjson", NAMES)
                .function("encode", a -> {
                    oneArgument(a, "encode");
                    return safe ? safely(() -> JsonEncoder.encode(a.arg1(), cfg)) : JsonEncoder.encode(a.arg1(), cfg);
                })
                .function("decode", a -> {
                    oneArgument(a, "decode");
                    // (cjson.safe checks its argument inside its own pcall, where the function has no name: '?')
                    return safe ? safely(() -> JsonDecoder.decode(Args.checkString(a, 1, "?"), cfg))
                            : JsonDecoder.decode(Args.checkString(a, 1, "decode"), cfg);
                })
                .function("encode_sparse_array", a -> {
                    arguments(a, 3, "encode_sparse_array");
                    cfg.sparseConvert = bool(a, 1, "encode_sparse_array", cfg.sparseConvert);
                    cfg.sparseRatio = integer(a, 2, "encode_sparse_array", cfg.sparseRatio, 0, Integer.MAX_VALUE);
                    cfg.sparseSafe = integer(a, 3, "encode_sparse_array", cfg.sparseSafe, 0, Integer.MAX_VALUE);
                    return LuaValue.varargsOf(LuaValue.valueOf(cfg.sparseConvert), LuaValue.valueOf(cfg.sparseRatio),
                            LuaValue.valueOf(cfg.sparseSafe));
                })
                .function("encode_max_depth", limit("encode_max_depth", Integer.MAX_VALUE,
                        () -> cfg.encodeMaxDepth, v -> cfg.encodeMaxDepth = v))
                .function("decode_max_depth", limit("decode_max_depth", Integer.MAX_VALUE,
                        () -> cfg.decodeMaxDepth, v -> cfg.decodeMaxDepth = v))
                .function("encode_number_precision", limit("encode_number_precision", 16, // (OpenResty's; mpx's 14)
                        () -> cfg.encodeNumberPrecision, v -> cfg.encodeNumberPrecision = v))
                // (a buffer kept between calls is the C module's affair)
                .function("encode_keep_buffer", onOff("encode_keep_buffer", () -> cfg.keepBuffer,
                        v -> cfg.keepBuffer = v))
                .function("encode_invalid_numbers", a -> {
                    arguments(a, 1, "encode_invalid_numbers");
                    LuaValue v = a.arg1();
                    if (v.isboolean()) {
                        cfg.encodeInvalidNumbers = v.toboolean() ? 1 : 0;
                    } else if (!v.isnil()) {
                        cfg.encodeInvalidNumbers = option(a, 1, "encode_invalid_numbers", "off", "on", "null");
                    }
                    return cfg.encodeInvalidNumbers == 2 ? LuaValue.valueOf("null")
                            : LuaValue.valueOf(cfg.encodeInvalidNumbers == 1);
                })
                .function("decode_invalid_numbers", onOff("decode_invalid_numbers",
                        () -> cfg.decodeInvalidNumbers, v -> cfg.decodeInvalidNumbers = v))
                .function("encode_empty_table_as_object", onOff("encode_empty_table_as_object",
                        () -> cfg.emptyTableAsObject, v -> cfg.emptyTableAsObject = v))
                .function("encode_escape_forward_slash", onOff("encode_escape_forward_slash",
                        () -> cfg.escapeForwardSlash, v -> cfg.escapeForwardSlash = v))
                .function("encode_skip_unsupported_value_types", onOff("encode_skip_unsupported_value_types",
                        () -> cfg.skipUnsupported, v -> cfg.skipUnsupported = v))
                .function("decode_array_with_array_mt", onOff("decode_array_with_array_mt",
                        () -> cfg.decodeArrayWithArrayMt, v -> cfg.decodeArrayWithArrayMt = v))
                .value("empty_array", EMPTY_ARRAY)
                .value("array_mt", arrays.arrayMt())
                .value("empty_array_mt", arrays.emptyArrayMt())
                .function("new", a -> module(safe, arrays))
                .value("null", ValueSemantics.NULL)
                .value("_NAME", LuaValue.valueOf("cjson"))
                .value("_VERSION", LuaValue.valueOf("2.1.0"))
                .done();
    }

    /** An on/off setting's function: its one optional argument sets it (a boolean, "on" or "off"); the setting. */
    private static Functions.Body onOff(String name, BooleanSupplier get, Consumer<Boolean> set) {
        return a -> {
            arguments(a, 1, name);
            set.accept(bool(a, 1, name, get.getAsBoolean()));
            return LuaValue.valueOf(get.getAsBoolean());
        };
    }

    /** An integer setting's function, from 1 to {@code max}: its one optional argument sets it; the setting. */
    private static Functions.Body limit(String name, int max, IntSupplier get, IntConsumer set) {
        return a -> {
            arguments(a, 1, name);
            set.accept(integer(a, 1, name, get.getAsInt(), 1, max));
            return LuaValue.valueOf(get.getAsInt());
        };
    }

    private static void oneArgument(Varargs a, String function) {
        if (a.narg() != 1) {
            throw Args.error(1, function, "expected 1 argument");
        }
    }

    /** At most {@code max} arguments, as the C module's settings check. */
    private static void arguments(Varargs a, int max, String function) {
        if (a.narg() > max) {
            throw Args.error(max + 1, function, "found too many arguments");
        }
    }

    private interface Conversion {
        LuaValue run();
    }

    /** cjson.safe: the result, or {@code nil, message} for the conversion's error (its message without position). */
    private static Varargs safely(Conversion c) {
        try {
            return c.run();
        } catch (LuaError e) {
            return LuaValue.varargsOf(LuaValue.NIL, e.getMessageObject());
        }
    }

    /** An on/off setting: a boolean or "on"/"off"; nil keeps {@code current}. */
    private static boolean bool(Varargs a, int i, String function, boolean current) {
        LuaValue v = a.arg(i);
        if (v.isnil()) {
            return current;
        }
        return v.isboolean() ? v.toboolean() : option(a, i, function, "off", "on") == 1;
    }

    /** An integer setting within {@code [min, max]}; nil keeps {@code current}. */
    private static int integer(Varargs a, int i, String function, int current, int min, int max) {
        if (a.arg(i).isnil()) {
            return current;
        }
        double d = Args.checkNumber(a, i, function);
        long v = (long) d;
        if (v < min || v > max) { // (the C module names argument 1 whichever it was)
            throw Args.error(1, function, "expected integer between " + min + " and " + max);
        }
        return (int) v;
    }

    /** luaL_checkoption: the index of the argument among {@code options}. */
    private static int option(Varargs a, int i, String function, String... options) {
        String s = Args.checkString(a, i, function).tojstring();
        for (int k = 0; k < options.length; k++) {
            if (options[k].equals(s)) {
                return k;
            }
        }
        throw Args.error(i, function, "invalid option '" + s + "'");
    }
}
