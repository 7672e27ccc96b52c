package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code FuncState.numberK}: the compiler stores integral number constants as integers, which turned the
 * literal {@code -0.0} into {@code 0}; the constant now goes through {@link LuaHooks#numberConstant}, which
 * keeps negative zero.
 */
final class ConstantPatch implements ClassPatch {
    private static final String FUNC_STATE = "org/luaj/vm2/compiler/FuncState";

    @Override
    public String className() {
        return FUNC_STATE;
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
                if (!name.equals("numberK") || !desc.equals("(Lorg/luaj/vm2/LuaValue;)I")) {
                    return mv;
                }
                found[0]++;
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", "numberConstant",
                        "(Lorg/luaj/vm2/LuaValue;)Lorg/luaj/vm2/LuaValue;", false);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FUNC_STATE, "addk", "(Lorg/luaj/vm2/LuaValue;)I", false);
                mv.visitInsn(Opcodes.IRETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException("FuncState.numberK not found");
        }
        return writer.toByteArray();
    }
}
