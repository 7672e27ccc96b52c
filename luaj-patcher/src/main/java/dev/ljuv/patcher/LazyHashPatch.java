package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaString.hashCode()} computes the hash at its first call and keeps it: LuaJ hashed every new string in its
 * constructor, and a string built by concatenation, which is seldom a key, paid for it (6% of LuaJIT's life.lua,
 * which builds its board by {@code ..}). Two patches beside this one in {@link LuaJPatcher}'s list make it so: the
 * constructor's hash goes through {@code ValueSemantics.initialStringHash} (0, "not yet", for a string longer than
 * LuaJ's cache of recent strings takes: the cache compares a cached string's field directly), and the field is no
 * longer final ({@link FieldsPatch#STRING_HASH}). A hash of 0 is computed again at each call, as
 * {@code java.lang.String} does (a race between threads at worst computes it twice).
 */
final class LazyHashPatch extends MethodBodyPatch {
    private static final String OWNER = "org/luaj/vm2/LuaString";
    private static final String HASH = "m_hashcode";

    LazyHashPatch() {
        super(OWNER, "hashCode", "()I");
    }

    /** {@code int h = m_hashcode; if (h == 0) m_hashcode = h = hashCode(m_bytes, m_offset, m_length); return h;} */
    @Override
    void body(MethodVisitor mv) {
        Label done = new Label();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, OWNER, HASH, "I");
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitJumpInsn(Opcodes.IFNE, done);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, OWNER, "m_bytes", "[B");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, OWNER, "m_offset", "I");
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitFieldInsn(Opcodes.GETFIELD, OWNER, "m_length", "I");
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "hashCode", "([BII)I", false);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, OWNER, HASH, "I");
        mv.visitLabel(done);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.IRETURN);
    }
}
