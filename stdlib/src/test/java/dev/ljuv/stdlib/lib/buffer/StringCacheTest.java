package dev.ljuv.stdlib.lib.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaString;

/** The decoder's cache of recent short strings: what it keeps, and that a hit is always the same bytes. */
class StringCacheTest {
    /** The bytes of {@code s} inside a larger array, as a decoder reads them. */
    private static LuaString get(StringCache cache, String s) {
        byte[] b = ("[" + s + "]").getBytes(StandardCharsets.ISO_8859_1);
        return cache.get(b, 1, b.length - 2);
    }

    /** The distinct strings of buffer_codec's message: its keys, tags, labels, owners and notes. */
    private static List<String> messageStrings() {
        List<String> all = new ArrayList<>(List.of("name", "version", "ok", "ratio", "tags", "items", "bench", "id",
                "label", "price", "active", "dims", "meta", "owner", "note"));
        for (int i = 1; i <= 16; i++) {
            all.add("tag" + i);
        }
        for (int i = 1; i <= 32; i++) {
            all.add("item-" + i);
            all.add("x".repeat(i));
        }
        for (int i = 0; i < 5; i++) {
            all.add("user" + i);
        }
        return all;
    }

    @Test
    void theSameBytesGiveTheSameString() {
        StringCache cache = new StringCache();
        for (String s : List.of("", "a", "seven77", "exactly8", "sixteen-bytes-16", "a string of twenty-five b")) {
            LuaString first = get(cache, s);
            assertEquals(s, first.tojstring());
            assertSame(first, get(cache, s), s);
        }
    }

    @Test
    void stringsThatDifferOnlyInTheirLastBytesAreAllKept() {
        StringCache cache = new StringCache();
        List<LuaString> first = new ArrayList<>();
        for (int i = 10; i <= 19; i++) {
            first.add(get(cache, "item-" + i));
        }
        for (int i = 10; i <= 19; i++) {
            assertSame(first.get(i - 10), get(cache, "item-" + i), "item-" + i);
        }
    }

    @Test
    void aMessageOfAHundredStringsIsFoundAgainNearlyWhole() {
        StringCache cache = new StringCache();
        List<String> strings = messageStrings();
        List<LuaString> first = new ArrayList<>();
        for (String s : strings) {
            first.add(get(cache, s));
        }
        int kept = 0;
        for (int i = 0; i < strings.size(); i++) {
            LuaString again = get(cache, strings.get(i));
            assertEquals(strings.get(i), again.tojstring());
            kept += again == first.get(i) ? 1 : 0;
        }
        assertTrue(kept >= strings.size() - 3, kept + " of " + strings.size() + " found again");
    }

    @Test
    void longerStringsWithTheSameEndsAreToldApart() {
        StringCache cache = new StringCache();
        String a = "abcdefgh-middle-A-abcdefgh";
        String b = "abcdefgh-middle-B-abcdefgh";
        LuaString sa = get(cache, a);
        LuaString sb = get(cache, b);
        assertNotSame(sa, sb);
        assertEquals(a, get(cache, a).tojstring());
        assertEquals(b, get(cache, b).tojstring());
    }
}
