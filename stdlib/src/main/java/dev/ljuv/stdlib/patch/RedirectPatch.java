package dev.ljuv.stdlib.patch;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Replaces the body of one instance method with a call to a static method of {@link LuaHooks} that takes
 * {@code this} and the method's arguments and returns its result: the shape of most behaviour changes that
 * live inside a LuaJ core class.
 */
final class RedirectPatch implements ClassPatch {
    private final String owner;
    private final String method;
    private final String descriptor;
    private final String hook;

    /**
     * @param owner internal name of the class, e.g. {@code org/luaj/vm2/LuaTable}
     * @param method the instance method whose body is replaced
     * @param descriptor its descriptor
     * @param hook the {@link LuaHooks} method: {@code static R hook(Owner self, args...)}
     */
    RedirectPatch(String owner, String method, String descriptor, String hook) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.hook = hook;
    }

    @Override
    public String className() {
        return owner;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                MethodVisitor mv = super.visitMethod(acc, name, desc, sig, ex);
                if (!name.equals(method) || !desc.equals(descriptor) || (acc & Opcodes.ACC_STATIC) != 0) {
                    return mv;
                }
                found[0]++;
                Type type = Type.getMethodType(descriptor);
                mv.visitCode();
                mv.visitVarInsn(Opcodes.ALOAD, 0);
                int slot = 1;
                for (Type arg : type.getArgumentTypes()) {
                    mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
                    slot += arg.getSize();
                }
                String hookDesc = "(L" + owner + ";" + descriptor.substring(1);
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/ljuv/stdlib/patch/LuaHooks", hook, hookDesc, false);
                mv.visitInsn(type.getReturnType().getOpcode(Opcodes.IRETURN));
                mv.visitMaxs(0, 0);
                mv.visitEnd();
                return null;
            }
        }, 0);
        if (found[0] != 1) {
            throw new IllegalStateException(owner + "." + method + descriptor + " not found");
        }
        return writer.toByteArray();
    }
}
