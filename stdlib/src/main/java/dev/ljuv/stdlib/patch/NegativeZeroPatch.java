package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaInteger.neg}: negating 0 gives -0 as in LuaJIT, where every number is a double ({@code -x} for
 * {@code x = 0} prints {@code -0}; LuaJ's integer 0 stays 0). Other values are unchanged.
 */
final class NegativeZeroPatch implements ClassPatch {
    private static final String INTEGER = "org/luaj/vm2/LuaInteger";

    @Override
    public String className() {
        return INTEGER;
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
                if (!name.equals("neg") || !desc.equals("()Lorg/luaj/vm2/LuaValue;")) {
                    return mv;
                }
                found[0]++;
                Label nonZero = new Label();
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
                mv.visitJumpInsn(Opcodes.IFNE, nonZero);
                mv.visitLdcInsn(-0.0d);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaDouble", "valueOf",
                        "(D)Lorg/luaj/vm2/LuaNumber;", false);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitLabel(nonZero);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitFieldInsn(Opcodes.GETFIELD, INTEGER, "v", "I");
                mv.visitInsn(Opcodes.I2L);
                mv.visitInsn(Opcodes.LNEG);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGER, "valueOf", "(J)Lorg/luaj/vm2/LuaNumber;", false);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException("LuaInteger.neg() not found");
        }
        return writer.toByteArray();
    }
}
