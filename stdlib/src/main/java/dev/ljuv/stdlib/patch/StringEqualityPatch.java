package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaString.raweq(LuaString)}: compares the bytes with the JDK's vectorized {@code Arrays.equals}
 * (see {@link LuaHooks#stringsEqual}) instead of a byte loop. LuaJIT interns strings, so Lua code compares
 * long strings freely ({@code s == other} on a 64 KiB message); the loop made that a full slow scan.
 */
final class StringEqualityPatch implements ClassPatch {
    private static final String STRING = "org/luaj/vm2/LuaString";

    @Override
    public String className() {
        return STRING;
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
                if (!name.equals("raweq") || !desc.equals("(L" + STRING + ";)Z")) {
                    return mv;
                }
                found[0]++;
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", "stringsEqual",
                        "(L" + STRING + ";L" + STRING + ";)Z", false);
                mv.visitInsn(Opcodes.IRETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException("LuaString.raweq(LuaString) not found");
        }
        return writer.toByteArray();
    }
}
