package dev.ljuv.patcher;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A patch that rewrites instructions inside some methods of one class, keeping the rest of their code.
 * Subclasses say which methods, wrap their code visitor, and check the count of rewrites they made, so that a
 * LuaJ of another shape fails the build instead of being patched halfway.
 */
abstract class MethodCodePatch implements ClassPatch {
    private final String owner;

    MethodCodePatch(String owner) {
        this.owner = owner;
    }

    @Override
    public final String className() {
        return owner;
    }

    final String owner() {
        return owner;
    }

    /** Whether this patch rewrites the method {@code name} of descriptor {@code desc}. */
    abstract boolean targets(String name, String desc);

    /** The rewriting visitor of one targeted method, counting each rewrite it makes in {@code rewrites[0]}. */
    abstract MethodVisitor rewrite(MethodVisitor code, int[] rewrites);

    /** Fails unless {@code rewrites} is the count this patch expects of LuaJ's code. */
    abstract void verify(int rewrites);

    @Override
    public final byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] rewrites = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                return targets(name, desc) ? rewrite(mv, rewrites) : mv;
            }
        }, 0);
        verify(rewrites[0]);
        return writer.toByteArray();
    }
}
