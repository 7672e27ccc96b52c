package dev.ljuv.patcher;

import java.util.Set;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Replaces every read of one instance field, inside the named methods of a class: by {@code null} (the object
 * is popped), which turns a run-time check on that field into dead code, or by a call of a static hook that
 * takes the object and answers the value, which makes a field LuaJ reads on a hot path the runtime's to decide.
 */
final class FieldReadPatch extends MethodCodePatch {
    private final Set<String> methods;
    private final String fieldOwner;
    private final String field;
    private final String fieldDesc;
    /** The hook's class and name, or null: the read gives null. */
    private final String hookOwner;
    private final String hook;
    private final int minimumReads;

    private FieldReadPatch(String owner, Set<String> methods, String fieldOwner, String field, String fieldDesc,
            String hookOwner, String hook, int minimumReads) {
        super(owner);
        this.methods = methods;
        this.fieldOwner = fieldOwner;
        this.field = field;
        this.fieldDesc = fieldDesc;
        this.hookOwner = hookOwner;
        this.hook = hook;
        this.minimumReads = minimumReads;
    }

    /** Reads of {@code fieldOwner.field} (a reference) in {@code methods} of {@code owner} give null. */
    static FieldReadPatch asNull(String owner, Set<String> methods, String fieldOwner, String field, int minimumReads) {
        return new FieldReadPatch(owner, methods, fieldOwner, field, null, null, null, minimumReads);
    }

    /** Reads of {@code fieldOwner.field} in {@code methods} of {@code owner} call {@code hookOwner.hook(object)}. */
    static FieldReadPatch redirect(String owner, Set<String> methods, String fieldOwner, String field, String fieldDesc,
            String hookOwner, String hook, int minimumReads) {
        return new FieldReadPatch(owner, methods, fieldOwner, field, fieldDesc, hookOwner, hook, minimumReads);
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
                if (op != Opcodes.GETFIELD || !fowner.equals(fieldOwner) || !fname.equals(field)
                        || fieldDesc != null && !fdesc.equals(fieldDesc)) {
                    super.visitFieldInsn(op, fowner, fname, fdesc);
                    return;
                }
                rewrites[0]++;
                if (hookOwner == null) {
                    super.visitInsn(Opcodes.POP);
                    super.visitInsn(Opcodes.ACONST_NULL);
                } else {
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook, "(L" + fowner + ";)" + fdesc, false);
                }
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
