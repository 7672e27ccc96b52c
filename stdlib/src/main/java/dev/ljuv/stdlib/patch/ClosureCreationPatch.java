package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The interpreter's {@code CLOSURE} instruction creates its closure through {@link LuaHooks#newClosure}, which
 * gives the compiled class of the inner function when it has one: a function the interpreter runs (a chunk
 * without loops, or one too large to compile) still creates compiled inner functions.
 */
final class ClosureCreationPatch implements ClassPatch {
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";

    @Override
    public String className() {
        return CLOSURE;
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
                if (!name.equals("execute")) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    private boolean pendingNew; // NEW LuaClosure seen, its DUP to drop next

                    @Override
                    public void visitTypeInsn(int op, String type) {
                        if (op == Opcodes.NEW && type.equals(CLOSURE)) {
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
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        if (op == Opcodes.INVOKESPECIAL && owner.equals(CLOSURE) && mname.equals("<init>")) {
                            if (!mdesc.equals("(Lorg/luaj/vm2/Prototype;Lorg/luaj/vm2/LuaValue;)V")) {
                                throw new IllegalStateException("LuaClosure constructor of an unexpected shape: " + mdesc);
                            }
                            replaced[0]++;
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", "newClosure",
                                    "(Lorg/luaj/vm2/Prototype;Lorg/luaj/vm2/LuaValue;)L" + CLOSURE + ";", false);
                            return;
                        }
                        super.visitMethodInsn(op, owner, mname, mdesc, itf);
                    }
                };
            }
        }, 0);
        if (replaced[0] != 1) {
            throw new IllegalStateException("LuaClosure.execute creates " + replaced[0] + " closures, expected 1");
        }
        return writer.toByteArray();
    }
}
