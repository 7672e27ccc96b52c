package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaClosure}: every Lua frame an error unwinds through calls {@link LuaHooks#onUnwind}.
 *
 * <p>Stock LuaJ calls {@code processErrorHooks} only in the innermost frame (guarded by
 * {@code le.traceback == null}) and there writes the position without the colon Lua puts after the line.
 * The guard's field read becomes a constant null, and {@code processErrorHooks} delegates to the hook, which
 * places the position at the error's level and records the frame for the traceback. Nothing changes on the
 * normal (non-error) path.
 */
final class UnwindHookPatch implements ClassPatch {
    private static final String CLOSURE = "org/luaj/vm2/LuaClosure";
    private static final String ERROR = "org/luaj/vm2/LuaError";
    private static final String PROTOTYPE = "org/luaj/vm2/Prototype";
    private static final String HOOK_DESC = "(L" + ERROR + ";L" + PROTOTYPE + ";I)V";

    @Override
    public String className() {
        return CLOSURE;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = {0, 0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, ex);
                if (name.equals("processErrorHooks") && desc.equals(HOOK_DESC)) {
                    found[1]++;
                    mv.visitCode();
                    mv.visitVarInsn(Opcodes.ALOAD, 0);
                    mv.visitVarInsn(Opcodes.ALOAD, 1);
                    mv.visitVarInsn(Opcodes.ALOAD, 2);
                    mv.visitVarInsn(Opcodes.ILOAD, 3);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", "onUnwind",
                            "(L" + CLOSURE + ";L" + ERROR + ";L" + PROTOTYPE + ";I)V", false);
                    mv.visitInsn(Opcodes.RETURN);
                    mv.visitMaxs(0, 0);
                    mv.visitEnd();
                    return null; // drop the original body
                }
                if (name.equals("execute")) {
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitFieldInsn(int op, String owner, String field, String fdesc) {
                            if (op == Opcodes.GETFIELD && owner.equals(ERROR) && field.equals("traceback")) {
                                found[0]++;
                                super.visitInsn(Opcodes.POP);
                                super.visitInsn(Opcodes.ACONST_NULL);
                                return;
                            }
                            super.visitFieldInsn(op, owner, field, fdesc);
                        }
                    };
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1) {
            throw new IllegalStateException("LuaClosure does not have the expected error handling shape");
        }
        return writer.toByteArray();
    }
}
