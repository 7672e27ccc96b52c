package dev.ljuv.stdlib.os;

import dev.ljuv.stdlib.StdStreams;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** {@code os.exit([code])}: flushes the state's output, then ends the process ({@code true} is 0, {@code false} 1). */
public final class Exit extends VarArgFunction {
    private final StdStreams streams;

    public Exit(StdStreams streams) {
        this.streams = streams;
        name = "exit";
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue code = args.arg1();
        int status;
        if (code.isnil()) {
            status = 0;
        } else if (code.isboolean()) {
            status = code.toboolean() ? 0 : 1;
        } else {
            status = args.checkint(1);
        }
        streams.flush();
        System.out.flush();
        System.exit(status);
        return NONE;
    }
}
