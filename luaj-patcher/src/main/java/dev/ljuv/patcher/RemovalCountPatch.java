package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaTable.hashRemove} (every {@code t.k = nil} of a hash key) counts itself in the table's added
 * {@code ljuv$removals} field ({@link FieldsPatch#TABLE_REMOVALS}): compiled field sites cache the hash entry of a
 * constant key ({@code dev.ljuv.stdlib.compile.FieldSite}), and LuaJ keeps an entry while its key stays (a new value
 * goes into it, a rehash moves it), so an unchanged count says the cached entry is still the key's. The entries
 * themselves are left as they are: {@code next} hands them out as (key, value) pairs that a program may hold.
 */
final class RemovalCountPatch extends MethodCodePatch {
    private static final String TABLE = "org/luaj/vm2/LuaTable";

    RemovalCountPatch() {
        super(TABLE);
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals("hashRemove") && desc.equals("(Lorg/luaj/vm2/LuaValue;)V");
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitCode() {
                super.visitCode();
                rewrites[0]++;
                super.visitVarInsn(Opcodes.ALOAD, 0); // this.ljuv$removals++
                super.visitInsn(Opcodes.DUP);
                super.visitFieldInsn(Opcodes.GETFIELD, TABLE, PatchedMembers.TABLE_REMOVALS, "I");
                super.visitInsn(Opcodes.ICONST_1);
                super.visitInsn(Opcodes.IADD);
                super.visitFieldInsn(Opcodes.PUTFIELD, TABLE, PatchedMembers.TABLE_REMOVALS, "I");
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites != 1) {
            throw new IllegalStateException("LuaTable.hashRemove(LuaValue) not found");
        }
    }
}
