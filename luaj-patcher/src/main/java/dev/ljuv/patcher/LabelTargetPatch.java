package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LexState.labelstat}: a label marks its position as a jump target ({@code fs.getlabel()}) before
 * anything else. LuaJ's did not, so the code generator merged a {@code local y} after a label into the
 * {@code LOADNIL} of a {@code local x} before it, and a {@code goto} back to the label found {@code y}
 * still holding its old value.
 */
final class LabelTargetPatch extends MethodCodePatch {
    private static final String LEX_STATE = "org/luaj/vm2/compiler/LexState";
    private static final String FUNC_STATE = "org/luaj/vm2/compiler/FuncState";

    LabelTargetPatch() {
        super(LEX_STATE);
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals("labelstat") && desc.equals("(Lorg/luaj/vm2/LuaString;I)V");
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        rewrites[0]++;
        return new MethodVisitor(Opcodes.ASM9, code) {
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

    @Override
    void verify(int rewrites) {
        if (rewrites != 1) {
            throw new IllegalStateException("LexState.labelstat not found");
        }
    }
}
