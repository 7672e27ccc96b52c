package dev.ljuv.patcher;

import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * {@code Varargs.checkX(i)} and {@code optX(i, default)}: LuaJ's argument checks raise
 * {@code bad argument: number expected, got boolean} without saying which argument. Each method is renamed
 * {@code ljuv$<name>} and wrapped so that its error names argument {@code i} (and "no value" for a missing
 * one) through {@code ErrorHooks.argumentError}; the unwind hook then adds the function's name as LuaJIT does.
 */
final class IndexedArgumentsPatch implements ClassPatch {
    private static final String VARARGS = "org/luaj/vm2/Varargs";
    private static final String ERROR = "org/luaj/vm2/LuaError";

    /** Method name to descriptor. */
    // sorted: Map.ofEntries iterates in an order that changes from run to run, and so would the class's bytes
    private static final Map<String, String> METHODS = new java.util.TreeMap<>(Map.ofEntries(
            Map.entry("checkboolean", "(I)Z"),
            Map.entry("checkdouble", "(I)D"),
            Map.entry("checkfunction", "(I)Lorg/luaj/vm2/LuaFunction;"),
            Map.entry("checkint", "(I)I"),
            Map.entry("checkinteger", "(I)Lorg/luaj/vm2/LuaInteger;"),
            Map.entry("checklong", "(I)J"),
            Map.entry("checknumber", "(I)Lorg/luaj/vm2/LuaNumber;"),
            Map.entry("checkjstring", "(I)Ljava/lang/String;"),
            Map.entry("checkstring", "(I)Lorg/luaj/vm2/LuaString;"),
            Map.entry("checktable", "(I)Lorg/luaj/vm2/LuaTable;"),
            Map.entry("checkthread", "(I)Lorg/luaj/vm2/LuaThread;"),
            Map.entry("checknotnil", "(I)Lorg/luaj/vm2/LuaValue;"),
            Map.entry("optint", "(II)I"),
            Map.entry("optdouble", "(ID)D"),
            Map.entry("optlong", "(IJ)J"),
            Map.entry("optjstring", "(ILjava/lang/String;)Ljava/lang/String;"),
            Map.entry("optstring", "(ILorg/luaj/vm2/LuaString;)Lorg/luaj/vm2/LuaString;"),
            Map.entry("opttable", "(ILorg/luaj/vm2/LuaTable;)Lorg/luaj/vm2/LuaTable;"),
            Map.entry("optnumber", "(ILorg/luaj/vm2/LuaNumber;)Lorg/luaj/vm2/LuaNumber;"),
            Map.entry("optfunction", "(ILorg/luaj/vm2/LuaFunction;)Lorg/luaj/vm2/LuaFunction;")));

    @Override
    public String className() {
        return VARARGS;
    }

    @Override
    public byte[] apply(byte[] original) {
        ClassReader reader = new ClassReader(original);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        java.util.Set<String> renamed = new java.util.HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int acc, String name, String desc, String sig, String[] ex) {
                if (desc.equals(METHODS.get(name))) {
                    renamed.add(name);
                    return super.visitMethod(acc, "ljuv$" + name, desc, sig, ex);
                }
                return super.visitMethod(acc, name, desc, sig, ex);
            }

            @Override
            public void visitEnd() {
                METHODS.forEach((name, desc) -> wrapper(writer, name, desc)); // straight to the writer: not renamed
                super.visitEnd();
            }
        }, 0);
        if (!renamed.equals(METHODS.keySet())) {
            java.util.Set<String> missing = new java.util.TreeSet<>(METHODS.keySet());
            missing.removeAll(renamed);
            throw new IllegalStateException("Varargs does not have the argument checks " + missing);
        }
        return writer.toByteArray();
    }

    private static void wrapper(ClassVisitor cv, String name, String desc) {
        MethodVisitor mv = cv.visitMethod(Opcodes.ACC_PUBLIC, name, desc, null, null);
        Type type = Type.getMethodType(desc);
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        mv.visitCode();
        mv.visitTryCatchBlock(start, end, handler, ERROR);
        mv.visitLabel(start);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        int slot = 1;
        for (Type arg : type.getArgumentTypes()) {
            mv.visitVarInsn(arg.getOpcode(Opcodes.ILOAD), slot);
            slot += arg.getSize();
        }
        mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VARARGS, "ljuv$" + name, desc, false);
        mv.visitLabel(end);
        mv.visitInsn(type.getReturnType().getOpcode(Opcodes.IRETURN));
        mv.visitLabel(handler);
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitInsn(Opcodes.SWAP);
        mv.visitVarInsn(Opcodes.ILOAD, 1);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, Hooks.ERRORS, "argumentError",
                "(L" + VARARGS + ";L" + ERROR + ";I)L" + ERROR + ";", false);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
