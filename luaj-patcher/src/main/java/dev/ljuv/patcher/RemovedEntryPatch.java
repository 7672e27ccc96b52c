package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * A table's hash entry, unlinked by the removal of its key ({@code t.k = nil}), keeps nil as its value from then on
 * instead of the last one: compiled field sites cache a table's entry for their constant key
 * ({@code dev.ljuv.stdlib.compile.FieldSite}), and a removed entry (replaced by a new one if the key comes back)
 * must then read as no value. LuaJ removes an entry through {@code remove(target)} of the bucket's first slot, which
 * is the entry itself ({@code Entry.remove}) or a link wrapping it ({@code LinkSlot.remove}), recursing down the
 * bucket; the removal that hits {@code target} sets its entry's value to nil first.
 */
final class RemovedEntryPatch extends MethodCodePatch {
    private static final String TABLE = "org/luaj/vm2/LuaTable";
    private static final String ENTRY = TABLE + "$Entry";
    private static final String STRONG_SLOT = TABLE + "$StrongSlot";
    private static final String DESC = "(L" + STRONG_SLOT + ";)L" + TABLE + "$Slot;";

    /** {@code Entry.remove}: the entry itself is the target. */
    static final RemovedEntryPatch ENTRY_REMOVE = new RemovedEntryPatch(ENTRY, false);
    /** {@code LinkSlot.remove}: the link is the target; its {@code entry} field holds the entry. */
    static final RemovedEntryPatch LINK_REMOVE = new RemovedEntryPatch(TABLE + "$LinkSlot", true);

    private final boolean link;

    private RemovedEntryPatch(String owner, boolean link) {
        super(owner);
        this.link = link;
    }

    @Override
    boolean targets(String name, String desc) {
        return name.equals("remove") && desc.equals(DESC);
    }

    @Override
    MethodVisitor rewrite(MethodVisitor code, int[] rewrites) {
        return new MethodVisitor(Opcodes.ASM9, code) {
            @Override
            public void visitCode() {
                super.visitCode();
                rewrites[0]++;
                // if (this == target) entry.set(NIL);
                Label other = new Label();
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitVarInsn(Opcodes.ALOAD, 1);
                super.visitJumpInsn(Opcodes.IF_ACMPNE, other);
                super.visitVarInsn(Opcodes.ALOAD, 0);
                if (link) {
                    super.visitFieldInsn(Opcodes.GETFIELD, owner(), "entry", "L" + ENTRY + ";");
                }
                super.visitFieldInsn(Opcodes.GETSTATIC, "org/luaj/vm2/LuaValue", "NIL", "Lorg/luaj/vm2/LuaValue;");
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, ENTRY, "set", "(Lorg/luaj/vm2/LuaValue;)L" + ENTRY + ";",
                        false);
                super.visitInsn(Opcodes.POP);
                super.visitLabel(other);
            }
        };
    }

    @Override
    void verify(int rewrites) {
        if (rewrites != 1) {
            throw new IllegalStateException(owner() + ".remove" + DESC + " not found");
        }
    }
}
