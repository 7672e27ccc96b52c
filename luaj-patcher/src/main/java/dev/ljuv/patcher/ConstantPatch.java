package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code FuncState.numberK}: the compiler stores integral number constants as integers, which turned the
 * literal {@code -0.0} into {@code 0}; the constant now goes through {@code ValueSemantics.numberConstant}, which
 * keeps negative zero.
 */
final class ConstantPatch extends MethodBodyPatch {
    private static final String FUNC_STATE = "org/luaj/vm2/compiler/FuncState";

    ConstantPatch() {
        super(FUNC_STATE, "numberK", "(Lorg/luaj/vm2/LuaValue;)I");
    }

    @Override
    void body(MethodVisitor mv) {
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "numberConstant",
                "(Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;", false);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FUNC_STATE, "addk", "(Lorg/luaj/vm2/LuaValue;)I", false);
        mv.visitInsn(Opcodes.IRETURN);
    }
}
