package dev.ljuv.stdlib.lib.cjson;

import dev.ljuv.stdlib.vm.NumberScan;
import dev.ljuv.stdlib.vm.ValueSemantics;
import java.util.Arrays;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * {@code cjson.decode}: JSON text as Lua values, as lua-cjson 2.1.0 reads it, token by token, with its messages
 * ({@code Expected comma or array end but found T_END at character 6}). JSON's null is {@link ValueSemantics#NULL}
 * ({@code cjson.null}); a zero byte ends the text, as the C string it reads; numbers are what C's {@code strtod}
 * takes, so with invalid numbers allowed (the default) {@code inf}, {@code nan}, hexadecimal and leading zeros
 * read too.
 *
 * <p>Threading: one instance per call.
 */
final class JsonDecoder {
    /** lua-cjson's token types; the error names them by these. */
    private enum Token { T_OBJ_BEGIN, T_OBJ_END, T_ARR_BEGIN, T_ARR_END, T_STRING, T_NUMBER, T_BOOLEAN, T_NULL,
        T_COLON, T_COMMA, T_END, T_WHITESPACE, T_ERROR, T_UNKNOWN }

    private final byte[] b;
    private final int end;
    private final int base;
    private final CjsonLibrary.Config cfg;
    private int pos;
    private int depth;

    // the current token
    private Token type;
    private int index;
    private LuaValue value;
    private String error;

    private JsonDecoder(LuaString s, CjsonLibrary.Config cfg) {
        this.b = s.m_bytes;
        this.base = s.m_offset;
        this.end = s.m_offset + s.m_length;
        this.pos = base;
        this.cfg = cfg;
    }

    static LuaValue decode(LuaString s, CjsonLibrary.Config cfg) {
        if (s.m_length >= 2 && (s.luaByte(0) == 0 || s.luaByte(1) == 0)) {
            throw new LuaError("JSON parser does not support UTF-16 or UTF-32");
        }
        JsonDecoder d = new JsonDecoder(s, cfg);
        d.next();
        LuaValue v = d.value();
        d.next();
        if (d.type != Token.T_END) {
            throw d.unexpected("the end");
        }
        return v;
    }

    /** The byte at {@code i}, 0 past the end (the C string's terminator). */
    private int at(int i) {
        return i < end ? b[i] & 0xff : 0;
    }

    private LuaError unexpected(String expected) {
        String found = type == Token.T_ERROR ? error : type.name();
        return new LuaError("Expected " + expected + " but found " + found + " at character " + (index - base + 1));
    }

    private LuaValue value() {
        switch (type) {
            case T_STRING, T_NUMBER, T_BOOLEAN -> {
                return value;
            }
            case T_NULL -> {
                return ValueSemantics.NULL;
            }
            case T_OBJ_BEGIN -> {
                return object();
            }
            case T_ARR_BEGIN -> {
                return array();
            }
            default -> throw unexpected("value");
        }
    }

    private void descend() {
        if (++depth > cfg.decodeMaxDepth) {
            throw new LuaError("Found too many nested data structures (" + depth + ") at character " + (pos - base));
        }
    }

    /** Whether the token is {@code end}, which closes the object or array being read (one level up then). */
    private boolean ends(Token end) {
        if (type != end) {
            return false;
        }
        depth--;
        return true;
    }

    private LuaTable object() {
        descend();
        LuaTable t = new LuaTable();
        next();
        if (ends(Token.T_OBJ_END)) {
            return t;
        }
        while (true) {
            if (type != Token.T_STRING) {
                throw unexpected("object key string");
            }
            LuaValue key = value;
            next();
            if (type != Token.T_COLON) {
                throw unexpected("colon");
            }
            next();
            t.rawset(key, value());
            next();
            if (ends(Token.T_OBJ_END)) {
                return t;
            }
            if (type != Token.T_COMMA) {
                throw unexpected("comma or object end");
            }
            next();
        }
    }

    private LuaTable array() {
        descend();
        LuaTable t = new LuaTable();
        next();
        if (ends(Token.T_ARR_END)) {
            return arrayMt(t);
        }
        for (int i = 1; ; i++) {
            t.rawset(i, value());
            next();
            if (ends(Token.T_ARR_END)) {
                return arrayMt(t);
            }
            if (type != Token.T_COMMA) {
                throw unexpected("comma or array end");
            }
            next();
        }
    }

    /** An array, given OpenResty's {@code array_mt} when {@code decode_array_with_array_mt} is on. */
    private LuaTable arrayMt(LuaTable t) {
        if (cfg.decodeArrayWithArrayMt) {
            t.setmetatable(cfg.arrays.arrayMt());
        }
        return t;
    }

    private void fail(String what) {
        type = Token.T_ERROR;
        index = pos;
        error = what;
    }

    /** Reads the next token (an error leaves {@link #pos} at it). */
    private void next() {
        int c;
        while ((c = at(pos)) == ' ' || c == '\t' || c == '\n' || c == '\r') {
            pos++;
        }
        index = pos;
        switch (c) {
            case 0 -> type = Token.T_END;
            case '{' -> single(Token.T_OBJ_BEGIN);
            case '}' -> single(Token.T_OBJ_END);
            case '[' -> single(Token.T_ARR_BEGIN);
            case ']' -> single(Token.T_ARR_END);
            case ',' -> single(Token.T_COMMA);
            case ':' -> single(Token.T_COLON);
            case '"' -> string();
            default -> {
                if (c == '-' || c >= '0' && c <= '9') {
                    if (!cfg.decodeInvalidNumbers && invalidNumber()) {
                        fail("invalid number");
                    } else {
                        number();
                    }
                } else if (word("true")) {
                    literal(Token.T_BOOLEAN, LuaValue.TRUE, 4);
                } else if (word("false")) {
                    literal(Token.T_BOOLEAN, LuaValue.FALSE, 5);
                } else if (word("null")) {
                    literal(Token.T_NULL, null, 4);
                } else if ((c == 'i' || c == 'I' || c == 'n' || c == 'N' || c == '+') && cfg.decodeInvalidNumbers
                        && invalidNumber()) {
                    number();
                } else {
                    fail("invalid token");
                }
            }
        }
    }

    private void single(Token t) {
        type = t;
        pos++;
    }

    private void literal(Token t, LuaValue v, int length) {
        type = t;
        value = v;
        pos += length;
    }

    private boolean word(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (at(pos + i) != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** What strict JSON refuses but {@code strtod} takes: a leading +, hexadecimal, leading zeros, inf, nan. */
    private boolean invalidNumber() {
        int p = pos;
        if (at(p) == '+') {
            return true;
        }
        if (at(p) == '-') {
            p++;
        }
        if (at(p) == '0') {
            int c2 = at(p + 1);
            return (c2 | 0x20) == 'x' || c2 >= '0' && c2 <= '9';
        }
        if (at(p) <= '9') {
            return false;
        }
        return NumberScan.word(b, p, end, "inf") || NumberScan.word(b, p, end, "nan");
    }

    private void number() {
        int start = pos;
        int i = at(pos) == '-' ? pos + 1 : pos;
        long v = 0;
        int digits = 0;
        for (int c; (c = at(i)) >= '0' && c <= '9' && digits < 15; i++, digits++) {
            v = v * 10 + (c - '0');
        }
        int c = at(i);
        if (digits > 0 && c != '.' && (c | 0x20) != 'e' && (c | 0x20) != 'x' && (c < '0' || c > '9')) {
            type = Token.T_NUMBER; // digits alone, exact in a double: what strtod would answer, sooner
            value = LuaValue.valueOf(at(pos) == '-' ? (v == 0 ? -0.0 : -v) : v);
            pos = i;
            return;
        }
        int len = Strtod.length(b, pos, end);
        if (len == 0) {
            fail("invalid number");
            return;
        }
        type = Token.T_NUMBER;
        value = LuaValue.valueOf(Strtod.value(b, start, len));
        pos += len;
    }

    private void string() {
        pos++;
        int plain = pos;
        for (int c; (c = at(plain)) != '"' && c != '\\' && c != 0; ) {
            plain++;
        }
        if (at(plain) == '"') { // no escape: the bytes as they are
            type = Token.T_STRING;
            value = LuaString.valueUsing(Arrays.copyOfRange(b, pos, plain));
            pos = plain + 1;
            return;
        }
        byte[] out = new byte[16];
        int n = 0;
        int c;
        while ((c = at(pos)) != '"') {
            if (c == 0) {
                fail("unexpected end of string");
                return;
            }
            if (n + 4 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            if (c == '\\') {
                int e = at(pos + 1);
                switch (e) {
                    case '"', '\\', '/' -> c = e;
                    case 'b' -> c = '\b';
                    case 't' -> c = '\t';
                    case 'n' -> c = '\n';
                    case 'f' -> c = '\f';
                    case 'r' -> c = '\r';
                    case 'u' -> {
                        int added = unicodeEscape(out, n);
                        if (added < 0) {
                            fail("invalid unicode escape code");
                            return;
                        }
                        n += added;
                        continue;
                    }
                    default -> {
                        fail("invalid escape code");
                        return;
                    }
                }
                pos++;
            }
            out[n++] = (byte) c;
            pos++;
        }
        pos++;
        type = Token.T_STRING;
        value = LuaString.valueUsing(Arrays.copyOf(out, n));
    }

    private int hex4(int p) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(at(p + i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    /** A {@code \\uXXXX} escape (a surrogate pair: two) at {@link #pos} as UTF-8 into {@code out}: its bytes, or -1. */
    private int unicodeEscape(byte[] out, int n) {
        int cp = hex4(pos + 2);
        int length = 6;
        if (cp < 0) {
            return -1;
        }
        if ((cp & 0xF800) == 0xD800) {
            if ((cp & 0x400) != 0 || at(pos + 6) != '\\' || at(pos + 7) != 'u') {
                return -1; // a low surrogate first, or a high one alone
            }
            int low = hex4(pos + 8);
            if (low < 0 || (low & 0xFC00) != 0xDC00) {
                return -1;
            }
            cp = ((cp & 0x3FF) << 10 | low & 0x3FF) + 0x10000;
            length = 12;
        }
        int k = n;
        if (cp <= 0x7F) {
            out[k++] = (byte) cp;
        } else if (cp <= 0x7FF) {
            out[k++] = (byte) (cp >> 6 | 0xC0);
            out[k++] = (byte) (cp & 0x3F | 0x80);
        } else if (cp <= 0xFFFF) {
            out[k++] = (byte) (cp >> 12 | 0xE0);
            out[k++] = (byte) (cp >> 6 & 0x3F | 0x80);
            out[k++] = (byte) (cp & 0x3F | 0x80);
        } else {
            out[k++] = (byte) (cp >> 18 | 0xF0);
            out[k++] = (byte) (cp >> 12 & 0x3F | 0x80);
            out[k++] = (byte) (cp >> 6 & 0x3F | 0x80);
            out[k++] = (byte) (cp & 0x3F | 0x80);
        }
        pos += length;
        return k - n;
    }
}
