package dev.ljuv.stdlib.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;
import org.junit.jupiter.api.Test;

/** Where on-stack replacement may enter a function: the back edges of its loops, inner ones too. */
class LoopEntriesTest {
    private static List<String> opcodes(Prototype p, SortedMap<Integer, Integer> entries) {
        return entries.keySet().stream().map(pc -> switch (Lua.GET_OPCODE(p.code[pc])) {
            case Lua.OP_FORLOOP -> "FORLOOP";
            case Lua.OP_TFORLOOP -> "TFORLOOP";
            case Lua.OP_JMP -> "JMP";
            default -> "?";
        }).toList();
    }

    @Test
    void everyLoopOfAFunctionIsAnEntry() throws Exception {
        Prototype p = Prototypes.compile("local s = 0 for i = 1, 3 do for j = 1, 3 do s = s + j end end "
                + "while s > 0 do for k in pairs({}) do end s = s - 1 end return s");
        SortedMap<Integer, Integer> entries = LoopEntries.of(p);
        assertEquals(List.of("FORLOOP", "FORLOOP", "TFORLOOP", "JMP"), opcodes(p, entries),
                "the inner for, the outer for, the generic for and the while, in the order of their back edges");
        int forLoop = entries.firstKey();
        assertEquals(forLoop, entries.get(forLoop), "a FORLOOP is entered at itself, its loop's head");
        int generic = entries.headMap(entries.lastKey()).lastKey();
        assertEquals(generic, entries.get(generic), "a TFORLOOP at itself");
        int jmp = entries.lastKey();
        assertEquals(jmp + 1 + Lua.GETARG_sBx(p.code[jmp]), entries.get(jmp), "a backward JMP at its target");
    }

    @Test
    void theOutermostLoopsAreThoseNoOtherHolds() throws Exception {
        Prototype p = Prototypes.compile("local s = 0 for i = 1, 3 do for j = 1, 3 do s = s + j end end "
                + "while s > 0 do for k in pairs({}) do end s = s - 1 end return s");
        java.util.List<Integer> outer = LoopEntries.outermost(p).stream().boxed().toList();
        SortedMap<Integer, Integer> entries = LoopEntries.of(p);
        assertEquals(List.of("FORLOOP", "JMP"), opcodes(p, new java.util.TreeMap<>(
                entries.entrySet().stream().filter(e -> outer.contains(e.getKey()))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))),
                "the outer for and the while");
        assertEquals(true, entries.keySet().containsAll(outer), "among the entries");
    }

    @Test
    void roundsEndOnlyAtOutermostLoopsThatHoldOneOther() throws Exception {
        Prototype p = Prototypes.compile("local s = 0 for i = 1, 3 do for j = 1, 3 do s = s + j end end "
                + "for i = 1, 3 do s = s + i end repeat local t = {} for k in pairs(t) do end s = s - 1 until s < 0 "
                + "while s < 9 do s = s + 1 end for i = 1, 2 do for j = 1, 2 do end for j = 1, 2 do end end return s");
        SortedMap<Integer, Integer> entries = LoopEntries.of(p);
        java.util.BitSet rounds = LoopEntries.roundEdges(p);
        java.util.BitSet outer = LoopEntries.outermost(p);
        assertEquals(List.of("FORLOOP", "JMP"), rounds.stream().mapToObj(pc -> switch (Lua.GET_OPCODE(p.code[pc])) {
            case Lua.OP_FORLOOP -> "FORLOOP";
            case Lua.OP_JMP -> "JMP";
            default -> "?";
        }).toList(), "the for holding a for, the repeat holding a generic for; not the lone for or while, nor the "
                + "for holding two");
        assertEquals(5, outer.cardinality(), "five outermost loops");
        rounds.andNot(outer);
        assertEquals(true, rounds.isEmpty(), "all of them outermost");
        assertEquals(true, entries.keySet().containsAll(LoopEntries.roundEdges(p).stream().boxed().toList()));
    }

    @Test
    void aFunctionWithoutLoopsHasNone() throws Exception {
        Prototype p = Prototypes.compile("local x = 1 if x > 0 then x = 2 else x = 3 end return x");
        assertEquals(Map.of(), LoopEntries.of(p), "forward jumps are no entries");
    }
}
