package dev.ljuv.stdlib.patch;

import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes every read of one reference field, inside the named methods of a class, produce {@code null}
 * (the object is popped): turns a run-time check on that field into dead code.
 */
final class FieldReadAsNullPatch implements ClassPatch {
    private final String owner;
    private final Set<String> methods;
    private final String fieldOwner;
    private final String field;
    private final int minimumReads;

    FieldReadAsNullPatch(String owner, Set<String> methods, String fieldOwner, String field, int minimumReads) {
        this.owner = owner;
        this.methods = methods;
        this.fieldOwner = fieldOwner;
        this.field = field;
        this.minimumReads = minimumReads;
    }

    @Override
    public String className() {
        return owner;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] replaced = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                if (!methods.contains(name)) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitFieldInsn(int op, String fowner, String fname, String fdesc) {
                        if (op == Opcodes.GETFIELD && fowner.equals(fieldOwner) && fname.equals(field)) {
                            replaced[0]++;
                            super.visitInsn(Opcodes.POP);
                            super.visitInsn(Opcodes.ACONST_NULL);
                            return;
                        }
                        super.visitFieldInsn(op, fowner, fname, fdesc);
                    }
                };
            }
        }, 0);
        if (replaced[0] < minimumReads) {
            throw new IllegalStateException(owner + " " + methods + " read " + fieldOwner + "." + field + " "
                    + replaced[0] + " times, expected at least " + minimumReads);
        }
        return writer.toByteArray();
    }
}
