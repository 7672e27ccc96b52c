package dev.ljuv.patcher;

import java.util.Set;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes every read of one reference field, inside the named methods of a class, produce {@code null}
 * (the object is popped): turns a run-time check on that field into dead code.
 */
final class FieldReadAsNullPatch extends MethodCodePatch {
    private final Set<String> methods;
    private final String fieldOwner;
    private final String field;
    private final int minimumReads;

    FieldReadAsNullPatch(String owner, Set<String> methods, String fieldOwner, String field, int minimumReads) {
        super(owner);
        this.methods = methods;
        this.fieldOwner = fieldOwner;
        this.field = field;
        this.minimumReads = minimumReads;
    }

    @Override
    boolean targets(String name, String desc) {
        return methods.contains(name);
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitFieldInsn(int op, String fowner, String fname, String fdesc) {
                if (op == Opcodes.GETFIELD && fowner.equals(fieldOwner) && fname.equals(field)) {
                    rewrites[0]++;
                    super.visitInsn(Opcodes.POP);
                    super.visitInsn(Opcodes.ACONST_NULL);
                    return;
                }
                super.visitFieldInsn(op, fowner, fname, fdesc);
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites < minimumReads) {
            throw new IllegalStateException(owner() + " " + methods + " read " + fieldOwner + "." + field + " "
                    + rewrites + " times, expected at least " + minimumReads);
        }
    }
}
