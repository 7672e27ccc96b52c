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

    /** Where {@link LoopEntries#roundExits} are, by the instruction before (or the outer loop's back edge). */
    private static List<String> roundExits(Prototype p) {
        java.util.BitSet outer = LoopEntries.outermost(p);
        return LoopEntries.roundExits(p).stream().mapToObj(pc -> outer.get(pc) ? "back edge"
                : switch (Lua.GET_OPCODE(p.code[pc - 1])) {
                    case Lua.OP_FORLOOP -> "after FORLOOP";
                    case Lua.OP_TFORLOOP -> "after TFORLOOP";
                    case Lua.OP_JMP -> "after JMP";
                    default -> "?";
                }).toList();
    }

    @Test
    void roundsEndAfterEachLoopOfAnOutermostLoopThatHoldsSeveral() throws Exception {
        Prototype p = Prototypes.compile("local s = 0 for r = 1, 3 do for i = 1, 3 do s = s + i end "
                + "for k in pairs({}) do end s = s * 2 while s > 9 do s = s - 1 end end "
                + "for r = 1, 2 do for i = 1, 2 do for j = 1, 2 do end end for i = 1, 2 do end end "
                + "for r = 1, 2 do for i = 1, 2 do end end return s");
        assertEquals(List.of("after FORLOOP", "after TFORLOOP", "back edge", "back edge"), roundExits(p),
                "the first outer loop: after its for and generic for, and its back edge (where its while ends); none "
                        + "in a loop nest three deep; the back edge of the loop that holds one");
        java.util.BitSet edges = LoopEntries.roundEdges(p);
        edges.andNot(LoopEntries.roundExits(p));
        assertEquals(true, edges.isEmpty(), "the round edges among them");
        Prototype q = Prototypes.compile("local s = 0 "
                + "for r = 1, 2 do for i = 1, 2 do end local j = 0 repeat j = j + 1 until j > 2 s = s + 1 end "
                + "for r = 1, 2 do for i = 1, 2 do end while s > 0 do s = s - 1 end end return s");
        assertEquals(List.of("after FORLOOP", "after JMP", "back edge", "back edge"), roundExits(q),
                "after a for and a repeat, the back edge; a back edge only where a for's exit heads a while");
        Prototype many = Prototypes.compile("local s = 0 for r = 1, 2 do "
                + "for i = 1, 2 do end s = s + 1 ".repeat(LoopEntries.MAX_ROUNDS) + "end return s");
        assertEquals(List.of(), roundExits(many), "none past MAX_ROUNDS, each a method");
    }

    /**
     * A class compiled in rounds measures, against the JIT's size limit, its rounds' methods too: each is the whole
     * body again, with every register saved at each round exit, larger than the body where registers are many.
     */
    @Test
    void theJitLimitMeasuresTheRoundsMethods() throws Exception {
        StringBuilder code = new StringBuilder();
        for (int j = 0; j < 40; j++) {
            code.append("local a").append(j).append(" = ").append(j).append(' ');
        }
        code.append("for r = 1, 3 do ");
        for (int k = 0; k < 5; k++) {
            code.append("for i = 1, 10 do a").append(k).append(" = a").append(k).append(" + i * a").append(k + 5)
                    .append(" end ");
        }
        code.append("end return a0 + a1");
        Prototype p = Prototypes.compile(code.toString());
        int entry = LoopEntries.of(p).firstKey(); // the first inner loop's back edge
        byte[] bytes = new FunctionCompiler(p, java.lang.constant.ClassDesc.of("ljuv.lua.Probe"), true, true, true, true,
                false).enteredAt(entry).inRounds(true).generate();
        int bodies = 0;
        int rounds = 0;
        for (var m : java.lang.classfile.ClassFile.of().parse(bytes).methods()) {
            String name = m.methodName().stringValue();
            int length = m.findAttribute(java.lang.classfile.Attributes.code()).map(c -> c.codeLength()).orElse(0);
            if (name.equals(ClassShape.EXECUTE)) {
                bodies = Math.max(bodies, length);
            } else if (name.equals(ClassShape.FIRST_ROUND) || name.startsWith(ClassShape.ROUND)) {
                rounds = Math.max(rounds, length);
            }
        }
        assertEquals(true, rounds > bodies, "a round's method the largest: " + rounds + " against " + bodies);
        assertEquals(rounds, ClassShape.executeLength(bytes), "what the size ladder measures");
        int calls = ClassShape.executeLength(bytes, false);
        assertEquals(true, calls > 0 && calls <= bodies, "the body for calls alone: " + calls);
    }

    @Test
    void aFunctionWithoutLoopsHasNone() throws Exception {
        Prototype p = Prototypes.compile("local x = 1 if x > 0 then x = 2 else x = 3 end return x");
        assertEquals(Map.of(), LoopEntries.of(p), "forward jumps are no entries");
    }
}
