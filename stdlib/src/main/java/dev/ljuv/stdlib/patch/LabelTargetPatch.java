package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LexState.labelstat}: a label marks its position as a jump target ({@code fs.getlabel()}) before
 * anything else. LuaJ's did not, so the code generator merged a {@code local y} after a label into the
 * {@code LOADNIL} of a {@code local x} before it, and a {@code goto} back to the label found {@code y}
 * still holding its old value.
 */
final class LabelTargetPatch implements ClassPatch {
    private static final String LEX_STATE = "org/luaj/vm2/compiler/LexState";
    private static final String FUNC_STATE = "org/luaj/vm2/compiler/FuncState";

    @Override
    public String className() {
        return LEX_STATE;
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
                if (!name.equals("labelstat") || !desc.equals("(Lorg/luaj/vm2/LuaString;I)V")) {
                    return mv;
                }
                found[0]++;
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitCode() {
                        super.visitCode();
                        super.visitVarInsn(Opcodes.ALOAD, 0);
                        super.visitFieldInsn(Opcodes.GETFIELD, LEX_STATE, "fs", "L" + FUNC_STATE + ";");
                        super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FUNC_STATE, "getlabel", "()I", false);
                        super.visitInsn(Opcodes.POP);
                    }
                };
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException("LexState.labelstat not found");
        }
        return writer.toByteArray();
    }
}
