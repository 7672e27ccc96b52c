package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaDouble}: numbers become text as LuaJIT writes them ({@code %.14g}, {@code inf}, {@code -0}; LuaJ
 * uses {@code Float.toString}), and {@code valueOf} keeps negative zero as a double instead of turning it
 * into the integer 0. Both live in the core class, so {@code ..} and every library see them.
 */
final class NumberPatch implements ClassPatch {
    private static final String DOUBLE = "org/luaj/vm2/LuaDouble";

    @Override
    public String className() {
        return DOUBLE;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = {0, 0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                if (name.equals("tojstring") && desc.equals("()Ljava/lang/String;")) {
                    found[0]++;
                    mv.visitCode();
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/text/LuaNumbers", "format",
                            "(D)Ljava/lang/String;", false);
                    mv.visitInsn(Opcodes.ARETURN);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                    return null;
                }
                if (name.equals("valueOf") && desc.equals("(D)Lorg/luaj/vm2/LuaNumber;")) {
                    found[1]++;
                    // int i = (int) d; if (d == i && (i != 0 || 1/d > 0)) return LuaInteger.valueOf(i);
                    // return new LuaDouble(d);
                    Label asDouble = new Label();
                    Label asInt = new Label();
                    mv.visitCode();
                    mv.visitVarInsn(Opcodes.DLOAD, 0);
                    mv.visitInsn(Opcodes.D2I);
                    mv.visitVarInsn(Opcodes.ISTORE, 2);
                    mv.visitVarInsn(Opcodes.DLOAD, 0);
                    mv.visitVarInsn(Opcodes.ILOAD, 2);
                    mv.visitInsn(Opcodes.I2D);
                    mv.visitInsn(Opcodes.DCMPL);
                    mv.visitJumpInsn(Opcodes.IFNE, asDouble);
                    mv.visitVarInsn(Opcodes.ILOAD, 2);
                    mv.visitJumpInsn(Opcodes.IFNE, asInt);
                    mv.visitVarInsn(Opcodes.DLOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
                    mv.visitInsn(Opcodes.LCONST_0);
                    mv.visitInsn(Opcodes.LCMP);
                    mv.visitJumpInsn(Opcodes.IFNE, asDouble);
                    mv.visitLabel(asInt);
                    mv.visitVarInsn(Opcodes.ILOAD, 2);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaInteger", "valueOf",
                            "(I)Lorg/luaj/vm2/LuaInteger;", false);
                    mv.visitInsn(Opcodes.ARETURN);
                    mv.visitLabel(asDouble);
                    mv.visitTypeInsn(Opcodes.NEW, DOUBLE);
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitVarInsn(Opcodes.DLOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKESPECIAL, DOUBLE, "<init>", "(D)V", false);
                    mv.visitInsn(Opcodes.ARETURN);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                    return null;
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1) {
            throw new IllegalStateException("LuaDouble does not have tojstring() and valueOf(double)");
        }
        return writer.toByteArray();
    }
}
