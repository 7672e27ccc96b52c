package dev.ljuv.patcher;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds {@code CompiledFunction ljuv$code()} to {@code LuaValue} (null) and {@code LuaClosure} (its prototype's
 * compiled code while no state has a debug hook, else null): how a compiled call site asks whether its callee
 * runs compiled, in one small virtual call that the JIT inlines per site, without reflection (the field it reads
 * is itself added by a patch, invisible to the runtime's compiled Java).
 */
final class CodeAccessorPatch implements ClassPatch {
    static final CodeAccessorPatch VALUE = new CodeAccessorPatch("org/luaj/vm2/LuaValue", false);
    static final CodeAccessorPatch CLOSURE = new CodeAccessorPatch("org/luaj/vm2/LuaClosure", true);

    private static final String DESC = "()L" + Hooks.CODE + ";";

    private final String owner;
    private final boolean closure;

    private CodeAccessorPatch(String owner, boolean closure) {
        this.owner = owner;
        this.closure = closure;
    }

    @Override
    public String className() {
        return owner;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                MethodVisitor mv = super.visitMethod(Opcodes.ACC_PUBLIC, PatchedMembers.CODE_ACCESSOR, DESC, null, null);
                mv.visitCode();
                if (closure) {
                    Label none = new Label();
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitFieldInsn(Opcodes.GETFIELD, owner, "p", "Lorg/luaj/vm2/Prototype;");
                    mv.visitFieldInsn(Opcodes.GETFIELD, "org/luaj/vm2/Prototype", PatchedMembers.PROTOTYPE_COMPILED,
                            "Ljava/lang/Object;");
                    mv.visitInsn(Opcodes.DUP);
                    mv.visitTypeInsn(Opcodes.INSTANCEOF, Hooks.CODE);
                    mv.visitJumpInsn(Opcodes.IFEQ, none);
                    mv.visitFieldInsn(Opcodes.GETSTATIC, Hooks.CALLS, "hookedStates", "I");
                    mv.visitJumpInsn(Opcodes.IFNE, none);
                    mv.visitTypeInsn(Opcodes.CHECKCAST, Hooks.CODE);
                    mv.visitInsn(Opcodes.ARETURN);
                    mv.visitLabel(none);
                    mv.visitInsn(Opcodes.POP);
                }
                mv.visitInsn(Opcodes.ACONST_NULL);
                mv.visitInsn(Opcodes.ARETURN);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
