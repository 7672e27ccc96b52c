package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A patch that replaces the whole body of one method. Subclasses write the new code; this class finds the
 * method and fails the build when it is not there (LuaJ changed shape).
 */
abstract class MethodBodyPatch implements ClassPatch {
    private final String owner;
    private final String method;
    private final String descriptor;

    MethodBodyPatch(String owner, String method, String descriptor) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
    }

    @Override
    public final String className() {
        return owner;
    }

    final String owner() {
        return owner;
    }

    final String descriptor() {
        return descriptor;
    }

    /** Emits the new body's instructions (between {@code visitCode} and {@code visitMaxs}). */
    abstract void body(MethodVisitor mv);

    @Override
    public final byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                if (!name.equals(method) || !desc.equals(descriptor)) {
                    return mv;
                }
                found[0]++;
                mv.visitCode();
                body(mv);
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null; // the original body is dropped
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException(owner + "." + method + descriptor + " not found");
        }
        return writer.toByteArray();
    }
}
