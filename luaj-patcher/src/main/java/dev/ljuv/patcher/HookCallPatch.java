package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Calls a static hook with {@code this} (and, if asked, the method's first argument) at the entry of one instance
 * method, or before each of its returns, keeping the method's own code: how the parser's hooks watch LuaJ's parser
 * without replacing it. At the entry, an {@code int} hook may replace an {@code int} parameter ({@link #setting}).
 */
final class HookCallPatch extends MethodCodePatch {
    /** Where the call goes. */
    enum At { ENTRY, EXIT }

    private final String method;
    private final String descriptor;
    private final At at;
    private final String hookOwner;
    private final String hook;
    /** Whether the first argument is passed on too (as an {@code Object}: its class may be LuaJ's own, not public). */
    private final boolean argument;
    /** The local slot of the {@code int} parameter that the hook's result replaces, or -1 (a void hook). */
    private final int setsLocal;

    /**
     * @param at at the entry, or before every {@code return} (a method left by an exception calls nothing)
     * @param hook a static {@code void hook(Owner self)} of {@code hookOwner}
     */
    HookCallPatch(String owner, String method, String descriptor, At at, String hookOwner, String hook) {
        this(owner, method, descriptor, at, hookOwner, hook, false);
    }

    /** As above; with {@code withArgument}, the hook is {@code void hook(Owner self, Object first)}. */
    HookCallPatch(String owner, String method, String descriptor, At at, String hookOwner, String hook,
            boolean withArgument) {
        this(owner, method, descriptor, at, hookOwner, hook, withArgument, -1);
    }

    private HookCallPatch(String owner, String method, String descriptor, At at, String hookOwner, String hook,
            boolean withArgument, int setsLocal) {
        super(owner);
        this.setsLocal = setsLocal;
        this.method = method;
        this.descriptor = descriptor;
        this.at = at;
        this.hookOwner = hookOwner;
        this.hook = hook;
        this.argument = withArgument;
    }

    /**
     * At the entry of the method, {@code int hook(Owner self)} replaces the {@code int} parameter in local slot
     * {@code slot} (what the method's code then reads for it).
     */
    static HookCallPatch setting(String owner, String method, String descriptor, int slot, String hookOwner,
            String hook) {
        return new HookCallPatch(owner, method, descriptor, At.ENTRY, hookOwner, hook, false, slot);
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals(method) && desc.equals(descriptor);
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitCode() {
                super.visitCode();
                if (at == At.ENTRY) {
                    call();
                }
            }

            @Override
            public void visitInsn(int op) {
                if (at == At.EXIT && op == Opcodes.RETURN) {
                    call();
                }
                super.visitInsn(op);
            }

            private void call() {
                rewrites[0]++;
                super.visitVarInsn(Opcodes.ALOAD, 0);
                if (argument) {
                    super.visitVarInsn(Opcodes.ALOAD, 1);
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, hookOwner, hook,
                        "(L" + owner() + ";" + (argument ? "Ljava/lang/Object;" : "") + ")" + (setsLocal < 0 ? "V" : "I"),
                        false);
                if (setsLocal >= 0) {
                    super.visitVarInsn(Opcodes.ISTORE, setsLocal);
                }
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites == 0) {
            throw new IllegalStateException(owner() + "." + method + descriptor + " not found or of an unexpected shape");
        }
    }
}
