package dev.ljuv.stdlib.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build's rewrite of LuaJ (dev.ljuv.patcher.Modernizer) is verified by the JVM: every LuaJ class in stdlib's
 * classes, patched or not, is at class-file version 52 or later and loads, links (bytecode verification with the
 * new stack maps) and initializes in a class loader of its own. The stdlib jar is then a complete LuaJ.
 */
class ModernLuaJTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void everyLuaJClassIsModernAndPassesVerification() throws Exception {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("org/luaj"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(f).toString().replace('\\', '/');
                if (name.startsWith("org/luaj/vm2/luajc/")) {
                    continue; // LuaJ's own compiler needs BCEL: copied as it is, never loaded
                }
                assertTrue(major(f) >= 52, name + " is at class-file version " + major(f));
                names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
            }
        }
        assertTrue(names.size() > 300, "all of LuaJ is there: " + names.size());
        assertTrue(names.contains("org.luaj.vm2.lib.MathLib$sqrt"), "unpatched classes too");
        try (URLClassLoader own = new URLClassLoader(new URL[] {CLASSES.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : names) {
                Class<?> c = Class.forName(name, true, own); // linking verifies the bytecode
                assertEquals(own, c.getClassLoader(), name);
            }
        }
    }

    private static int major(Path classFile) throws IOException {
        try (InputStream in = Files.newInputStream(classFile); DataInputStream d = new DataInputStream(in)) {
            d.readInt();
            d.readUnsignedShort();
            return d.readUnsignedShort();
        }
    }
}
