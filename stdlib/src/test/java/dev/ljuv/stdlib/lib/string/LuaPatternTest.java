package dev.ljuv.stdlib.lib.string;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** The pattern matcher ({@link LuaPattern} through {@link PatternFunctions}), against what LuaJIT 2.1 answers. */
class LuaPatternTest {
    private static String find(String s, String p) {
        return text(PatternFunctions.find(LuaValue.varargsOf(LuaValue.valueOf(s), LuaValue.valueOf(p)), true));
    }

    private static String match(String s, String p) {
        return text(PatternFunctions.find(LuaValue.varargsOf(LuaValue.valueOf(s), LuaValue.valueOf(p)), false));
    }

    private static String gsub(String s, String p, String r) {
        return text(PatternFunctions.gsub(LuaValue.varargsOf(LuaValue.valueOf(s), LuaValue.valueOf(p), LuaValue.valueOf(r))));
    }

    private static String text(Varargs v) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= v.narg(); i++) {
            b.append(i > 1 ? " " : "").append(v.arg(i).tojstring());
        }
        return b.toString();
    }

    @Test
    void classesAnchorsAndCaptures() {
        assertEquals("3 5 cde", find("abcde", "(c%a+)"));
        assertEquals("nil", find("abc", "^b"));
        assertEquals("key value", match("key = value", "(%w+)%s*=%s*(%w+)"));
        assertEquals("3", match("hello", "()ll"));
        assertEquals("[x]", match("a [x] b", "%b[]"));
        assertEquals("THE", match("THE (quick) fox", "%f[%a]%a+"));
        assertEquals("1.5e10", match("n=1.5e10;", "[%d%.e]+"));
    }

    @Test
    void greedyLazyAndOptional() {
        assertEquals("<a><b>", match("<a><b>", "<.*>"));
        assertEquals("<a>", match("<a><b>", "<.->"));
        assertEquals("color", match("color", "colou?r"));
    }

    @Test
    void substitutionWithCapturesAndCounts() {
        assertEquals("world hello 1", gsub("hello world", "(%w+) (%w+)", "%2 %1"));
        assertEquals("a-b-c 2", gsub("a b c", " ", "-"));
        assertEquals("xaxbxcx 4", gsub("abc", "", "x"));
    }
}
