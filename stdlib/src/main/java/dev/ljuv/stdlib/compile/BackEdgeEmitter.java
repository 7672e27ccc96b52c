package dev.ljuv.stdlib.compile;

import static dev.ljuv.stdlib.compile.ClassShape.*;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.ljuv.stdlib.vm.LuaStacks;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import org.luaj.vm2.Lua;
import org.luaj.vm2.Prototype;

/**
 * The emitter of a loop's back edge, where long-running code is checked and may leave: an interrupt or a measure
 * ({@code CallHooks.backEdge}), a generator's long step ({@link #longStep}), the end of a round of a loop entry's
 * outermost loop ({@link #roundEnd}).
 *
 * <p>Threading: one instance per function compiled, used by the compiling thread.
 */
abstract class BackEdgeEmitter extends CodeEmitter {
    /**
     * While emitting a loop entry's body: the back edges of the outermost loops that hold another
     * ({@link LoopEntries#roundEdges}), where a call entered in rounds returns ({@link #roundEnd}); else null.
     */
    java.util.BitSet roundEdges;
    /** While emitting a round's method: where a round ends ({@link LoopEntries#roundExits}, see {@link #roundExit}). */
    java.util.BitSet roundExits;

    BackEdgeEmitter(Prototype p, ClassDesc self, boolean countLoops, boolean inLocals, boolean directPaths,
            boolean lazyStack) {
        super(p, self, countLoops, inLocals, directPaths, lazyStack);
    }

    /** A loop's backward jump: where an interrupt stops a loop that makes no call ({@code CallHooks.backEdge}). */
    void backEdge() {
        Label on = cb.newLabel();
        // the limit read in the loop's own code: a call there may be left out of C2's inlining (a long function)
        cb.aload(FRAME_SLOT).getfield(FRAME, "calls", CALL_STACK).getfield(CALL_STACK, "limit", CD_int).ifge(on);
        if (registers == null) {
            cb.aload(FRAME_SLOT).invokestatic(CALL_HOOKS, "backEdge", MethodTypeDesc.of(CD_void, FRAME));
            cb.labelBinding(on);
            if (generator) {
                longStep();
            }
            return;
        }
        // the named locals in the array first when a measure or an interrupt is due (the rare case)
        java.util.BitSet named = new java.util.BitSet();
        named.set(0, registers.namedAt(currentPc));
        // (as the instruction finds them; a generic for's TFORLOOP comes here after writing its control variable)
        spill(named, currentPc, Lua.GET_OPCODE(p.code[currentPc]) == Lua.OP_TFORLOOP);
        cb.aload(FRAME_SLOT).invokestatic(CALL_HOOKS, "backEdge", MethodTypeDesc.of(CD_void, FRAME));
        cb.labelBinding(on);
        if (roundEdges != null && roundEdges.get(currentPc)) {
            roundEnd();
        }
    }

    /**
     * While emitting a round's method (see {@code FunctionCompiler.enterLoop}): the round exit it is entered at, and
     * where that entry goes on, past the exit's return; -1 (and null) in the first round's, entered at back edges.
     */
    int round = -1;
    Label roundStart;

    /**
     * Before instruction {@code pc}, in a round's method: the end of the round at an outer loop's back edge or where
     * one of its inner loops has just been left ({@link #roundExits}). The registers' values go to the array, and the
     * method returns {@code CompiledSupport.AGAIN}, to be entered there again (as at {@link #roundEnd}).
     */
    void roundExit(int pc) {
        if (roundExits == null || !roundExits.get(pc)) {
            return;
        }
        java.util.BitSet all = new java.util.BitSet();
        all.set(0, p.maxstacksize);
        spillValues(all, pc, false);
        framePc(pc);
        cb.getstatic(SUPPORT, "AGAIN", VARARGS).areturn();
        if (pc == round) {
            cb.labelBinding(roundStart);
        }
    }

    /**
     * Such a back edge in a loop entry's body: a call entered in rounds ({@code Frame.rounds}) leaves
     * every register's value in the array (a counted loop's counter as its cell) and returns
     * {@code CompiledSupport.AGAIN}, to be entered at this back edge again: so the JIT compiles the body on the stack
     * with no loop around the inner one it entered at (an inner loop taken up on the stack inside an outer one makes
     * the outer loop one with two entries, which HotSpot optimizes far less: a main chunk's numeric loop nested in a
     * loop of rounds ran 2.4x as slow as in a function).
     */
    private void roundEnd() {
        Label on = cb.newLabel();
        Label end = cb.newLabel();
        cb.aload(FRAME_SLOT).getfield(FRAME, "rounds", CD_int).ifeq(on);
        cb.aload(FRAME_SLOT).getfield(FRAME, "rounds", CD_int).loadConstant(LuaStacks.Frame.ROUND_ENDS).if_icmpeq(end);
        cb.aload(FRAME_SLOT).loadConstant(LuaStacks.Frame.ROUND_ENDS).putfield(FRAME, "rounds", CD_int).goto_(on);
        cb.labelBinding(end);
        java.util.BitSet all = new java.util.BitSet();
        all.set(0, p.maxstacksize);
        spillValues(all, currentPc, Lua.GET_OPCODE(p.code[currentPc]) == Lua.OP_TFORLOOP);
        framePc(currentPc);
        cb.getstatic(SUPPORT, "AGAIN", VARARGS).areturn();
        cb.labelBinding(on);
    }

    /**
     * A generator's back edge ({@link Generators#LONG_STEP}): a frameless step that has passed that many stops before
     * this instruction, which its continuation takes up again; there (no frameless yield set) the rest of the call
     * goes on in the function's ordinary compiled code ({@code CompiledChunk.fromGenerator}), its results the
     * step's. Refused (a debug hook, a failed compile), the generator's own code goes on, and asks no more this step.
     */
    private void longStep() {
        Label on = cb.newLabel();
        Label ordinary = cb.newLabel();
        Label refused = cb.newLabel();
        cb.aload(FRAME_SLOT).getfield(FRAME, "framelessYield", VALUE).ifnull(ordinary);
        cb.iinc(EDGES, 1).iload(EDGES).loadConstant(Generators.LONG_STEP).if_icmplt(on);
        cb.loadConstant(currentPc).ireturn();
        cb.labelBinding(ordinary);
        cb.iload(EDGES).iflt(on);
        cb.aload(CLOSURE_SLOT).aload(STACK).aload(VARARGS_SLOT).aload(FRAME_SLOT).loadConstant(currentPc).aload(OPEN)
                .invokestatic(CHUNK, "fromGenerator",
                        MethodTypeDesc.of(VARARGS, CLOSURE, VALUES, VARARGS, FRAME, CD_int, UPVALUES));
        cb.dup().ifnull(refused);
        cb.astore(THROWN).aload(RESULT).iconst_0().aload(THROWN).aastore().iconst_m1().ireturn(); // as returnTop's
        cb.labelBinding(refused);
        cb.pop().loadConstant(Integer.MIN_VALUE).istore(EDGES);
        cb.labelBinding(on);
    }
}
