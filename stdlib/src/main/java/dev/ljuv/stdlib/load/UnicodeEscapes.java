package dev.ljuv.stdlib.load;

import java.io.ByteArrayOutputStream;

/**
 * LuaJIT's {@code \\u{XXXX}} string escape, which LuaJ's lexer does not know: before compiling, each such
 * escape inside a quoted string literal becomes the {@code \\ddd} escapes of its UTF-8 bytes. Long strings,
 * comments and code outside strings are copied unchanged, so line numbers stay the same.
 *
 * <p>Threading: stateless.
 */
final class UnicodeEscapes {
    private UnicodeEscapes() {}

    /** Whether {@code src} may contain the escape (cheap pre-check). */
    static boolean mayContain(byte[] src) {
        for (int i = 0; i + 2 < src.length; i++) {
            if (src[i] == '\\' && src[i + 1] == 'u' && src[i + 2] == '{') {
                return true;
            }
        }
        return false;
    }

    static byte[] rewrite(byte[] src) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length);
        int i = 0;
        int n = src.length;
        while (i < n) {
            byte c = src[i];
            if ((c == '-' || c == '[') && SourceScanner.skipStringOrComment(src, i) > i) { // comment, long string
                int end = SourceScanner.skipStringOrComment(src, i);
                out.write(src, i, end - i);
                i = end;
            } else if (c == '"' || c == '\'') {
                out.write(c);
                i++;
                while (i < n && src[i] != c && src[i] != '\n') {
                    if (src[i] == '\\' && i + 2 < n && src[i + 1] == 'u' && src[i + 2] == '{') {
                        int close = i + 3;
                        while (close < n && isHex(src[close])) {
                            close++;
                        }
                        if (close < n && src[close] == '}' && close > i + 3) {
                            int cp = Integer.parseInt(new String(src, i + 3, close - i - 3, java.nio.charset.StandardCharsets.ISO_8859_1), 16);
                            for (byte b : utf8(cp)) {
                                String esc = "\\" + String.format("%03d", b & 0xff);
                                out.write(esc.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, esc.length());
                            }
                            i = close + 1;
                            continue;
                        }
                    }
                    if (src[i] == '\\' && i + 1 < n) {
                        out.write(src[i++]);
                    }
                    out.write(src[i++]);
                }
                if (i < n && src[i] == c) {
                    out.write(src[i++]); // the closing quote
                }
            } else {
                out.write(c);
                i++;
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    private static byte[] utf8(int cp) {
        if (cp < 0x80) {
            return new byte[] {(byte) cp};
        }
        if (cp < 0x800) {
            return new byte[] {(byte) (0xc0 | cp >> 6), (byte) (0x80 | cp & 0x3f)};
        }
        if (cp < 0x10000) {
            return new byte[] {(byte) (0xe0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3f), (byte) (0x80 | cp & 0x3f)};
        }
        return new byte[] {(byte) (0xf0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3f), (byte) (0x80 | cp >> 6 & 0x3f),
            (byte) (0x80 | cp & 0x3f)};
    }


}
