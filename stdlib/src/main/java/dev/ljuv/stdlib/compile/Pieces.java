package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static dev.ljuv.stdlib.compile.CodeEmitter.*;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * How a function too large for one JIT-compiled JVM method is cut into several: runs of instructions, each a method
 * of its own ({@code ljuv$part<k>}) that a small {@code ljuv$execute} calls in turn. HotSpot does not compile a method
 * past 8000 bytes of JVM code at all (such a function stayed in LuaJ's interpreter: LuaJIT's md5 and meteor), and
 * its compile time grows faster than a method's size. The registers stay in the array, where every piece reads them;
 * a piece returns the instruction to go on at (or -1 once the function returned, its results in the array it is given),
 * and starts at any instruction a jump from another piece may target.
 *
 * <p>Threading: immutable.
 */
final class Pieces {
    /** One run of instructions {@code [from, to)} and the instructions other than {@code from} entered from outside it. */
    record Piece(int index, int from, int to, int[] entries) {
        boolean contains(int pc) {
            return pc >= from && pc < to;
        }
    }

    final List<Piece> all;

    private Pieces(List<Piece> all) {
        this.all = all;
    }

    /**
     * Pieces of about {@code size} instructions each; a cut never falls where a value lives outside the array (after
     * an instruction that leaves an open number of results, or inside a two-word {@code SETLIST}).
     *
     * @param loopEntries the instructions a loop entry starts at (see {@link LoopEntries}), entered from outside too
     */
    static Pieces of(Prototype p, int size, Iterable<Integer> loopEntries) {
        int[] code = p.code;
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0; from < code.length; ) {
            int to = Math.min(code.length, from + Math.max(1, size));
            while (to < code.length && !cutBefore(code, to)) {
                to++;
            }
            ranges.add(new int[] {from, to});
            from = to;
        }
        int[] pieceAt = new int[code.length];
        for (int k = 0; k < ranges.size(); k++) {
            java.util.Arrays.fill(pieceAt, ranges.get(k)[0], ranges.get(k)[1], k);
        }
        TreeSet<Integer> entered = new TreeSet<>();
        for (int pc = 0; pc < code.length; pc++) {
            if (operandWord(code, pc)) {
                continue;
            }
            for (int target : RegisterFlow.successors(pc, code[pc])) {
                if (target < code.length && pieceAt[target] != pieceAt[pc]) {
                    entered.add(target);
                }
            }
        }
        loopEntries.forEach(entered::add);
        List<Piece> all = new ArrayList<>();
        for (int k = 0; k < ranges.size(); k++) {
            int from = ranges.get(k)[0];
            int to = ranges.get(k)[1];
            int[] entries = entered.subSet(from + 1, to).stream().mapToInt(Integer::intValue).toArray();
            all.add(new Piece(k, from, to, entries));
        }
        return new Pieces(List.copyOf(all));
    }

    /**
     * The whole function as one piece entered at any instruction: a coroutine body's frameless form (see
     * {@link Generators}), which a continuation takes up at the instruction it stopped before. Only for a function
     * where nothing but registers is live between any two instructions ({@link Generators#eligible}).
     */
    static Pieces whole(Prototype p) {
        int[] entries = java.util.stream.IntStream.range(1, p.code.length)
                .filter(pc -> !operandWord(p.code, pc)).toArray();
        return new Pieces(List.of(new Piece(0, 0, p.code.length, entries)));
    }

    /** Whether nothing but registers is live between instruction {@code pc - 1} and {@code pc}. */
    private static boolean cutBefore(int[] code, int pc) {
        if (operandWord(code, pc)) {
            return false; // the operand of the SETLIST before it
        }
        if (operandWord(code, pc - 1)) {
            return true;
        }
        int prev = code[pc - 1];
        int op = Lua.GET_OPCODE(prev);
        // an open result: the next instruction takes it from a JVM local
        return !(op == Lua.OP_CALL && Lua.GETARG_C(prev) == 0 || op == Lua.OP_VARARG && Lua.GETARG_B(prev) == 0);
    }

    /** Whether {@code pc} holds the operand of the {@code SETLIST} before it, not an instruction. */
    static boolean operandWord(int[] code, int pc) {
        return pc > 0 && CompiledChunk.operandWords(code[pc - 1]) == 1 && !operandWord(code, pc - 1);
    }

    /**
     * How many instructions the shortest way through the function runs, from its first to a return (a loop counted
     * as left at once): what any call surely costs. A straight function runs all of its code at every call; a
     * decision tree, which returns early or skips most of its branches, a small part of it.
     */
    static int shortestRun(Prototype p) {
        int[] code = p.code;
        int[] distance = new int[code.length];
        java.util.Arrays.fill(distance, -1);
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        distance[0] = 1;
        queue.add(0);
        while (!queue.isEmpty()) {
            int pc = queue.poll();
            int op = Lua.GET_OPCODE(code[pc]);
            if (op == Lua.OP_RETURN || op == Lua.OP_TAILCALL) {
                return distance[pc];
            }
            for (int next : RegisterFlow.successors(pc, code[pc])) {
                visit(distance, queue, next, distance[pc]);
            }
        }
        return code.length; // (no return reached: cannot happen, the compiler ends every function with one)
    }

    private static void visit(int[] distance, java.util.ArrayDeque<Integer> queue, int pc, int from) {
        if (pc >= 0 && pc < distance.length && distance[pc] < 0) {
            distance[pc] = from + 1;
            queue.add(pc);
        }
    }

    /**
     * The {@code ljuv$execute} of a function cut into pieces: each piece's method in turn, as they say where to go on
     * (see {@link Pieces}), until one returned. A loop entry first finds where the interpreter's instruction goes on.
     */
    void dispatch(CodeBuilder cb, Prototype p, ClassDesc self, boolean enteringLoop, boolean hasOpenUpvalues) {
        // locals: the current instruction (PC), the open upvalues (TOP) and the results' array (V), where a loop
        // entry has its instruction and open upvalues already
        Label run = cb.newLabel();
        if (enteringLoop) {
            java.util.List<java.lang.classfile.instruction.SwitchCase> cases = new java.util.ArrayList<>();
            java.util.List<Runnable> targets = new java.util.ArrayList<>();
            Label restart = cb.newLabel();
            LoopEntries.of(p).forEach((pc, target) -> {
                Label l = cb.newLabel();
                cases.add(java.lang.classfile.instruction.SwitchCase.of(pc, l));
                targets.add(() -> cb.labelBinding(l).loadConstant(target).istore(PC).goto_(run));
            });
            cb.iload(PC).lookupswitch(restart, cases);
            targets.forEach(Runnable::run);
            cb.labelBinding(restart);
            cb.iconst_0().istore(PC);
        } else {
            cb.iconst_0().istore(PC);
            if (hasOpenUpvalues) {
                cb.aload(STACK).arraylength().anewarray(UPVALUE);
            } else {
                cb.aconst_null();
            }
            cb.astore(TOP);
        }
        cb.labelBinding(run);
        cb.iconst_1().anewarray(VARARGS).astore(V);
        Label loop = cb.newBoundLabel();
        Label check = cb.newLabel();
        callPiece(cb, self, 0, all.size() - 1, check);
        cb.labelBinding(check);
        cb.iload(PC).ifge(loop);
        cb.aload(V).iconst_0().aaload().areturn();
    }

    /** Calls the piece among {@code first..last} that holds the current instruction (a binary search), then on to {@code done}. */
    private void callPiece(CodeBuilder cb, ClassDesc self, int first, int last, Label done) {
        if (first == last) {
            cb.aload(SELF).aload(CLOSURE_SLOT).aload(STACK).aload(VARARGS_SLOT).aload(FRAME_SLOT).iload(PC).aload(TOP)
                    .aload(V).invokevirtual(self, PART + first, PART_TYPE).istore(PC).goto_(done);
            return;
        }
        int middle = (first + last) / 2;
        Label upper = cb.newLabel();
        cb.iload(PC).loadConstant(all.get(middle + 1).from()).if_icmpge(upper);
        callPiece(cb, self, first, middle, done);
        cb.labelBinding(upper);
        callPiece(cb, self, middle + 1, last, done);
    }
}
