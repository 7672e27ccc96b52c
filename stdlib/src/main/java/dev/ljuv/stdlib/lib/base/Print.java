package dev.ljuv.stdlib.lib.base;

import dev.ljuv.stdlib.lua.Functions;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * {@code print(...)}: each value through the running thread's {@code tostring}, tab-separated. While that is
 * the built-in one and numbers have no metatable, strings and integers are written as they are, as LuaJIT's
 * print does (the common case of printing in a loop). A function object of its own, not a {@link Functions}
 * body, so that the one-argument call of compiled code reaches it without an argument list.
 *
 * <p>Threading: one state's; its line buffer is used by that state's thread only.
 */
final class Print extends VarArgFunction {
    private static final LuaString TOSTRING = LuaString.valueOf("tostring");
    private final LuaJitGlobals g;
    private final LuaValue builtinTostring;
    /** The state's own instance of the key "tostring": its look-up compares no bytes. */
    private LuaString key;

    Print(LuaJitGlobals g, LuaValue builtinTostring) {
        this.g = g;
        this.builtinTostring = builtinTostring;
        this.name = "print";
    }

    /** The line being printed, written out in one piece (the state's thread only). */
    private byte[] line = new byte[64];
    private int length;
    private final byte[] digits = new byte[10];

    @Override
    public LuaValue call(LuaValue v) {
        LuaValue tostring = currentTostring();
        length = 0;
        append(v, tostring, shortcut(tostring));
        flushLine();
        return NIL; // the first of no results
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue tostring = currentTostring();
        boolean shortcut = shortcut(tostring);
        length = 0;
        for (int i = 1, n = args.narg(); i <= n; i++) {
            if (i > 1) {
                append('\t');
            }
            append(args.arg(i), tostring, shortcut);
        }
        flushLine();
        return NONE;
    }

    private LuaValue currentTostring() {
        if (key == null) {
            key = g.intern(TOSTRING); // not LuaValue.TOSTRING, "__tostring", which Print inherits
        }
        return g.currentEnvironment().get(key);
    }

    private boolean shortcut(LuaValue tostring) {
        return tostring == builtinTostring && LuaValue.ZERO.getmetatable() == null;
    }

    private void append(LuaValue v, LuaValue tostring, boolean shortcut) {
        if (shortcut && v instanceof LuaInteger k) {
            appendInteger(k.v);
        } else if (shortcut && v instanceof LuaString s) {
            append(s);
        } else {
            LuaValue s = tostring.call(v);
            if (!s.isstring()) {
                throw new LuaError("'tostring' must return a string to 'print'");
            }
            append(s.strvalue());
        }
    }

    private void flushLine() {
        append('\n');
        g.STDOUT.write(line, 0, length);
        if (line.length > 1 << 16) {
            line = new byte[64]; // a long line once: its room is not kept
        }
    }

    private void room(int n) {
        if (length + n > line.length) {
            line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
    }

    private void append(int b) {
        room(1);
        line[length++] = (byte) b;
    }

    private void append(LuaString s) {
        room(s.m_length);
        System.arraycopy(s.m_bytes, s.m_offset, line, length, s.m_length);
        length += s.m_length;
    }

    /** An int in decimal, as {@code tostring} writes it, without making a string. */

    private void appendInteger(int v) {
        room(11);
        if (v < 0) {
            line[length++] = '-';
        }
        int x = v < 0 ? v : -v; // negative: Integer.MIN_VALUE has no positive counterpart
        int at = digits.length;
        do { // digits from the last, then copied in order
            int q = x / 10;
            digits[--at] = (byte) ('0' + q * 10 - x);
            x = q;
        } while (x != 0);
        System.arraycopy(digits, at, line, length, digits.length - at);
        length += digits.length - at;
    }
}
