package dev.ljuv.patcher;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * {@code LuaDouble}: numbers as text the way LuaJIT writes them ({@code %.14g}, {@code inf}, {@code -0}; LuaJ
 * used {@code Float.toString}), and {@code valueOf} keeping negative zero as a double instead of turning it
 * into the integer 0; division by IEEE rules ({@code 1/-0} is {@code -inf}; LuaJ looked at the dividend's sign
 * only). They live in the core class, so {@code ..}, the compiler's constant folding and every library see
 * them: {@link #TEXT}, {@link #NEGATIVE_ZERO}, {@link #DIVISION} and {@link #DIVISION_DOUBLE}.
 */
final class NumberPatch {
    private NumberPatch() {}

    private static final String DOUBLE = "org/luaj/vm2/LuaDouble";

    /** {@code tojstring()} returns {@code LuaNumbers.format(v)}. */
    static final ClassPatch TEXT = new MethodBodyPatch(DOUBLE, "tojstring", "()Ljava/lang/String;") {
        @Override
        void body(MethodVisitor mv) {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, DOUBLE, "v", "D");
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.NUMBERS, "format", "(D)Ljava/lang/String;", false);
            mv.visitInsn(Opcodes.ARETURN);
        }
    };

    /** {@code valueOf(d)}: an integer when {@code d} is one, except negative zero; a double otherwise. */
    static final ClassPatch NEGATIVE_ZERO = new MethodBodyPatch(DOUBLE, "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;") {
        @Override
        void body(MethodVisitor mv) {
            Label asDouble = new Label();
            Label asInt = new Label();
            // through a long: the JIT's double-to-int conversion takes a slow stub for every value past the int
            // range (LuaJIT's md5 adds 32-bit constants: 6% of its time), the one to long only past 2^63
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitInsn(Opcodes.D2L);
            mv.visitVarInsn(Opcodes.LSTORE, 2);
            mv.visitVarInsn(Opcodes.LLOAD, 2);
            mv.visitInsn(Opcodes.L2I);
            mv.visitVarInsn(Opcodes.ISTORE, 4);
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            mv.visitInsn(Opcodes.I2D);
            mv.visitInsn(Opcodes.DCMPL);
            mv.visitJumpInsn(Opcodes.IFNE, asDouble);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            mv.visitJumpInsn(Opcodes.IFNE, asInt);
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitInsn(Opcodes.LCMP);
            mv.visitJumpInsn(Opcodes.IFNE, asDouble);
            mv.visitLabel(asInt);
            mv.visitVarInsn(Opcodes.ILOAD, 4);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaInteger", "valueOf", "(I)Lorg/luaj/vm2/LuaInteger;", false);
            mv.visitInsn(Opcodes.ARETURN);
            mv.visitLabel(asDouble);
            mv.visitTypeInsn(Opcodes.NEW, DOUBLE);
            mv.visitInsn(Opcodes.DUP);
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitMethodInsn(Opcodes.INVOKESPECIAL, DOUBLE, "<init>", "(D)V", false);
            mv.visitInsn(Opcodes.ARETURN);
        }
    };

    /** {@code ddiv(a, b)}: {@code valueOf(a / b)}, the JVM's IEEE division (signed zeros, infinities, NaN). */
    static final ClassPatch DIVISION = new MethodBodyPatch(DOUBLE, "ddiv", "(DD)Lorg/luaj/vm2/LuaValue;") {
        @Override
        void body(MethodVisitor mv) {
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitVarInsn(Opcodes.DLOAD, 2);
            mv.visitInsn(Opcodes.DDIV);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, "org/luaj/vm2/LuaValue", "valueOf", "(D)Lorg/luaj/vm2/LuaNumber;", false);
            mv.visitInsn(Opcodes.ARETURN);
        }
    };

    /** {@code ddiv_d(a, b)}: {@code a / b}. */
    static final ClassPatch DIVISION_DOUBLE = new MethodBodyPatch(DOUBLE, "ddiv_d", "(DD)D") {
        @Override
        void body(MethodVisitor mv) {
            mv.visitVarInsn(Opcodes.DLOAD, 0);
            mv.visitVarInsn(Opcodes.DLOAD, 2);
            mv.visitInsn(Opcodes.DDIV);
            mv.visitInsn(Opcodes.DRETURN);
        }
    };
}
