package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaClosure.execute}: counts nested Lua calls, so that runaway recursion ends in a Lua
 * {@code stack overflow} error after {@code LuaStacks.MAX_DEPTH} calls, and notes each call's function for
 * stack-level look-ups. The original method is renamed
 * {@code ljuv$execute}; a new {@code execute} brackets it with {@link LuaHooks#enterCall} and
 * {@link LuaHooks#leaveCall}.
 */
final class CallDepthPatch implements ClassPatch {
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String EXECUTE_DESC = "([Lorg/luaj/vm2/LuaValue;Lorg/luaj/vm2/Varargs;)Lorg/luaj/vm2/Varargs;";
    private static final String ORIGINAL = "ljuv$execute";
    private static final String HOOKS = "dev/ljuv/stdlib/patch/LuaHooks";

    @Override
    public String className() {
        return CLOSURE;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] access = {-1};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                if (name.equals("execute") && desc.equals(EXECUTE_DESC)) {
                    access[0] = acc;
                    return super.visitMethod(acc, ORIGINAL, desc, sig, ex);
                }
                return super.visitMethod(acc, name, desc, sig, ex);
            }

            @Override
            public void visitEnd() {
                if (access[0] < 0) {
                    throw new IllegalStateException("LuaClosure.execute not found");
                }
                MethodVisitor mv = super.visitMethod(access[0], "execute", EXECUTE_DESC, null, null);
                Label start = new Label();
                Label end = new Label();
                Label handler = new Label();
                mv.visitCode();
                mv.visitTryCatchBlock(start, end, handler, null);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "enterCall", "(L" + CLOSURE + ";)V", false);
                mv.visitLabel(start);
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                mv.visitVarInsn(Opcodes.ALOAD, 1);
                mv.visitVarInsn(Opcodes.ALOAD, 2);
                mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, CLOSURE, ORIGINAL, EXECUTE_DESC, false);
                mv.visitLabel(end);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leaveCall", "()V", false);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitLabel(handler);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "leaveCall", "()V", false);
                mv.visitInsn(Opcodes.ATHROW);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
