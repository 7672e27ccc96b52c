package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.ErrorHooks;
import dev.ljuv.stdlib.vm.LuaStacks;
import java.util.SortedMap;
import java.util.TreeMap;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.UpValue;
import org.luaj.vm2.Varargs;

/**
 * On-stack replacement's entry points: where an interpreted call of a function whose loops got hot goes on in its
 * compiled code ({@link CompiledChunk#loop}, {@link CompiledFunction#enterLoop}), and how ({@link #enter}). An
 * instance keeps a chunk's answers.
 *
 * <p>Threading: the static methods are stateless; an instance belongs to its chunk's state.
 */
final class LoopEntries {
    /**
     * Back edges after which a looping call enters the compiled code at an inner loop's back edge, when no outermost
     * loop's has come: entered there, the compiled body's outer loop has a second entry for the rest of the call,
     * and euler14-bit (an outer loop of short inner ones) ran 0.75-0.89x as fast in some runs; never entered there,
     * a loop inside a benchmark's few rounds ran in the interpreter for its whole first round.
     */
    static final int INNER_LOOP = 50 * CompiledChunk.HOT_LOOP;

    /**
     * Nanoseconds under which an outer loop's rounds are too short to be entered one at a time (see {@link #enter}):
     * each entry starts in the JVM's interpreter until its inner loop goes over to the code the JIT compiled for it
     * on the stack before, after a thousand back edges or so.
     */
    static final long SHORT_ROUND = 1_000_000;

    /**
     * Round exits ({@link #roundExits}) up to which a function has them, each with a method of its own: the whole
     * body again ({@code FunctionCompiler.enterLoop}).
     */
    static final int MAX_ROUNDS = 6;

    /** Rounds timed before deciding that, after the first (see {@link #enter}). */
    static final int TIMED_ROUNDS = 8;

    /** What {@link #at} says of an instruction besides 0 (no loop entry): an inner loop's back edge, an outermost one's. */
    private static final byte INNER = 1, OUTERMOST = 2;
    /** The same for an outermost loop's back edge that is one of the {@link #roundExits}. */
    private static final byte OUTERMOST_EXIT = 3;
    /** What {@link #at} says last: whether the function has {@link #roundExits} in an outer loop that holds several. */
    private static final byte NO_EXITS = 0, EXITS = 1;

    /** Per function whose loops got hot: per instruction, whether it is a loop entry's back edge, and of what loop. */
    private final java.util.Map<Prototype, byte[]> at = new java.util.IdentityHashMap<>();
    /**
     * The function last asked about, and its entries: an interpreted call asks at each of its back edges (all of
     * them, where the function stays interpreted), which took 88 ms of meteor.lua's 1.1 s in the map look-ups.
     */
    private Prototype last;
    private byte[] lastAt;
    /**
     * Inner loops' back edges of interpreted calls of functions compiled since those calls started: counted toward
     * {@link #INNER_LOOP}, as a pending function counts its own.
     */
    private int innerEdges;

    /**
     * Whether a call of {@code p} may enter compiled code at the back edge {@code pc}: an outermost loop's, or an
     * inner loop's once {@code backEdges} (of the function so far) passed {@link #INNER_LOOP}.
     */
    boolean entersAt(Prototype p, int pc, int backEdges) {
        kinds(p);
        return lastAt[pc] >= OUTERMOST || lastAt[pc] == INNER && backEdges >= INNER_LOOP;
    }

    /**
     * Whether a call of {@code p} entered at back edge {@code pc} goes on in rounds (see {@link #enter}): at an inner
     * loop's; or at an outermost loop's in a function with an outer loop that holds several (its {@link #roundExits}),
     * unless one of those ends there (an outer loop whose back edge came before 50,000 of its inner loops'
     * ({@link #INNER_LOOP}) has short rounds: channel_local's 20,000 of two loops of 100 ran 15% slower in rounds, the
     * JIT compiling its body again once they stopped; nsieve's sieve, entered at its first loop, then rounds of an
     * outer loop of one, 5% slower).
     */
    boolean inRounds(Prototype p, int pc) {
        kinds(p);
        return lastAt[pc] == INNER || lastAt[pc] == OUTERMOST && lastAt[p.code.length] == EXITS;
    }

    /** {@link #lastAt}: {@code p}'s back edges, of what loop each, and last whether an outer loop holds several. */
    private void kinds(Prototype p) {
        if (p != last) {
            lastAt = at.computeIfAbsent(p, q -> {
                byte[] kinds = new byte[q.code.length + 1];
                of(q).keySet().forEach(i -> kinds[i] = INNER);
                outermost(q).stream().forEach(i -> kinds[i] = OUTERMOST);
                java.util.BitSet exits = roundExits(q);
                exits.stream().filter(i -> kinds[i] == OUTERMOST).forEach(i -> kinds[i] = OUTERMOST_EXIT);
                exits.andNot(roundEdges(q)); // (those of outer loops that hold several)
                kinds[q.code.length] = exits.isEmpty() ? NO_EXITS : EXITS;
                return kinds;
            });
            last = p;
        }
    }

    /** {@link #entersAt} for a function compiled since the call started, its inner back edges counted here. */
    boolean entersAt(Prototype p, int pc) {
        if (!entersAt(p, pc, ++innerEdges)) {
            return false;
        }
        innerEdges = 0;
        return true;
    }

    /**
     * Where a call interpreted so far may go on in compiled code: the back edges of its loops, each with the
     * instruction to continue at: a {@code FORLOOP} itself (the head of its loop, which its {@code FORPREP} enters
     * too), a backward {@code JMP} that closes no upvalue at its target (its loop's head), a {@code TFORLOOP} itself.
     * Sorted by instruction. Inner loops too, taken only when an outermost loop's back edge is long in coming
     * ({@code CompiledChunk.INNER_LOOP}): a loop nested in one whose back edge comes late (a benchmark's rounds) went
     * on in LuaJ's interpreter until then (100 million iterations of {@code x = x + i % 10} in a main chunk's loop of
     * 3 rounds: 3.5 s in the first round, 0.4 s in the next). Entered there, the body's outer loop has a second
     * entry, which the JIT optimizes less well (only calls that started interpreted run that body).
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

    /** The back edges of the loops no other loop holds, among those of {@link #of}. */
    static java.util.BitSet outermost(Prototype p) {
        int[] code = p.code;
        java.util.BitSet edges = new java.util.BitSet();
        for (int pc = 0; pc < code.length; pc++) {
            int target = backEdgeTarget(code, pc);
            boolean inner = false;
            for (int q = pc + 1; q < code.length && target >= 0 && !inner; q++) {
                int t = backEdgeTarget(code, q);
                inner = t >= 0 && t <= target;
            }
            if (target >= 0 && !inner) {
                edges.set(pc);
            }
        }
        return edges;
    }

    /**
     * The back edges of the {@link #outermost} loops that hold exactly one other loop: where a call entered in rounds
     * returns (see {@link #enter}). A loop of its own is left alone, and so is one that holds several: each round
     * entered again ran its first inner loop in the JIT's profiling tier until that went over to its code compiled on
     * the stack, and the rest from there, where the next loops' paths had not run yet when it was compiled
     * (coro_create, two loops of 100k in each of 60 rounds, 0.7x as fast in rounds; table_loop, three, 0.8x).
     */
    static java.util.BitSet roundEdges(Prototype p) {
        java.util.BitSet edges = outermost(p);
        for (int pc = edges.nextSetBit(0); pc >= 0; pc = edges.nextSetBit(pc + 1)) {
            int held = 0;
            for (int q = backEdgeTarget(p.code, pc); q < pc; q++) {
                held += backEdgeTarget(p.code, q) >= 0 ? 1 : 0;
            }
            if (held != 1) {
                edges.clear(pc);
            }
        }
        return edges;
    }

    /**
     * Where a call going on in rounds returns, to be entered there again, each round in a method of its own
     * ({@code FunctionCompiler.enterLoop}): at the back edge of an {@link #outermost} loop that holds one loop (a
     * {@link #roundEdges}' one) or several, none in another; in the latter also after each of those, as it is left.
     * A round's method is the one round to the JIT: it compiles the round's inner loop on the stack alone, its exit a
     * return, and for its calls only what the round reaches. In the whole body, the JIT compiled the outer loop on the
     * stack at each inner loop in turn (table_loop's first rounds, three loops of 200k in each of 30, ran 2-10x as
     * long as later ones), and each round entered again ran in its profiling tier while it compiled the whole body for
     * the calls (a main chunk's loop of 4 rounds of LuaJIT's array3d: 1.1 s for the second round, 0.44 s so, as
     * {@code luajit -joff}). Not after a loop where the next instruction heads a loop (every iteration would come by)
     * or is a backward jump (its entry goes to the loop's head, past the return); none past {@link #MAX_ROUNDS}.
     */
    static java.util.BitSet roundExits(Prototype p) {
        int[] code = p.code;
        java.util.BitSet heads = new java.util.BitSet();
        for (int pc = 0; pc < code.length; pc++) {
            if (backEdgeTarget(code, pc) >= 0) {
                heads.set(backEdgeTarget(code, pc));
            }
        }
        java.util.BitSet outer = outermost(p);
        java.util.BitSet exits = new java.util.BitSet();
        for (int b = outer.nextSetBit(0); b >= 0; b = outer.nextSetBit(b + 1)) {
            java.util.List<Integer> held = new java.util.ArrayList<>(); // back edges of the loops it holds
            for (int q = backEdgeTarget(code, b); q < b; q++) {
                if (backEdgeTarget(code, q) >= 0) {
                    held.add(q);
                }
            }
            boolean flat = held.stream().allMatch(q -> held.stream()
                    .noneMatch(o -> o > q && backEdgeTarget(code, o) <= backEdgeTarget(code, q)));
            if (held.size() == 1) { // (a round edge: see roundEdges)
                exits.set(b);
            }
            if (held.size() < 2 || !flat) {
                continue;
            }
            for (int q : held) {
                int exit = q + 1;
                boolean backJump = Lua.GET_OPCODE(code[exit]) == Lua.OP_JMP && backEdgeTarget(code, exit) >= 0;
                if (!heads.get(exit) && !backJump) {
                    exits.set(exit);
                }
            }
            exits.set(b);
        }
        return exits.cardinality() <= MAX_ROUNDS ? exits : new java.util.BitSet();
    }

    /** The instruction the back edge at {@code pc} jumps to, or -1 when it is not a back edge. */
    static int backEdgeTarget(int[] code, int pc) {
        int op = Lua.GET_OPCODE(code[pc]);
        int target = pc + 1 + Lua.GETARG_sBx(code[pc]);
        return (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP) && target <= pc ? target : -1;
    }

    /**
     * The rest of a call from back edge {@code pc} in {@code entry}'s compiled code; an error it raises has recorded
     * this frame already. Entered at an inner loop's back edge (its outer loop's rounds are long), it goes on one
     * round of an outermost loop at a time ({@code Frame.rounds}, {@code BackEdgeEmitter.roundEnd}, at the back edges
     * of {@link #roundEdges}), entered again at that back edge after each; where an outermost loop holds several
     * loops, one of those at a time, each round in a method of its own ({@link #roundExits},
     * {@code FunctionCompiler.enterLoop}). Until {@link #TIMED_ROUNDS} in a row (after the first) took less than
     * {@link #SHORT_ROUND} each on average: the rest of the call then goes on in one piece, from the next outermost
     * loop's back edge the rounds come to.
     */
    Varargs enter(CompiledFunction entry, LuaClosure closure, LuaValue[] stack, Varargs varargs,
            LuaStacks.Frame frame, int pc, UpValue[] open) {
        boolean rounds = inRounds(closure.p, pc);
        long start = 0; // of the rounds timed
        int timed = -1;
        try {
            for (int round = 0; ; round++) {
                // (a round that ended inside an outer loop goes on in rounds to that loop's back edge, where the rest
                // of the call enters its loop at the head, as the JIT optimizes it best)
                boolean on = rounds || round > 0 && backEdgeTarget(closure.p.code, pc) < 0;
                frame.rounds = !on ? 0 : round == 0 ? LuaStacks.Frame.ROUND_ENDS : LuaStacks.Frame.ROUND_STARTS;
                Varargs r = entry.enterLoop(closure, stack, varargs, frame, pc, open);
                if (r != CompiledSupport.AGAIN) {
                    return r;
                }
                pc = frame.pc;
                for (int i = 0; i < stack.length; i++) { // (a counted loop's counter was left as its cell)
                    stack[i] = RegisterCell.reveal(stack[i]);
                }
                if (++timed == 0 || timed == TIMED_ROUNDS) { // (the first round, which compiled, not counted)
                    long now = System.nanoTime();
                    rounds = timed == 0 || now - start > TIMED_ROUNDS * SHORT_ROUND;
                    start = now;
                    timed = 0;
                }
            }
        } catch (LuaError e) {
            ErrorHooks.recordedByLoop(e, closure.p);
            throw e;
        } finally {
            frame.rounds = 0;
        }
    }
}
