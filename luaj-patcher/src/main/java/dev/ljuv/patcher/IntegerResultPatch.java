package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaInteger.add(int)} and {@code subFrom(int)}: the sum or difference of two integers boxed by the runtime
 * ({@code ValueSemantics.integer}), which shares the boxes of small integers as compiled code's results do, where
 * LuaJ made a new box for each result past 255. The same values: a double past the int range, as before.
 */
final class IntegerResultPatch extends MethodBodyPatch {
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";

    /** {@code v + rhs}. */
    static final ClassPatch SUM = new IntegerResultPatch("add", Opcodes.LADD, false);
    /** {@code lhs - v}. */
    static final ClassPatch DIFFERENCE = new IntegerResultPatch("subFrom", Opcodes.LSUB, true);

    private final int operation;
    private final boolean argumentFirst;

    private IntegerResultPatch(String method, int operation, boolean argumentFirst) {
        super(INTEGER, method, "(I)Lorg/luaj/vm2/LuaValue;");
        this.operation = operation;
        this.argumentFirst = argumentFirst;
    }

    @Override
    void body(MethodVisitor mv) {
        if (argumentFirst) {
            argument(mv);
            own(mv);
        } else {
            own(mv);
            argument(mv);
        }
        mv.visitInsn(operation);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "integer", "(J)Lorg/luaj/vm2/LuaValue;", false);
        mv.visitInsn(Opcodes.ARETURN);
    }

    private static void own(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
        mv.visitInsn(Opcodes.I2L);
    }

    private static void argument(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.I2L);
    }
}
