package dev.ljuv.stdlib.load;

/** Where Lua strings and comments end, for the source filters that must leave them alone. */
final class SourceScanner {
    private SourceScanner() {}

    /** If a string or comment starts at {@code i}, the index after it; otherwise {@code i}. */
    static int skipStringOrComment(byte[] s, int i) {
        int n = s.length;
        byte c = s[i];
        if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            int level = longBracket(s, i + 2);
            if (level >= 0) {
                return closeLong(s, i + 2 + level + 2, level);
            }
            int end = i;
            while (end < n && s[end] != '\n') {
                end++;
            }
            return end;
        }
        if (c == '[') {
            int level = longBracket(s, i);
            return level >= 0 ? closeLong(s, i + level + 2, level) : i;
        }
        if (c == '"' || c == '\'') {
            int j = i + 1;
            while (j < n && s[j] != c && s[j] != '\n') {
                j += s[j] == '\\' && j + 1 < n ? 2 : 1;
            }
            return Math.min(j + 1, n);
        }
        return i;
    }

    /** The level of a long bracket {@code [=*[} starting at {@code i}, or -1. */
    static int longBracket(byte[] s, int i) {
        if (i >= s.length || s[i] != '[') {
            return -1;
        }
        int j = i + 1;
        while (j < s.length && s[j] == '=') {
            j++;
        }
        return j < s.length && s[j] == '[' ? j - i - 1 : -1;
    }

    /** The index after the closing {@code ]=*]} of the given level, searching from {@code i}. */
    static int closeLong(byte[] s, int i, int level) {
        for (; i < s.length; i++) {
            if (s[i] == ']') {
                int j = i + 1;
                while (j < s.length && s[j] == '=') {
                    j++;
                }
                if (j < s.length && s[j] == ']' && j - i - 1 == level) {
                    return j + 1;
                }
            }
        }
        return s.length;
    }
}
