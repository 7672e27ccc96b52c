package dev.ljuv.stdlib.load;

import java.io.ByteArrayOutputStream;

/**
 * The escapes of quoted strings as LuaJIT 2.1 accepts them: {@code \a \b \f \n \r \t \v \\ \" \'}, a backslash
 * before a line break, {@code \xXX}, {@code \z}, {@code \\u{XXX}} and {@code \ddd} up to 255. Any other is LuaJIT's
 * "invalid escape sequence", near the string read so far (LuaJ's lexer took {@code \q} for {@code q}, and worded
 * the others its own way).
 *
 * <p>Threading: stateless.
 */
final class EscapeCheck {
    private EscapeCheck() {}

    /** An invalid escape: its line and LuaJIT's "near" text (the opening quote and what the string holds so far). */
    static final class Invalid extends Exception {
        final int line;
        final byte[] near;

        Invalid(int line, byte[] near) {
            super(null, null, false, false);
            this.line = line;
            this.near = near;
        }
    }

    static void check(byte[] s) throws Invalid {
        int line = 1;
        int n = s.length;
        int i = 0;
        while (i < n) {
            byte c = s[i];
            if (c == '\n') {
                line++;
                i++;
            } else if ((c == '-' || c == '[') && SourceScanner.skipStringOrComment(s, i) > i) { // comment, long string
                int end = SourceScanner.skipStringOrComment(s, i);
                for (int j = i; j < end; j++) {
                    line += s[j] == '\n' ? 1 : 0;
                }
                i = end;
            } else if (c == '"' || c == '\'') {
                ByteArrayOutputStream held = new ByteArrayOutputStream();
                held.write(c);
                i++;
                while (i < n && s[i] != c && s[i] != '\n') {
                    if (s[i] != '\\') {
                        held.write(s[i++]);
                        continue;
                    }
                    int e = i + 1 < n ? s[i + 1] & 0xff : -1;
                    int next = escape(s, i + 1, e, held);
                    if (next < 0) {
                        throw new Invalid(line, held.toByteArray());
                    }
                    for (int j = i; j < next; j++) {
                        line += s[j] == '\n' ? 1 : 0;
                    }
                    i = next;
                }
                i++;
            } else {
                i++;
            }
        }
    }

    /** The index after the escape whose letter {@code e} is at {@code at}, its value added to {@code held}; -1 if invalid. */
    private static int escape(byte[] s, int at, int e, ByteArrayOutputStream held) {
        switch (e) {
            case 'a' -> held.write(7);
            case 'b' -> held.write(8);
            case 'f' -> held.write(12);
            case 'n', '\n' -> held.write('\n');
            case 'r' -> held.write('\r');
            case 't' -> held.write('\t');
            case 'v' -> held.write(11);
            case '\\', '"', '\'' -> held.write(e);
            case '\r' -> {
                held.write('\n');
                return at + 1 < s.length && s[at + 1] == '\n' ? at + 2 : at + 1;
            }
            case 'x' -> {
                if (at + 2 >= s.length || hex(s[at + 1]) < 0 || hex(s[at + 2]) < 0) {
                    return -1;
                }
                held.write(hex(s[at + 1]) * 16 + hex(s[at + 2]));
                return at + 3;
            }
            case 'z' -> {
                int j = at + 1;
                while (j < s.length && (s[j] == ' ' || s[j] >= '\t' && s[j] <= '\r')) {
                    j++;
                }
                return j;
            }
            case 'u' -> {
                int j = at + 1;
                if (j >= s.length || s[j] != '{') {
                    return -1;
                }
                j++;
                int start = j;
                long cp = 0;
                while (j < s.length && hex(s[j]) >= 0) {
                    cp = Math.min(cp * 16 + hex(s[j]), 0x110000);
                    j++;
                }
                return j > start && j < s.length && s[j] == '}' && cp < 0x110000 ? j + 1 : -1; // UTF-8 by UnicodeEscapes
            }
            default -> {
                if (e < '0' || e > '9') {
                    return -1;
                }
                int v = 0;
                int j = at;
                while (j < s.length && j < at + 3 && s[j] >= '0' && s[j] <= '9') {
                    v = v * 10 + (s[j] - '0');
                    j++;
                }
                if (v > 255) {
                    return -1;
                }
                held.write(v);
                return j;
            }
        }
        return at + 1;
    }

    private static int hex(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }
}
