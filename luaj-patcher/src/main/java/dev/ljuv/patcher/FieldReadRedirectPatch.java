package dev.ljuv.patcher;

import java.util.Set;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Replaces every read of one instance field, inside the named methods of a class, by a call of a static hook
 * that takes the object and answers the value: a field LuaJ reads on a hot path becomes the runtime's to decide.
 */
final class FieldReadRedirectPatch extends MethodCodePatch {
    private final Set<String> methods;
    private final String fieldOwner;
    private final String field;
    private final String fieldDesc;
    private final String hookOwner;
    private final String hook;
    private final int minimumReads;

    FieldReadRedirectPatch(String owner, Set<String> methods, String fieldOwner, String field, String fieldDesc,
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

    @Override
    boolean targets(String name, String desc) {
        return methods.contains(name);
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitFieldInsn(int op, String fowner, String fname, String fdesc) {
                if (op == Opcodes.GETFIELD && fowner.equals(fieldOwner) && fname.equals(field) && fdesc.equals(fieldDesc)) {
                    rewrites[0]++;
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook, "(L" + fowner + ";)" + fdesc, false);
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
