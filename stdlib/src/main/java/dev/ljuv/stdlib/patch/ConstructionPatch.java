package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Objects of one class that a LuaJ method creates are made by a {@link LuaHooks} factory instead
 * ({@code NEW C; DUP; args; INVOKESPECIAL C.<init>} becomes {@code args; INVOKESTATIC hook}): how the interpreter
 * gets a say in the objects it creates.
 */
final class ConstructionPatch implements ClassPatch {
    private final String owner;
    private final String method;
    private final String created;
    private final String constructor;
    private final String hook;
    private final int expected;

    /**
     * @param created internal name of the class whose construction is replaced
     * @param constructor descriptor of the replaced constructor
     * @param hook the {@link LuaHooks} method taking the constructor's arguments and returning a {@code created}
     * @param expected how many constructions the method has (the patch fails otherwise)
     */
    ConstructionPatch(String owner, String method, String created, String constructor, String hook, int expected) {
        this.owner = owner;
        this.method = method;
        this.created = created;
        this.constructor = constructor;
        this.hook = hook;
        this.expected = expected;
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
                if (!name.equals(method)) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
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
                            replaced[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", hook,
                                    mdesc.substring(0, mdesc.length() - 1) + "L" + created + ";", false);
                            return;
                        }
                        super.visitMethodInsn(op, mowner, mname, mdesc, itf);
                    }
                };
            }
        }, 0);
        if (replaced[0] != expected) {
            throw new IllegalStateException(owner + "." + method + " creates " + created + " " + replaced[0]
                    + " times, expected " + expected);
        }
        return writer.toByteArray();
    }
}
