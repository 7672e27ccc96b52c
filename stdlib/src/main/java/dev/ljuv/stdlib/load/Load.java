package dev.ljuv.stdlib.load;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.LuaErrors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code load(chunk [, chunkname [, mode [, env]]])} as in LuaJIT 2.1: {@code chunk} is a string or a reader
 * function called until it returns {@code nil} or an empty string (LuaJ called it again after the end);
 * returns the function, or {@code nil} and the message.
 */
public final class Load extends VarArgFunction {
    private final Globals globals;

    public Load(Globals globals) {
        this.globals = globals;
        name = "load";
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue chunk = args.arg1();
        LuaString source;
        String defaultName;
        if (chunk.isstring()) {
            source = chunk.strvalue();
            defaultName = source.tojstring();
        } else if (chunk.isfunction()) {
            ByteArrayOutputStream pieces = new ByteArrayOutputStream();
            while (true) {
                LuaValue piece = chunk.call();
                if (piece.isnil()) {
                    break;
                }
                if (!piece.isstring()) {
                    return varargsOf(NIL, valueOf("reader function must return a string"));
                }
                LuaString s = piece.strvalue();
                if (s.m_length == 0) {
                    break;
                }
                pieces.write(s.m_bytes, s.m_offset, s.m_length);
            }
            source = LuaString.valueUsing(pieces.toByteArray());
            defaultName = "=(load)";
        } else {
            throw Args.typeError(args, 1, "load", "function");
        }
        String chunkName = args.isnoneornil(2) ? defaultName : args.checkjstring(2);
        String mode = args.isnoneornil(3) ? "bt" : args.checkjstring(3);
        // as in LuaJIT, a chunk's default environment is the loading thread's (see setfenv(0, t))
        LuaValue env = args.isnoneornil(4)
                ? (globals instanceof dev.ljuv.stdlib.LuaJitGlobals g ? g.currentEnvironment() : globals)
                : args.arg(4);
        try {
            return globals.load(new ByteArrayInputStream(source.m_bytes, source.m_offset, source.m_length), chunkName, mode, env);
        } catch (LuaError e) {
            return varargsOf(NIL, LuaErrors.valueOf(e));
        }
    }
}
