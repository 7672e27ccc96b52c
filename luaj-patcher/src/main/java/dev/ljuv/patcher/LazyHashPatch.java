package dev.ljuv.patcher;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaString}'s hash, computed at the first {@code hashCode()} for a string longer than LuaJ's cache of recent
 * strings takes: LuaJ hashed every new string in its constructor, and a string built by concatenation, which is
 * seldom a key, paid for it (6% of LuaJIT's life.lua, which builds its board by {@code ..}). A short string keeps
 * its hash from the start ({@code ValueSemantics.initialStringHash}), since the cache compares a cached string's
 * field directly. The field loses its {@code final}; a hash of 0 is computed again at each call (as
 * {@code java.lang.String} does, a race between threads at worst computes it twice).
 */
final class LazyHashPatch implements ClassPatch {
    private static final String OWNER = "org/luaj/vm2/LuaString";
    private static final String HASH = "m_hashcode";
    private static final String HASH_OF = "([BII)I";

    @Override
    public String className() {
        return OWNER;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = new int[3];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                if (name.equals(HASH)) {
                    found[0]++;
                    access &= ~Opcodes.ACC_FINAL;
                }
                return super.visitField(access, name, desc, sig, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                if (name.equals("<init>") && desc.equals("([BII)V")) {
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitMethodInsn(int op, String owner, String called, String calledDesc, boolean itf) {
                            if (op == Opcodes.INVOKESTATIC && owner.equals(OWNER) && called.equals("hashCode")
                                    && calledDesc.equals(HASH_OF)) {
                                found[1]++;
                                super.visitMethodInsn(op, Hooks.VALUES, "initialStringHash", HASH_OF, false);
                                return;
                            }
                            super.visitMethodInsn(op, owner, called, calledDesc, itf);
                        }
                    };
                }
                if (name.equals("hashCode") && desc.equals("()I")) {
                    found[2]++;
                    lazyHash(mv);
                    return null; // the original body is dropped
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1 || found[2] != 1) {
            throw new IllegalStateException(OWNER + ": the hash field, its constructor's hash or hashCode() not found");
        }
        return writer.toByteArray();
    }

    /** {@code int h = m_hashcode; if (h == 0) m_hashcode = h = hashCode(m_bytes, m_offset, m_length); return h;} */
    private static void lazyHash(MethodVisitor mv) {
        Label done = new Label();
        mv.visitCode();
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
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, OWNER, "hashCode", HASH_OF, false);
        mv.visitVarInsn(Opcodes.ISTORE, 1);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitFieldInsn(Opcodes.PUTFIELD, OWNER, HASH, "I");
        mv.visitLabel(done);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitInsn(Opcodes.IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
