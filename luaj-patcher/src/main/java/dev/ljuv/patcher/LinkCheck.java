package dev.ljuv.patcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Proves that the patched LuaJ classes link against the runtime: every method or field of a {@code dev/ljuv/}
 * class that they call or read exists in the classes just compiled, with that descriptor. The hooks are named by
 * text in this tool (it is built before them, see {@link Hooks}); this check makes a renamed or retyped hook a
 * build failure.
 */
final class LinkCheck {
    private static final String RUNTIME = "dev/ljuv/";

    private LinkCheck() {}

    static void verify(Collection<byte[]> patched, Path classes) throws IOException {
        Map<String, Set<String>> members = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (byte[] c : patched) {
            for (String[] ref : references(c)) {
                Set<String> known = members.computeIfAbsent(ref[0], owner -> declared(classes, owner));
                if (!known.contains(ref[1] + ref[2])) {
                    missing.add(ref[0].replace('/', '.') + "." + ref[1] + ref[2]);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("patched LuaJ code names runtime members that do not exist "
                    + "(renamed? update dev.ljuv.patcher): " + new TreeSet<>(missing));
        }
    }

    /** The (owner, name, descriptor) of each runtime member the class's code uses. */
    private static List<String[]> references(byte[] c) {
        List<String[]> refs = new ArrayList<>();
        new ClassReader(c).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        if (owner.startsWith(RUNTIME)) {
                            refs.add(new String[] {owner, mname, mdesc});
                        }
                    }

                    @Override
                    public void visitFieldInsn(int op, String owner, String fname, String fdesc) {
                        if (owner.startsWith(RUNTIME)) {
                            refs.add(new String[] {owner, fname, fdesc});
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG);
        return refs;
    }

    /** Name + descriptor of every method and field {@code owner} declares; empty when it is not there. */
    private static Set<String> declared(Path classes, String owner) {
        Path file = classes.resolve(owner + ".class");
        Set<String> out = new TreeSet<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            new ClassReader(Files.readAllBytes(file)).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] ex) {
                    out.add(name + desc);
                    return null;
                }

                @Override
                public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                    out.add(name + desc);
                    return null;
                }
            }, ClassReader.SKIP_CODE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
