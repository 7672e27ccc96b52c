package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LexState.str2d}: number literals as LuaJIT reads them, through {@code ValueSemantics.parseNumber}:
 * binary {@code 0b101}, hex floats with a signed exponent ({@code 0x1p+4}), and {@code malformed number}
 * as a syntax error (LuaJ let Java's number parser fail with its own exception).
 */
final class NumberLiteralPatch extends MethodBodyPatch {
    private static final String LEX = "org/luaj/vm2/compiler/LexState";
    private static final String SEMINFO = "org/luaj/vm2/compiler/LexState$SemInfo";
    /** LexState.TK_NUMBER: the error message then shows the literal. */
    private static final int TK_NUMBER = 287;

    NumberLiteralPatch() {
        super(LEX, "str2d", "(Ljava/lang/String;L" + SEMINFO + ";)Z");
    }

    @Override
    void body(MethodVisitor mv) {
        Label ok = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.VALUES, "parseNumber",
                "(Ljava/lang/String;)Lorg/luaj/vm2/LuaValue;", false);
        mv.visitVarInsn(Opcodes.ASTORE, 3);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitJumpInsn(Opcodes.IFNONNULL, ok);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitLdcInsn("malformed number");
        mv.visitIntInsn(Opcodes.SIPUSH, TK_NUMBER);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "lexerror", "(Ljava/lang/String;I)V", false);
        mv.visitLabel(ok);
        mv.visitVarInsn(Opcodes.ALOAD, 2);
        mv.visitVarInsn(Opcodes.ALOAD, 3);
        mv.visitFieldInsn(Opcodes.PUTFIELD, SEMINFO, "r", "Lorg/luaj/vm2/LuaValue;");
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.IRETURN);
    }
}
