package dev.ljuv.stdlib.base;

import dev.ljuv.stdlib.Args;
import dev.ljuv.stdlib.patch.LuaHooks;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code tonumber(e [, base])} as in LuaJIT: numbers as themselves; strings in base 10 as Lua number
 * literals (decimal or {@code 0x} hex, surrounding spaces allowed, an optional sign); other bases 2 to 36
 * as unsigned digits; anything else {@code nil}.
 */
public final class ToNumber extends VarArgFunction {
    public ToNumber() {
        name = "tonumber";
    }

    @Override
    public Varargs invoke(Varargs args) {
        if (args.narg() == 0) {
            throw Args.error(1, "tonumber", "value expected");
        }
        LuaValue e = args.arg1();
        int base = args.isnoneornil(2) ? 10 : (int) Args.checkNumber(args, 2, "tonumber");
        if (base == 10) {
            if (e.type() == TNUMBER) {
                return e;
            }
            if (!(e instanceof LuaString)) {
                return NIL;
            }
            String s = e.tojstring().trim();
            boolean negative = s.startsWith("-");
            if (negative || s.startsWith("+")) {
                s = s.substring(1);
            }
            if (s.isEmpty() || s.startsWith("0b") || s.startsWith("0B")) {
                return NIL;
            }
            LuaValue v = LuaHooks.parseNumber(s);
            return v == null ? NIL : negative ? valueOf(-v.todouble()) : v;
        }
        if (base < 2 || base > 36) {
            throw Args.error(2, "tonumber", "base out of range");
        }
        String s = e.checkjstring().trim().toLowerCase();
        boolean negative = s.startsWith("-");
        if (negative) {
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return NIL;
        }
        double v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) {
                return NIL;
            }
            v = v * base + d;
        }
        return valueOf(negative ? -v : v);
    }
}
