package dev.ljuv.patcher;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaClosure.execute}: counts nested Lua calls, so that runaway recursion ends in a Lua
 * {@code stack overflow} error after {@code LuaStacks.MAX_DEPTH} calls, and keeps a frame per call with the
 * instruction being executed, for stack-level look-ups ({@code debug.getinfo} lines and names,
 * {@code debug.getlocal}).
 *
 * <p>The original method is renamed {@code ljuv$execute} and takes the frame as a third parameter (its own
 * locals move up one slot); call instructions store the program counter into the frame first: one field
 * store, against LuaJ's debug hooks, which cost a call per instruction. A new
 * {@code execute} brackets it with {@code CallHooks.enterCall} and {@code CallHooks.leaveCall}, and runs the
 * function's compiled code instead when its prototype has some (a closure's class never changes,
 * so a function compiled after its closures were made is reached this way). Backward jumps and loop
 * instructions call {@code CompiledChunk.loop}, which checks for an interrupt as compiled loops do (Ctrl-C, a time
 * limit, a memory check reach an interpreted loop that makes no call), counts, and once the function is hot runs the
 * rest of the call in compiled code (on-stack replacement), whose results the interpreter returns. A forward jump
 * (every {@code if}'s) is no loop's back edge: the sign of its offset is tested and no call made. Counted, they made
 * a loop with tests in its body hot after fewer iterations than HOT_LOOP says, and the call cost a third of the time
 * of interpreted code that tests upvalues (meteor.lua's decision trees).
 */
final class CallDepthPatch implements ClassPatch {
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String EXECUTE_DESC = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
    private static final String FRAME = Hooks.FRAME;
    private static final String ORIGINAL = PatchedMembers.EXECUTE;
    private static final String ORIGINAL_DESC =
            "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;L" + FRAME + ";)Lorg/luaj/vm2/Varargs;";
    private static final String HOOKS = Hooks.CALLS;
    /** Slot of the new frame parameter: after this, the stack and the arguments. */
    private static final int FRAME_SLOT = 3;
    /** Slot of the wrapper's compiled code, when the function has some. */
    private static final int CODE_SLOT = 4;
    private static final String LOOP_DESC = "(Ljava/lang/Object;L" + CLOSURE + ";[Lorg/luaj/vm2/LuaValue;"
            + "Lorg/luaj/vm2/Varargs;L" + FRAME + ";I[Lorg/luaj/vm2/UpValue;)Lorg/luaj/vm2/Varargs;";
    private static final String RUN_DESC = "(L" + CLOSURE + ";[Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;L" + FRAME
            + ";)Lorg/luaj/vm2/Varargs;";

    @Override
    public String className() {
        return CLOSURE;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] access = {-1};
        boolean[] pcStored = {false}; // set once every calling opcode's case stores the pc
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                if (name.equals("execute") && desc.equals(EXECUTE_DESC)) {
                    access[0] = acc;
                    return new FrameTracking(super.visitMethod(acc, ORIGINAL, ORIGINAL_DESC, null, ex), pcStored);
                }
                return super.visitMethod(acc, name, desc, sig, ex);
            }

            @Override
            public void visitEnd() {
                if (access[0] < 0 || !pcStored[0]) {
                    throw new IllegalStateException("LuaClosure.execute not found or of an unexpected shape");
                }
                // public: compiled code, in its own package, calls it (fastCall)
                int publicAccess = access[0] & ~(Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE) | Opcodes.ACC_PUBLIC;
                MethodVisitor mv = super.visitMethod(publicAccess, "execute", EXECUTE_DESC, null, null);
                Label start = new Label();
                Label end = new Label();
                Label handler = new Label();
                mv.visitCode();
                mv.visitTryCatchBlock(start, end, handler, null);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "enterCall",
                        "(L" + CLOSURE + ";[Lorg/luaj/vm2/LuaValue;)L" + FRAME + ";", false);
                mv.visitVarInsn(Opcodes.ASTORE, FRAME_SLOT);
                mv.visitLabel(start);
                // the function's compiled code when it has some and no debug hook wants the interpreter (field
                // reads only: this runs on every call, also before the JVM has compiled anything); otherwise
                // CompiledChunk.notCompiled decides (it counts calls and may compile the function now)
                Label interpret = new Label();
                Label done = new Label();
                Label slow = new Label();
                Label run = new Label();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "Lorg/luaj/vm2/Prototype;");
                mv.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/Prototype", PatchedMembers.PROTOTYPE_COMPILED,
                        "Ljava/lang/Object;");
                mv.visitVarInsn(Opcodes.ASTORE, CODE_SLOT);
                mv.visitVarInsn(Opcodes.ALOAD, CODE_SLOT);
                mv.visitJumpInsn(Opcodes.IFNULL, interpret);
                mv.visitVarInsn(Opcodes.ALOAD, CODE_SLOT);
                mv.visitTypeInsn(Opcodes.INSTANCEOF, Hooks.CODE);
                mv.visitJumpInsn(Opcodes.IFEQ, slow);
                mv.visitFieldInsn(Opcodes.GETSTATIC, HOOKS, "hookedStates", "I");
                mv.visitJumpInsn(Opcodes.IFNE, slow);
                mv.visitLabel(run);
                mv.visitVarInsn(Opcodes.ALOAD, CODE_SLOT);
                mv.visitTypeInsn(Opcodes.CHECKCAST, Hooks.CODE);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, Hooks.CODE, "run", RUN_DESC, false);
                mv.visitJumpInsn(Opcodes.GOTO, done);
                mv.visitLabel(slow);
                mv.visitVarInsn(Opcodes.ALOAD, CODE_SLOT);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.CLOSURES, "notCompiled",
                        "(Ljava/lang/Object;L" + CLOSURE + ";)L" + Hooks.CODE + ";", false);
                mv.visitVarInsn(Opcodes.ASTORE, CODE_SLOT);
                mv.visitVarInsn(Opcodes.ALOAD, CODE_SLOT);
                mv.visitJumpInsn(Opcodes.IFNONNULL, run);
                mv.visitLabel(interpret);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, ORIGINAL, ORIGINAL_DESC, false);
                mv.visitLabel(done);
                mv.visitLabel(end);
                mv.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leaveCall", "(L" + FRAME + ";)V", false);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitLabel(handler);
                mv.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leaveCall", "(L" + FRAME + ";)V", false);
                mv.visitInsn(Opcodes.ATHROW);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Opcodes (LuaJ's Lua 5.2 numbering) that store the program counter: the calls. A frame being inspected
     * ({@code debug.getinfo}, {@code debug.traceback}, {@code debug.getlocal}) is almost always at a call.
     * Storing it also for the instructions that can call a metamethod (table access, arithmetic, comparison)
     * would give exact lines inside metamethods too, but measured about 5% slower on call-heavy code; errors
     * need neither, as the unwinding knows each frame's pc.
     */
    private static final int[] CALLING_OPCODES = {
        29, 30, 34, // CALL TAILCALL TFORCALL
    };

    /** Opcodes that may jump backward, where a loop is interrupted: JMP FORLOOP TFORLOOP. */
    private static final int[] LOOPING_OPCODES = {
        23, 32, 35,
    };
    private static final int JMP = 23;
    /** The bias of a signed jump offset (Lua.MAXARG_sBx): the operand's bits read as unsigned, less this. */
    private static final int MAXARG_SBX = 131071;

    /**
     * The renamed interpreter: locals from slot 3 move up one to make room for the frame parameter, and the
     * cases of {@link #CALLING_OPCODES} in the opcode {@code tableswitch} start by storing {@code pc} into the
     * frame. The program counter is the local read by the instruction fetch {@code i = code[pc]} (the
     * method's first {@code iaload}).
     */
    private static final class FrameTracking extends MethodVisitor {
        private final boolean[] patched;
        private int lastIntLoad = -1;
        private int pcSlot = -1;
        /** The local of the instruction word: the one stored right after the fetch's {@code iaload}. */
        private int instructionSlot = -1;
        /** The case of JMP, whose forward jumps need no back-edge call. */
        private Label jump;
        /** The local of the open upvalues ({@code openups}): the first one stored after a {@code new UpValue[]}. */
        private int openSlot = -1;
        private boolean upvalueArrayMade;
        private final java.util.Set<Label> storing = new java.util.HashSet<>();
        private final java.util.Set<Label> looping = new java.util.HashSet<>();

        FrameTracking(MethodVisitor next, boolean[] patched) {
            super(Opcodes.ASM9, next);
            this.patched = patched;
        }

        private static int shift(int slot) {
            return slot >= FRAME_SLOT ? slot + 1 : slot;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.ANEWARRAY && type.equals("org/luaj/vm2/UpValue") && openSlot < 0) {
                upvalueArrayMade = true;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            if (opcode == Opcodes.ASTORE && upvalueArrayMade && openSlot < 0) {
                openSlot = shift(slot);
            }
            if (opcode == Opcodes.ILOAD) {
                lastIntLoad = shift(slot);
            }
            if (opcode == Opcodes.ISTORE && pcSlot >= 0 && instructionSlot < 0) { // (the fetch seen)
                instructionSlot = shift(slot);
            }
            super.visitVarInsn(opcode, shift(slot));
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            super.visitIincInsn(shift(slot), increment);
        }

        @Override
        public void visitLocalVariable(String name, String desc, String sig, Label start, Label end, int slot) {
            super.visitLocalVariable(name, desc, sig, start, end, shift(slot));
        }

        @Override
        public void visitInsn(int opcode) {
            super.visitInsn(opcode);
            if (opcode == Opcodes.IALOAD && pcSlot < 0) {
                pcSlot = lastIntLoad;
            }
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            if (storing.isEmpty() && pcSlot >= 0 && min == 0 && max >= 34) {
                for (int op : CALLING_OPCODES) {
                    if (labels[op] == dflt) {
                        throw new IllegalStateException("LuaClosure.execute: no case for opcode " + op);
                    }
                    storing.add(labels[op]);
                }
                for (int op : LOOPING_OPCODES) {
                    if (labels[op] == dflt) {
                        throw new IllegalStateException("LuaClosure.execute: no case for opcode " + op);
                    }
                    looping.add(labels[op]);
                }
                jump = labels[JMP];
            }
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLabel(Label label) {
            super.visitLabel(label);
            boolean found = false;
            if (storing.remove(label)) {
                super.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                super.visitVarInsn(Opcodes.ILOAD, pcSlot);
                super.visitFieldInsn(Opcodes.PUTFIELD, FRAME, "pc", "I");
                found = true;
            }
            if (looping.remove(label)) {
                if (openSlot < 0) {
                    throw new IllegalStateException("LuaClosure.execute: its open upvalues' local not found");
                }
                // CompiledChunk.loop(p.ljuv$compiled, this, stack, varargs, frame, pc, openups): an interrupt
                // check, and the rest of the call in compiled code once the function is hot (returned as is)
                Label interpret = new Label();
                Label forward = new Label();
                if (label == jump) { // sBx >= 0: a forward jump, no loop's back edge
                    if (instructionSlot < 0) {
                        throw new IllegalStateException("LuaClosure.execute: its instruction's local not found");
                    }
                    super.visitVarInsn(Opcodes.ILOAD, instructionSlot);
                    super.visitIntInsn(Opcodes.BIPUSH, 14);
                    super.visitInsn(Opcodes.IUSHR);
                    super.visitLdcInsn(MAXARG_SBX);
                    super.visitJumpInsn(Opcodes.IF_ICMPGE, forward);
                }
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, CLOSURE, "p", "Lorg/luaj/vm2/Prototype;");
                super.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/Prototype", PatchedMembers.PROTOTYPE_COMPILED,
                        "Ljava/lang/Object;");
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitVarInsn(Opcodes.ALOAD, 2);
                super.visitVarInsn(Opcodes.ALOAD, FRAME_SLOT);
                super.visitVarInsn(Opcodes.ILOAD, pcSlot);
                super.visitVarInsn(Opcodes.ALOAD, openSlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.CLOSURES, "loop", LOOP_DESC, false);
                super.visitInsn(Opcodes.DUP);
                super.visitJumpInsn(Opcodes.IFNULL, interpret);
                super.visitInsn(Opcodes.ARETURN);
                super.visitLabel(interpret);
                super.visitInsn(Opcodes.POP);
                super.visitLabel(forward);
                found = true;
            }
            if (found && storing.isEmpty() && looping.isEmpty()) {
                patched[0] = true; // every case found and patched
            }
        }
    }
}
