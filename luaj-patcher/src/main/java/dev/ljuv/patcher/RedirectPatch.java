package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Replaces the body of one instance method with a call to a static method of a runtime class that takes
 * {@code this} and the method's arguments and returns its result: the shape of most behaviour changes that
 * live inside a LuaJ core class.
 */
final class RedirectPatch extends MethodBodyPatch {
    private final String hookOwner;
    private final String hook;
    private final String selfType;

    /**
     * @param owner internal name of the class, e.g. {@code org/luaj/vm2/LuaTable}
     * @param method the instance method whose body is replaced
     * @param descriptor its descriptor
     * @param hookOwner internal name of the runtime class holding the hook (see {@link Hooks})
     * @param hook the method: {@code static R hook(Owner self, args...)}
     */
    RedirectPatch(String owner, String method, String descriptor, String hookOwner, String hook) {
        this(owner, method, descriptor, hookOwner, hook, owner);
    }

    /** As above, with the hook's first parameter typed {@code selfType} (a superclass of the owner). */
    RedirectPatch(String owner, String method, String descriptor, String hookOwner, String hook, String selfType) {
        super(owner, method, descriptor);
        this.hookOwner = hookOwner;
        this.hook = hook;
        this.selfType = selfType;
    }

    @Override
    void body(MethodVisitor mv) {
        Type type = Type.getMethodType(descriptor());
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        int slot = 1;
        for (Type arg : type.getArgumentTypes()) {
            mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
            slot += arg.getSize();
        }
        String hookDesc = "(L" + selfType + ";" + descriptor().substring(1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook, hookDesc, false);
        mv.visitInsn(type.getReturnType().getOpcode(Opcodes.IRETURN));
    }
}
