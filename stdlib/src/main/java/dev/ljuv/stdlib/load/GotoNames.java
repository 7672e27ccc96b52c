package dev.ljuv.stdlib.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * LuaJIT 2.1's rule for {@code goto}: it starts a goto statement only when a name follows; otherwise it is an
 * ordinary name ({@code goto = 1}, {@code t.goto}). LuaJ's lexer always makes it a keyword, so before
 * compiling, a {@code goto} that is used as a name is rewritten: {@code t.goto} as {@code t["goto"]}, a
 * variable as {@code _ENV["goto"]} (the same global). Strings and comments are left alone and line numbers
 * are kept.
 *
 * <p>Threading: stateless.
 */
final class GotoNames {
    private GotoNames() {}

    private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false",
            "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true",
            "until", "while");

    static boolean mayContain(byte[] src) {
        for (int i = 0; i + 3 < src.length; i++) {
            if (src[i] == 'g' && src[i + 1] == 'o' && src[i + 2] == 't' && src[i + 3] == 'o') {
                return true;
            }
        }
        return false;
    }

    private static boolean nameStart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
    }

    private static boolean namePart(byte b) {
        return nameStart(b) || (b >= '0' && b <= '9');
    }

    static byte[] rewrite(byte[] src) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length + 16);
        int n = src.length;
        int i = 0;
        int lastSignificant = -1; // last non-space byte written outside strings and comments
        while (i < n) {
            int skipped = SourceScanner.skipStringOrComment(src, i);
            if (skipped > i) {
                out.write(src, i, skipped - i);
                i = skipped;
                lastSignificant = '"';
                continue;
            }
            byte c = src[i];
            if (nameStart(c) && (i == 0 || !namePart(src[i - 1]))) {
                int end = i;
                while (end < n && namePart(src[end])) {
                    end++;
                }
                String word = new String(src, i, end - i, StandardCharsets.ISO_8859_1);
                if (word.equals("goto") && !followedByName(src, end)) {
                    String replacement = lastSignificant == '.' ? "[\"goto\"]" : "_ENV[\"goto\"]";
                    if (lastSignificant == '.') {
                        byte[] so = out.toByteArray();
                        int dot = so.length - 1;
                        while (dot >= 0 && so[dot] != '.') {
                            dot--;
                        }
                        out.reset();
                        out.write(so, 0, dot);
                        out.write(so, dot + 1, so.length - dot - 1);
                    }
                    byte[] r = replacement.getBytes(StandardCharsets.ISO_8859_1);
                    out.write(r, 0, r.length);
                } else {
                    out.write(src, i, end - i);
                }
                lastSignificant = 'a';
                i = end;
                continue;
            }
            out.write(c);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                lastSignificant = c == '.' && i > 0 && src[i - 1] == '.' ? ',' : c;
            }
            i++;
        }
        return out.toByteArray();
    }

    /** Whether a name (not a keyword) follows position {@code i}, across white space. */
    private static boolean followedByName(byte[] src, int i) {
        while (i < src.length && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r')) {
            i++;
        }
        if (i >= src.length || !nameStart(src[i])) {
            return false;
        }
        int end = i;
        while (end < src.length && namePart(src[end])) {
            end++;
        }
        return !KEYWORDS.contains(new String(src, i, end - i, StandardCharsets.ISO_8859_1));
    }
}
