package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;

/**
 * A patch that replaces the whole body of one method. Subclasses write the new code; this class finds the
 * method and fails the build when it is not there (LuaJ changed shape).
 */
abstract class MethodBodyPatch extends MethodCodePatch {
    private final String method;
    private final String descriptor;

    MethodBodyPatch(String owner, String method, String descriptor) {
        super(owner);
        this.method = method;
        this.descriptor = descriptor;
    }

    final String descriptor() {
        return descriptor;
    }

    /** Emits the new body's instructions (between {@code visitCode} and {@code visitMaxs}). */
    abstract void body(MethodVisitor mv);

    @Override
    final boolean targets(String name, String desc) {
        return name.equals(method) && desc.equals(descriptor);
    }

    @Override
    final MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        rewrites[0]++;
        code.visitCode();
        body(code);
        code.visitMaxs(0, 0);
        code.visitEnd();
        return null; // the original body is dropped
    }

    @Override
    final void verify(int rewrites) {
        if (rewrites != 1) {
            throw new IllegalStateException(owner() + "." + method + descriptor + " not found");
        }
    }
}
