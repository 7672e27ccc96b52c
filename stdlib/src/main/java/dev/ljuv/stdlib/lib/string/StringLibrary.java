package dev.ljuv.stdlib.lib.string;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.LuaErrors;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import dev.ljuv.stdlib.vm.MemoryGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.DumpState;
import org.luaj.vm2.lib.StringLib;

/**
 * The string library (LuaJIT's {@code lib_string.c}), on bytes: LuaJ's {@code byte}, {@code char} and
 * {@code sub}; byte-wise {@code upper}/{@code lower} (bytes from 0x80 untouched), {@code rep(s, n [, sep])},
 * {@code len}, {@code reverse}, {@code dump}; the pattern functions on {@link LuaPattern}
 * ({@link PatternFunctions}); {@code format} with C's printf semantics ({@link StringFormat}). It is also the
 * {@code __index} of the state's string metatable.
 *
 * <p>Threading: installs into one state; the functions are stateless.
 */
public final class StringLibrary {
    /** Every name of the {@code string} table. */
    static final String[] NAMES = {
        "byte", "char", "dump", "find", "format", "gmatch", "gsub", "len", "lower", "match", "rep", "reverse",
        "sub", "upper",
    };

    private StringLibrary() {}

    /** The {@code string} table, made the {@code __index} of the state's string metatable. */
    public static LuaTable install(LuaJitGlobals g) {
        LuaTable luaj = Functions.luaj(g, new StringLib(), "string");
        StringFormat format = new StringFormat("format", 1);
        LuaTable string = Functions.library("string", NAMES)
                .keep(luaj, "byte", "char", "sub")
                .function("len", args -> LuaValue.valueOf(Args.checkString(args, 1, "len").m_length))
                .function("upper", args -> mapBytes(Args.checkString(args, 1, "upper"), true))
                .function("lower", args -> mapBytes(Args.checkString(args, 1, "lower"), false))
                .function("rep", StringLibrary::rep)
                .function("reverse", args -> {
                    LuaString s = Args.checkString(args, 1, "reverse");
                    byte[] out = new byte[s.m_length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = s.m_bytes[s.m_offset + s.m_length - 1 - i];
                    }
                    return LuaString.valueUsing(out);
                })
                .function("dump", StringLibrary::dump)
                .function("find", args -> PatternFunctions.find(args, true))
                .function("match", args -> PatternFunctions.find(args, false))
                .function("gmatch", PatternFunctions::gmatch)
                .function("gsub", PatternFunctions::gsub)
                .function("format", format::format)
                .done();
        LuaTable meta = new dev.ljuv.stdlib.vm.Table(); // the runtime's kind: s:method() sites cache through it
        meta.set(LuaValue.INDEX, string);
        g.stringMetatable = meta;
        return string;
    }

    /** {@code string.dump(f [, strip])}: LuaJ's binary chunk of a Lua function. */
    private static LuaValue dump(Varargs args) {
        if (!(args.arg1() instanceof LuaClosure f)) {
            if (args.arg1().isfunction()) {
                throw new LuaError("unable to dump given function"); // LuaJIT's: an error of the caller's, not an argument's
            }
            throw Args.error(1, "dump", "function expected, got " + Args.typeName(args, 1));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            // a function loaded from stripped bytecode has no debug information left to keep
            Prototype p = dev.ljuv.stdlib.load.BytecodeVerifier.asLoaded(f.p); // a loaded chunk dumps as it came
            DumpState.dump(p, out, args.arg(2).toboolean() || p.lineinfo == null || p.lineinfo.length == 0);
        } catch (IOException e) {
            throw new LuaError("unable to dump given function");
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static LuaString mapBytes(LuaString s, boolean upper) {
        byte[] out = new byte[s.m_length];
        for (int i = 0; i < out.length; i++) {
            byte c = s.m_bytes[s.m_offset + i];
            if (upper && c >= 'a' && c <= 'z') {
                c -= 32;
            } else if (!upper && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            out[i] = c;
        }
        return LuaString.valueUsing(out);
    }

    private static LuaValue rep(Varargs args) {
        LuaString s = Args.checkString(args, 1, "rep");
        double n = Args.checkNumber(args, 2, "rep");
        LuaString sep = args.isnoneornil(3) ? null : Args.checkString(args, 3, "rep");
        if (n <= 0) {
            return LuaValue.EMPTYSTRING;
        }
        long count = (long) n;
        int sepLength = sep == null ? 0 : sep.m_length;
        long unit = (long) s.m_length + sepLength; // one copy and the separator after it
        if (unit == 0 || count == 1) {
            return unit == 0 ? LuaValue.EMPTYSTRING : s;
        }
        long total = count > Integer.MAX_VALUE ? Long.MAX_VALUE : count * unit - sepLength;
        byte[] out = MemoryGuard.bytes(total);
        System.arraycopy(s.m_bytes, s.m_offset, out, 0, s.m_length);
        if (sepLength > 0) {
            System.arraycopy(sep.m_bytes, sep.m_offset, out, s.m_length, sepLength);
        }
        // the text repeats with period unit: copying what is filled doubles it (a few large copies, not count small ones)
        for (long filled = unit; filled < total; filled *= 2) {
            System.arraycopy(out, 0, out, (int) filled, (int) Math.min(filled, total - filled));
        }
        return LuaString.valueUsing(out);
    }
}
