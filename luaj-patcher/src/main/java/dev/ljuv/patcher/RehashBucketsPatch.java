package dev.ljuv.patcher;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaTable.rehash}: when every key left in the hash part moves into the array part, LuaJ gives the table
 * no buckets ({@code NOBUCKETS}, a shared empty array) but still files the old part's removed keys' slots into
 * bucket 0 of it, an index out of bounds: {@code t[#t + 1] = v} then failed with an internal error on a table that
 * had had a key removed. Here the empty part is a fresh array of two buckets (LuaJ's least) when the old part had
 * any (the removed slots go to its first and are dropped), and of none otherwise, as before.
 */
final class RehashBucketsPatch extends MethodCodePatch {
    private static final String TABLE = "org/luaj/vm2/LuaTable";
    private static final String SLOTS = "[Lorg/luaj/vm2/LuaTable$Slot;";

    RehashBucketsPatch() {
        super(TABLE);
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals("rehash") && desc.equals("(I)V");
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitFieldInsn(int op, String owner, String name, String desc) {
                if (op != Opcodes.GETSTATIC || !owner.equals(TABLE) || !name.equals("NOBUCKETS")) {
                    super.visitFieldInsn(op, owner, name, desc);
                    return;
                }
                rewrites[0]++;
                // new Slot[Math.min(this.hash.length, 2)]: the old part is still the table's field here; two, LuaJ's
                // least (a number key's bucket is its hash modulo the mask, which must not be 0)
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, TABLE, "hash", SLOTS);
                super.visitInsn(Opcodes.ARRAYLENGTH);
                super.visitInsn(Opcodes.ICONST_2);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(II)I", false);
                super.visitTypeInsn(Opcodes.ANEWARRAY, "org/luaj/vm2/LuaTable$Slot");
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites != 1) {
            throw new IllegalStateException("LuaTable.rehash read NOBUCKETS " + rewrites + " times, expected 1");
        }
    }
}
