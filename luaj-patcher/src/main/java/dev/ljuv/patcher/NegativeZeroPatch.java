package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaInteger.neg}: negating 0 gives -0 as in LuaJIT, where every number is a double ({@code -x} for
 * {@code x = 0} prints {@code -0}; LuaJ's integer 0 stays 0). Other values are unchanged. {@link #PRODUCT} does the
 * same for a product of integers.
 */
final class NegativeZeroPatch extends MethodBodyPatch {
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";

    /**
     * {@code LuaInteger.mul(int)}: the product of 0 and a negative integer is -0, as LuaJIT's doubles give it
     * ({@code 0 * -1} prints {@code -0}); other products unchanged (a double past the int range, as before).
     */
    static final ClassPatch PRODUCT = new MethodBodyPatch(INTEGER, "mul", "(I)Lorg/luaj/vm2/LuaValue;") {
        @Override
        void body(MethodVisitor mv) {
            // the rule written once, in Java, for this and the compiled code's integer loops
            mv.visitVarInsn(Opcodes.ILOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "product", "(II)Lorg/luaj/vm2/LuaValue;", false);
            mv.visitInsn(Opcodes.ARETURN);
        }
    };

    NegativeZeroPatch() {
        super(INTEGER, "neg", "()Lorg/luaj/vm2/LuaValue;");
    }

    @Override
    void body(MethodVisitor mv) {
        Label nonZero = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
        mv.visitJumpInsn(Opcodes.IFNE, nonZero);
        mv.visitLdcInsn(-0.0d);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaDouble", "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
        mv.visitInsn(Opcodes.ARETURN);
        mv.visitLabel(nonZero);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LNEG);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(J)Lorg/luaj/vm2/LuaNumber;", false);
        mv.visitInsn(Opcodes.ARETURN);
    }
}
