package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LexState.lexerror}: syntax errors say {@code near 'token'} as LuaJIT's do (LuaJ computes the token
 * text and drops it) and name the chunk as LuaJIT abbreviates it. The body becomes a call to
 * {@code ErrorHooks.syntaxError} whose result is thrown.
 */
final class SyntaxErrorPatch extends MethodBodyPatch {
    private static final String LEX = "org/luaj/vm2/compiler/LexState";

    SyntaxErrorPatch() {
        super(LEX, "lexerror", "(Ljava/lang/String;I)V");
    }

    @Override
    void body(MethodVisitor mv) {
        Label none = new Label();
        Label call = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "source", "Lorg/luaj/vm2/LuaString;");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, LEX, "linenumber", "I");
        mv.visitVarInsn(Opcodes.ALOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitJumpInsn(Opcodes.IFEQ, none);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 2);
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "txtToken", "(I)Ljava/lang/String;", false);
        mv.visitJumpInsn(Opcodes.GOTO, call);
        mv.visitLabel(none);
        mv.visitInsn(Opcodes.ACONST_NULL);
        mv.visitLabel(call);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.ERRORS, "syntaxError",
                "(Lorg/luaj/vm2/LuaString;ILjava/lang/String;Ljava/lang/String;)Lorg/luaj/vm2/LuaError;", false);
        mv.visitInsn(Opcodes.ATHROW);
    }
}
