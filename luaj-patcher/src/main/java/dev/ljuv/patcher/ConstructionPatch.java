package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Objects of one class that a LuaJ method creates are made by a static factory of a runtime class instead
 * ({@code NEW C; DUP; args; INVOKESPECIAL C.<init>} becomes {@code args; INVOKESTATIC hook}): how the interpreter
 * gets a say in the objects it creates.
 */
final class ConstructionPatch extends MethodCodePatch {
    private final String method;
    private final String created;
    private final String constructor;
    private final String hookOwner;
    private final String hook;
    private final int expected;

    /**
     * @param created internal name of the class whose construction is replaced
     * @param constructor descriptor of the replaced constructor
     * @param hookOwner internal name of the runtime class holding the factory (see {@link Hooks})
     * @param hook the factory method taking the constructor's arguments and returning a {@code created}
     * @param expected how many constructions the method has (the patch fails otherwise)
     */
    ConstructionPatch(String owner, String method, String created, String constructor, String hookOwner, String hook,
            int expected) {
        super(owner);
        this.method = method;
        this.created = created;
        this.constructor = constructor;
        this.hookOwner = hookOwner;
        this.hook = hook;
        this.expected = expected;
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals(method);
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            private boolean pendingNew; // NEW seen, its DUP to drop next

            @Override
            public void visitTypeInsn(int op, String type) {
                if (op == Opcodes.NEW && type.equals(created)) {
                    pendingNew = true;
                    return;
                }
                super.visitTypeInsn(op, type);
            }

            @Override
            public void visitInsn(int op) {
                if (pendingNew && op == Opcodes.DUP) {
                    pendingNew = false;
                    return;
                }
                super.visitInsn(op);
            }

            @Override
            public void visitMethodInsn(int op, String mowner, String mname, String mdesc, boolean itf) {
                if (op == Opcodes.INVOKESPECIAL && mowner.equals(created) && mname.equals("<init>")) {
                    if (!mdesc.equals(constructor)) {
                        throw new IllegalStateException(created + " constructor of an unexpected shape: " + mdesc);
                    }
                    rewrites[0]++;
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook,
                            mdesc.substring(0, mdesc.length() - 1) + "L" + created + ";", false);
                    return;
                }
                super.visitMethodInsn(op, mowner, mname, mdesc, itf);
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites != expected) {
            throw new IllegalStateException(owner() + "." + method + " creates " + created + " " + rewrites
                    + " times, expected " + expected);
        }
    }
}
