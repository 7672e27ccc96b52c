package dev.ljuv.stdlib.patch;

import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaError}: makes {@code level}, {@code fileline} and {@code traceback} public and adds the field
 * {@code ljuvTrace}, so that {@link LuaHooks} can place the position at the error's level and record the
 * Lua frames the error travels through.
 */
final class ErrorFieldsPatch implements ClassPatch {
    static final String TRACE_FIELD = "ljuvTrace";
    private static final Set<String> OPENED = Set.of("level", "fileline", "traceback");

    @Override
    public String className() {
        return "org/luaj/vm2/LuaError";
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] opened = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                if (OPENED.contains(name)) {
                    opened[0]++;
                    access = (access & ~(Opcodes.ACC_PROTECTED | Opcodes.ACC_PRIVATE)) | Opcodes.ACC_PUBLIC;
                }
                return super.visitField(access, name, desc, sig, value);
            }

            @Override
            public void visitEnd() {
                super.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_TRANSIENT, TRACE_FIELD,
                        "Ljava/lang/Object;", null, null).visitEnd();
                super.visitEnd();
            }
        }, 0);
        if (opened[0] != OPENED.size()) {
            throw new IllegalStateException("LuaError does not have the fields " + OPENED);
        }
        return writer.toByteArray();
    }
}
