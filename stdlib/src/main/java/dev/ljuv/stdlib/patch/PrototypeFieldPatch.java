package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * {@code Prototype} gets a public field {@code ljuv$compiled}: the compiled form of the function, when it has
 * one (see {@code dev.ljuv.stdlib.compile.CompiledChunk}), kept on the prototype itself so that creating a
 * closure finds it with one field read, and so that it lives exactly as long as the prototype.
 */
final class PrototypeFieldPatch implements ClassPatch {
    static final String FIELD = "ljuv$compiled";

    @Override
    public String className() {
        return "org/luaj/vm2/Prototype";
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitEnd() {
                super.visitField(Opcodes.ACC_PUBLIC, FIELD, "Ljava/lang/Object;", null, null).visitEnd();
                super.visitEnd();
            }
        }, 0);
        return writer.toByteArray();
    }
}
