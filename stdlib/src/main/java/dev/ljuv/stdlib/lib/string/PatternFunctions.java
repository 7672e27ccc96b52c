package dev.ljuv.stdlib.lib.string;

import dev.ljuv.stdlib.lua.Args;
import dev.ljuv.stdlib.lua.Functions;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The pattern functions of {@link StringLibrary}: {@code string.find}, {@code match}, {@code gmatch} and
 * {@code gsub} on {@link LuaPattern}, with Lua 5.1's
 * semantics (LuaJ's matcher had a broken frontier pattern and read past the subject's end).
 *
 * <p>Threading: stateless.
 */
public final class PatternFunctions {
    private PatternFunctions() {}

    private static final String SPECIALS = "^$*+?.([%-";

    /** Lua 5.1's posrelat: a negative position counts from the end. */
    private static int position(double pos, int len) {
        if (pos < 0) {
            pos = len + pos + 1;
        }
        return (int) Math.max(pos, 0);
    }

    static Varargs find(Varargs args, boolean find) {
        String name = find ? "find" : "match";
        LuaString s = Args.checkString(args, 1, name);
        LuaString p = Args.checkString(args, 2, name);
        int init = position(args.isnoneornil(3) ? 1 : Args.checkNumber(args, 3, name), s.m_length) - 1;
        if (init < 0) {
            init = 0;
        } else if (init > s.m_length) {
            init = s.m_length;
        }
        if (find && (args.arg(4).toboolean() || noSpecials(p))) {
            int at = s.indexOf(p, init);
            return at < 0 ? LuaValue.NIL : LuaValue.varargsOf(LuaValue.valueOf(at + 1), LuaValue.valueOf(at + p.m_length));
        }
        LuaPattern m = new LuaPattern(s, p);
        int pi = m.patternStart();
        boolean anchor = pi < m.patternEnd() && m.patternByte(pi) == '^';
        if (anchor) {
            pi++;
        }
        int si = s.m_offset + init;
        do {
            m.level = 0;
            int e = m.match(si, pi);
            if (e != -1) {
                if (find) {
                    LuaValue[] out = new LuaValue[2 + m.level];
                    out[0] = LuaValue.valueOf(si - s.m_offset + 1);
                    out[1] = LuaValue.valueOf(e - s.m_offset);
                    for (int i = 0; i < m.level; i++) {
                        out[2 + i] = m.capture(i, si, e);
                    }
                    return LuaValue.varargsOf(out);
                }
                return captures(m, si, e);
            }
            si++;
        } while (si <= m.sEnd && !anchor);
        return LuaValue.NIL;
    }

    private static boolean noSpecials(LuaString p) {
        for (int i = 0; i < p.m_length; i++) {
            if (SPECIALS.indexOf(p.m_bytes[p.m_offset + i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static Varargs captures(LuaPattern m, int si, int e) {
        int n = m.captureCount();
        if (n == 1) {
            return m.capture(0, si, e);
        }
        LuaValue[] out = new LuaValue[n];
        for (int i = 0; i < n; i++) {
            out[i] = m.capture(i, si, e);
        }
        return LuaValue.varargsOf(out);
    }

    static Varargs gmatch(Varargs args) {
        LuaString s = Args.checkString(args, 1, "gmatch");
        LuaString p = Args.checkString(args, 2, "gmatch");
        int[] next = {s.m_offset};
        return Functions.holdingBuiltin(dev.ljuv.stdlib.vm.Builtins.GMATCH_ITERATOR, s, ignored -> { // unnamed
            LuaPattern m = new LuaPattern(s, p);
            for (int si = next[0]; si <= m.sEnd; si++) {
                m.level = 0;
                int e = m.match(si, m.patternStart());
                if (e != -1) {
                    next[0] = e == si ? e + 1 : e; // an empty match advances by one
                    return captures(m, si, e);
                }
            }
            next[0] = m.sEnd + 1;
            return LuaValue.NIL;
        });
    }

    static Varargs gsub(Varargs args) {
        LuaString s = Args.checkString(args, 1, "gsub");
        LuaString p = Args.checkString(args, 2, "gsub");
        LuaValue repl = args.arg(3);
        if (!(repl.isstring() || repl.istable() || repl.isfunction())) {
            throw Args.error(3, "gsub", "string/function/table expected");
        }
        int maxN = args.isnoneornil(4) ? Integer.MAX_VALUE : (int) Args.checkNumber(args, 4, "gsub");
        LuaPattern m = new LuaPattern(s, p);
        int pi = m.patternStart();
        boolean anchor = pi < m.patternEnd() && m.patternByte(pi) == '^';
        if (anchor) {
            pi++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.m_length);
        int si = s.m_offset;
        int n = 0;
        while (n < maxN) {
            m.level = 0;
            int e = m.match(si, pi);
            if (e != -1) {
                n++;
                addValue(out, m, si, e, repl);
            }
            if (e != -1 && e > si) {
                si = e;
            } else if (si < m.sEnd) {
                out.write(s.m_bytes[si++]);
            } else {
                break;
            }
            if (anchor) {
                break;
            }
        }
        out.write(s.m_bytes, si, m.sEnd - si);
        return LuaValue.varargsOf(LuaString.valueUsing(out.toByteArray()), LuaValue.valueOf(n));
    }

    private static void addValue(ByteArrayOutputStream out, LuaPattern m, int si, int e, LuaValue repl) {
        LuaValue value;
        if (repl.isstring()) {
            LuaString r = repl.strvalue();
            for (int i = 0; i < r.m_length; i++) {
                byte c = r.m_bytes[r.m_offset + i];
                if (c == '%') {
                    // a lone '%' at the end escapes the C string's terminator: LuaJIT adds a NUL byte
                    byte d = ++i < r.m_length ? r.m_bytes[r.m_offset + i] : 0;
                    if (d >= '0' && d <= '9') {
                        LuaString cap = (d == '0' ? LuaString.valueOf(m.s, si, e - si) : m.capture(d - '1', si, e)).strvalue();
                        out.write(cap.m_bytes, cap.m_offset, cap.m_length);
                    } else {
                        out.write(d);
                    }
                } else {
                    out.write(c);
                }
            }
            return;
        }
        LuaValue first = m.capture(0, si, e);
        value = repl.istable() ? repl.get(first) : repl.invoke(captures(m, si, e)).arg1();
        if (!value.toboolean()) {
            out.write(m.s, si, e - si);
        } else if (value.isstring()) {
            LuaString v = value.strvalue();
            out.write(v.m_bytes, v.m_offset, v.m_length);
        } else {
            throw new LuaError("invalid replacement value (a " + value.typename() + ")");
        }
    }
}
