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
     * Where a call interpreted so far may go on in compiled code: the back edges of the outermost loops (entering
     * an inner loop from outside would give the outer one a second entry, which the JIT optimizes poorly), each
     * with the instruction to continue at: a {@code FORLOOP} itself (the head of its loop, which its
     * {@code FORPREP} enters too), a backward {@code JMP} that closes no upvalue at its target (its loop's head),
     * a {@code TFORLOOP} itself. Sorted by instruction.
     */
    static SortedMap<Integer, Integer> of(Prototype p) {
        int[] code = p.code;
        SortedMap<Integer, Integer> entries = new TreeMap<>();
        for (int pc = 0; pc < code.length; pc++) {
            int target = backEdgeTarget(code, pc);
            if (target < 0) {
                continue;
            }
            boolean inner = false;
            for (int q = pc + 1; q < code.length && !inner; q++) {
                int t = backEdgeTarget(code, q);
                inner = t >= 0 && t <= target;
            }
            int op = Lua.GET_OPCODE(code[pc]);
            if (!inner) {
                entries.put(pc, op == Lua.OP_JMP && Lua.GETARG_A(code[pc]) == 0 ? target : pc);
            }
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
