package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LexState.str2d}: number literals as LuaJIT reads them, through {@link LuaHooks#parseNumber}:
 * binary {@code 0b101}, hex floats with a signed exponent ({@code 0x1p+4}), and {@code malformed number}
 * as a syntax error (LuaJ let Java's number parser fail with its own exception).
 */
final class NumberLiteralPatch implements ClassPatch {
    private static final String LEX = "org/luaj/vm2/compiler/LexState";
    private static final String SEMINFO = "org/luaj/vm2/compiler/LexState$SemInfo";

    @Override
    public String className() {
        return LEX;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                if (!name.equals("str2d") || !desc.equals("(Ljava/lang/String;L" + SEMINFO + ";)Z")) {
                    return mv;
                }
                found[0]++;
                Label ok = new Label();
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", "parseNumber",
                        "(Ljava/lang/String;)Lorg/luaj/vm2/LuaValue;", false);
                mv.visitVarInsn(Opcodes.ASTORE, 3);
                mv.visitVarInsn(Opcodes.ALOAD, 3);
                mv.visitJumpInsn(Opcodes.IFNONNULL, ok);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitLdcInsn("malformed number");
                mv.visitIntInsn(Opcodes.SIPUSH, 287); // TK_NUMBER: the message shows the literal
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, LEX, "lexerror", "(Ljava/lang/String;I)V", false);
                mv.visitLabel(ok);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitVarInsn(Opcodes.ALOAD, 3);
                mv.visitFieldInsn(Opcodes.PUTFIELD, SEMINFO, "r", "Lorg/luaj/vm2/LuaValue;");
                mv.visitInsn(Opcodes.ICONST_1);
                mv.visitInsn(Opcodes.IRETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException("LexState.str2d not found");
        }
        return writer.toByteArray();
    }
}
