package dev.ljuv.stdlib.compile;

import java.util.SortedMap;
import java.util.TreeMap;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * On-stack replacement's entry points: where an interpreted call of a function whose loops got hot goes on in its
 * compiled code ({@link CompiledChunk#loop}, {@link CompiledFunction#enterLoop}).
 *
 * <p>Threading: stateless.
 */
final class LoopEntries {
    private LoopEntries() {}

    /**
     * Where a call interpreted so far may go on in compiled code: the back edges of its loops, each with the
     * instruction to continue at: a {@code FORLOOP} itself (the head of its loop, which its {@code FORPREP} enters
     * too), a backward {@code JMP} that closes no upvalue at its target (its loop's head), a {@code TFORLOOP} itself.
     * Sorted by instruction. Inner loops too: a loop nested in one whose back edge comes late (a benchmark's rounds)
     * went on in LuaJ's interpreter until then (100 million iterations of {@code x = x + i % 10} in a main chunk's
     * loop of 3 rounds: 3.5 s in the first round, 0.4 s in the next). Entered there, the body's outer loop has a
     * second entry; only calls that started interpreted run that body (the one for calls has a single entry), and
     * the JIT compiles it from the hot loop on (on-stack replacement), as it would a Java method's.
     */
    static SortedMap<Integer, Integer> of(Prototype p) {
        int[] code = p.code;
        SortedMap<Integer, Integer> entries = new TreeMap<>();
        for (int pc = 0; pc < code.length; pc++) {
            int target = backEdgeTarget(code, pc);
            if (target < 0) {
                continue;
            }
            int op = Lua.GET_OPCODE(code[pc]);
            entries.put(pc, op == Lua.OP_JMP && Lua.GETARG_A(code[pc]) == 0 ? target : pc);
        }
        return entries;
    }

    /** The instruction the back edge at {@code pc} jumps to, or -1 when it is not a back edge. */
    private static int backEdgeTarget(int[] code, int pc) {
        int op = Lua.GET_OPCODE(code[pc]);
        int target = pc + 1 + Lua.GETARG_sBx(code[pc]);
        return (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP) && target <= pc ? target : -1;
    }
}
