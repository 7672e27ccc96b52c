package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Inside one method, calls of one method go to a static hook instead, which takes the receiver (of an instance
 * method, virtual or private) and the arguments: how a LuaJ method keeps its code but gets a say at one of its calls.
 */
final class CallRedirectPatch extends MethodCodePatch {
    private final String method;
    private final String calledOwner;
    private final String called;
    private final String calledDesc;
    private final String hookOwner;
    private final String hook;
    private final int expected;

    CallRedirectPatch(String owner, String method, String calledOwner, String called, String calledDesc,
            String hookOwner, String hook, int expected) {
        super(owner);
        this.method = method;
        this.calledOwner = calledOwner;
        this.called = called;
        this.calledDesc = calledDesc;
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
            @Override
            public void visitMethodInsn(int op, String owner, String name, String desc, boolean itf) {
                boolean instance = op == Opcodes.INVOKEVIRTUAL || op == Opcodes.INVOKESPECIAL && !name.equals("<init>");
                if ((instance || op == Opcodes.INVOKESTATIC)
                        && owner.equals(calledOwner) && name.equals(called) && desc.equals(calledDesc)) {
                    rewrites[0]++;
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook,
                            instance ? "(L" + calledOwner + ";" + desc.substring(1) : desc, false);
                    return;
                }
                super.visitMethodInsn(op, owner, name, desc, itf);
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites != expected) {
            throw new IllegalStateException(owner() + "." + method + " calls " + called + " " + rewrites
                    + " times, expected " + expected);
        }
    }
}
