package dev.ljuv.patcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * The mechanical rewrite of every LuaJ class, patched or not: LuaJ 3.0.1 is compiled for Java 1.3 (class-file
 * version 47), and the JVM's AOT cache and AppCDS leave out every class older than version 50, and every class
 * that extends one ({@code InstanceKlass::can_be_verified_at_dumptime}): LuaValue and all that derives from it,
 * this project's classes included, would never be cached, and the cache's assembly crashed on them. Each class is
 * written at version 52 (Java 8) with stack maps computed afresh; the code is unchanged. LuaJ 3.0.1 has no
 * {@code jsr}/{@code ret}, so every method can have stack maps. The build verifies the result by loading every
 * class ({@code ModernLuaJTest}).
 *
 * <p>{@code org.luaj.vm2.luajc} (LuaJ's own Lua-to-bytecode compiler, unused here) needs BCEL, which is not on the
 * class path: its classes are copied as they are and never loaded.
 */
final class Modernizer {
    static final int VERSION = Opcodes.V1_8;
    private static final String UNTOUCHED = "org/luaj/vm2/luajc/";

    private final ClassLoader hierarchy;

    /** {@code classPath}: where the classes that stack maps merge are found (LuaJ, the runtime's hooks). */
    Modernizer(Path... classPath) throws IOException {
        URL[] urls = new URL[classPath.length];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = classPath[i].toUri().toURL();
        }
        hierarchy = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    static boolean untouched(String className) {
        return className.startsWith(UNTOUCHED);
    }

    byte[] rewrite(String className, byte[] bytes) {
        if (untouched(className)) {
            return bytes;
        }
        ClassReader r = new ClassReader(bytes);
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        r.accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Math.max(version & 0xffff, VERSION), access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }
}
