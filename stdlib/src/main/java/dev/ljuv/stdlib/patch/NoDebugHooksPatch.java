package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaClosure.execute}: the interpreter no longer checks for LuaJ's debug hooks on every instruction,
 * call and return (a field load and a branch each time). The project never installs those hooks: they made
 * every instruction slow, and {@code debug.traceback} works without them (see {@link LuaHooks#onUnwind}).
 * Each read of {@code Globals.debuglib} inside {@code execute} becomes a constant null.
 */
final class NoDebugHooksPatch implements ClassPatch {
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
                if (!name.equals("execute") && !name.equals("ljuv$execute")) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitFieldInsn(int op, String owner, String field, String fdesc) {
                        if (op == Opcodes.GETFIELD && owner.equals("org/luaj/vm2/Globals") && field.equals("debuglib")) {
                            replaced[0]++;
                            super.visitInsn(Opcodes.POP);
                            super.visitInsn(Opcodes.ACONST_NULL);
                            return;
                        }
                        super.visitFieldInsn(op, owner, field, fdesc);
                    }
                };
            }
        }, 0);
        if (replaced[0] < 3) {
            throw new IllegalStateException("LuaClosure.execute does not read Globals.debuglib as expected");
        }
        return writer.toByteArray();
    }
}
