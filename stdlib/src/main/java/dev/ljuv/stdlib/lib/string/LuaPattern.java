package dev.ljuv.stdlib.lib.string;

import dev.ljuv.stdlib.vm.CallHooks;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * One match attempt of a Lua 5.1 pattern against a subject: single-character classes ({@code %a %d ...},
 * sets {@code [...]}), repetition ({@code * + - ?}), anchors, captures (including position captures
 * {@code ()}), back-references {@code %1}, balance {@code %bxy} and frontier {@code %f[set]}. Works on
 * bytes; the end of the subject behaves as a {@code '\0'} for frontiers, as in C Lua.
 *
 * <p>Threading: one instance per call; not shared.
 */
final class LuaPattern {
    static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;
    private static final int MAX_RECURSION = 200;

    final byte[] s;
    final int sBase;
    final int sEnd;
    private final byte[] p;
    private final int pBase;
    private final int pEnd;
    int level;
    final int[] captureStart = new int[MAX_CAPTURES];
    final int[] captureLen = new int[MAX_CAPTURES];
    private int depth;
    private int steps;

    LuaPattern(LuaString subject, LuaString pattern) {
        s = subject.m_bytes;
        sBase = subject.m_offset;
        sEnd = subject.m_offset + subject.m_length;
        p = pattern.m_bytes;
        pBase = pattern.m_offset;
        pEnd = pattern.m_offset + pattern.m_length;
    }

    /** Pattern index (relative) from an absolute one. */
    int patternStart() {
        return pBase;
    }

    int patternEnd() {
        return pEnd;
    }

    byte patternByte(int i) {
        return p[i];
    }

    /** Tries to match at subject position {@code si} (absolute) from pattern position {@code pi}; end or -1. */
    int match(int si, int pi) {
        if (++depth > MAX_RECURSION) {
            throw new LuaError("pattern too complex");
        }
        if ((++steps & 0xffff) == 0) {
            CallHooks.poll(); // a backtracking pattern can run for minutes: an interrupt or a time limit stops it
        }
        try {
            while (true) {
                if (pi == pEnd) {
                    return si;
                }
                switch (p[pi]) {
                    case '(':
                        if (pi + 1 < pEnd && p[pi + 1] == ')') {
                            return startCapture(si, pi + 2, CAP_POSITION);
                        }
                        return startCapture(si, pi + 1, CAP_UNFINISHED);
                    case ')':
                        return endCapture(si, pi + 1);
                    case '%':
                        if (pi + 1 < pEnd) {
                            byte e = p[pi + 1];
                            if (e == 'b') {
                                si = matchBalance(si, pi + 2);
                                if (si == -1) {
                                    return -1;
                                }
                                pi += 4;
                                continue;
                            }
                            if (e == 'f') {
                                pi += 2;
                                if (pi >= pEnd || p[pi] != '[') {
                                    throw new LuaError("missing '[' after '%f' in pattern");
                                }
                                int ep = classEnd(pi);
                                int previous = si == sBase ? 0 : s[si - 1] & 0xff;
                                int current = si < sEnd ? s[si] & 0xff : 0;
                                if (matchBracketClass(previous, pi, ep - 1) || !matchBracketClass(current, pi, ep - 1)) {
                                    return -1;
                                }
                                pi = ep;
                                continue;
                            }
                            if (e >= '0' && e <= '9') {
                                si = matchCapture(si, e);
                                if (si == -1) {
                                    return -1;
                                }
                                pi += 2;
                                continue;
                            }
                        }
                        break;
                    case '$':
                        if (pi + 1 == pEnd) {
                            return si == sEnd ? si : -1;
                        }
                        break;
                    default:
                        break;
                }
                int ep = classEnd(pi);
                boolean m = si < sEnd && singleMatch(s[si] & 0xff, pi, ep);
                if (ep < pEnd) {
                    switch (p[ep]) {
                        case '?': {
                            if (m) {
                                int r = match(si + 1, ep + 1);
                                if (r != -1) {
                                    return r;
                                }
                            }
                            pi = ep + 1;
                            continue;
                        }
                        case '*':
                            return maxExpand(si, pi, ep);
                        case '+':
                            return m ? maxExpand(si + 1, pi, ep) : -1;
                        case '-':
                            return minExpand(si, pi, ep);
                        default:
                            break;
                    }
                }
                if (!m) {
                    return -1;
                }
                si++;
                pi = ep;
            }
        } finally {
            depth--;
        }
    }

    private int maxExpand(int si, int pi, int ep) {
        int i = 0;
        while (si + i < sEnd && singleMatch(s[si + i] & 0xff, pi, ep)) {
            i++;
        }
        while (i >= 0) {
            int r = match(si + i, ep + 1);
            if (r != -1) {
                return r;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int si, int pi, int ep) {
        while (true) {
            int r = match(si, ep + 1);
            if (r != -1) {
                return r;
            }
            if (si < sEnd && singleMatch(s[si] & 0xff, pi, ep)) {
                si++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int si, int pi, int what) {
        if (level >= MAX_CAPTURES) {
            throw new LuaError("too many captures");
        }
        captureStart[level] = si;
        captureLen[level] = what;
        level++;
        int r = match(si, pi);
        if (r == -1) {
            level--;
        }
        return r;
    }

    private int endCapture(int si, int pi) {
        int l = -1;
        for (int i = level - 1; i >= 0; i--) {
            if (captureLen[i] == CAP_UNFINISHED) {
                l = i;
                break;
            }
        }
        if (l < 0) {
            throw new LuaError("invalid pattern capture");
        }
        captureLen[l] = si - captureStart[l];
        int r = match(si, pi);
        if (r == -1) {
            captureLen[l] = CAP_UNFINISHED;
        }
        return r;
    }

    private int matchBalance(int si, int pi) {
        if (pi + 1 >= pEnd) {
            throw new LuaError("missing arguments to '%b'");
        }
        if (si >= sEnd || s[si] != p[pi]) {
            return -1;
        }
        byte open = p[pi];
        byte close = p[pi + 1];
        int cont = 1;
        for (int i = si + 1; i < sEnd; i++) {
            if (s[i] == close) {
                if (--cont == 0) {
                    return i + 1;
                }
            } else if (s[i] == open) {
                cont++;
            }
        }
        return -1;
    }

    private int matchCapture(int si, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLen[l] == CAP_UNFINISHED) {
            throw new LuaError("invalid capture index");
        }
        int len = captureLen[l];
        if (sEnd - si >= len && java.util.Arrays.equals(s, captureStart[l], captureStart[l] + len, s, si, si + len)) {
            return si + len;
        }
        return -1;
    }

    /** The end (exclusive) of the single-character class starting at {@code pi}. */
    private int classEnd(int pi) {
        byte c = p[pi++];
        if (c == '%') {
            if (pi >= pEnd) {
                throw new LuaError("malformed pattern (ends with '%')");
            }
            return pi + 1;
        }
        if (c == '[') {
            if (pi < pEnd && p[pi] == '^') {
                pi++;
            }
            do {
                if (pi >= pEnd) {
                    throw new LuaError("malformed pattern (missing ']')");
                }
                c = p[pi++];
                if (c == '%' && pi < pEnd) {
                    pi++;
                }
            } while (pi >= pEnd || p[pi] != ']');
            return pi + 1;
        }
        return pi;
    }

    static boolean matchClass(int c, int cl) {
        boolean r;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> r = isAlpha(c);
            case 'c' -> r = c < 32 || c == 127;
            case 'd' -> r = c >= '0' && c <= '9';
            case 'g' -> r = c >= 33 && c <= 126; // LuaJIT 2.1 has Lua 5.2's %g: printable, not space
            case 'l' -> r = c >= 'a' && c <= 'z';
            case 'p' -> r = (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
            case 's' -> r = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> r = c >= 'A' && c <= 'Z';
            case 'w' -> r = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> r = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> r = c == 0;
            default -> {
                return cl == c;
            }
        }
        return Character.isUpperCase(cl) ? !r : r;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Whether {@code c} is in the set {@code [ ... ]} spanning {@code p[pi..ec]} ({@code p[ec]} is ']'). */
    private boolean matchBracketClass(int c, int pi, int ec) {
        boolean sig = true;
        if (p[pi + 1] == '^') {
            sig = false;
            pi++;
        }
        while (++pi < ec) {
            if (p[pi] == '%') {
                pi++;
                if (matchClass(c, p[pi] & 0xff)) {
                    return sig;
                }
            } else if (pi + 2 < ec && p[pi + 1] == '-') {
                if ((p[pi] & 0xff) <= c && c <= (p[pi + 2] & 0xff)) {
                    return sig;
                }
                pi += 2;
            } else if ((p[pi] & 0xff) == c) {
                return sig;
            }
        }
        return !sig;
    }

    private boolean singleMatch(int c, int pi, int ep) {
        switch (p[pi]) {
            case '.':
                return true;
            case '%':
                return matchClass(c, p[pi + 1] & 0xff);
            case '[':
                return matchBracketClass(c, pi, ep - 1);
            default:
                return (p[pi] & 0xff) == c;
        }
    }

    /** Capture {@code i} (0-based) of a match from {@code si} to {@code e}: the whole match when none. */
    LuaValue capture(int i, int si, int e) {
        if (i >= level) {
            if (i == 0) {
                return LuaString.valueOf(s, si, e - si);
            }
            throw new LuaError("invalid capture index");
        }
        int len = captureLen[i];
        if (len == CAP_UNFINISHED) {
            throw new LuaError("unfinished capture");
        }
        if (len == CAP_POSITION) {
            return LuaValue.valueOf(captureStart[i] - sBase + 1);
        }
        return LuaString.valueOf(s, captureStart[i], len);
    }

    /** Number of values a match yields: its captures, or the whole match when it has none. */
    int captureCount() {
        return level == 0 ? 1 : level;
    }
}
