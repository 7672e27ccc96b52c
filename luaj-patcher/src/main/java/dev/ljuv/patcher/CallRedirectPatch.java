package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Inside one method, calls of one method go to a static hook instead, which takes the receiver (of an instance
 * method, virtual or private) and the arguments: how a LuaJ method keeps its code but gets a say at one of its calls.
 * Every such call, or only the one at a given place among them ({@link #only}).
 */
final class CallRedirectPatch extends MethodCodePatch {
    private final String method;
    private final String calledOwner;
    private final String called;
    private final String calledDesc;
    private final String hookOwner;
    private final String hook;
    private final int expected;
    /** Which call alone goes to the hook (0: the first), or -1: all. */
    private final int occurrence;

    CallRedirectPatch(String owner, String method, String calledOwner, String called, String calledDesc,
            String hookOwner, String hook, int expected) {
        this(owner, method, calledOwner, called, calledDesc, hookOwner, hook, expected, -1);
    }

    private CallRedirectPatch(String owner, String method, String calledOwner, String called, String calledDesc,
            String hookOwner, String hook, int expected, int occurrence) {
        super(owner);
        this.method = method;
        this.calledOwner = calledOwner;
        this.called = called;
        this.calledDesc = calledDesc;
        this.hookOwner = hookOwner;
        this.hook = hook;
        this.expected = expected;
        this.occurrence = occurrence;
    }

    /** The same, for the call at {@code occurrence} (0: the first in the method's code) of the expected ones alone. */
    CallRedirectPatch only(int occurrence) {
        return new CallRedirectPatch(owner(), method, calledOwner, called, calledDesc, hookOwner, hook, expected,
                occurrence);
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
                    int index = rewrites[0]++; // every such call counted, so that LuaJ of another shape fails
                    if (occurrence < 0 || index == occurrence) {
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook,
                                instance ? "(L" + calledOwner + ";" + desc.substring(1) : desc, false);
                        return;
                    }
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
