package dev.ljuv.stdlib.patch;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Build-time tool (run by Maven in stdlib's {@code process-classes} phase): the one place where LuaJ core
 * classes are changed. Reads each class from the luaj-jse jar, applies its {@link ClassPatch}, and writes the
 * result into stdlib's classes, which come before luaj-jse on every class path. LuaJ stays a dependency:
 * no LuaJ source is in this repository.
 *
 * <p>The patches, each proven by a test in {@code stdlib/src/test/.../patch}:
 * <ul>
 *   <li>{@link ErrorFieldsPatch}: LuaError fields for positions at the error's level and traceback frames;
 *   <li>{@link UnwindHookPatch}: every Lua frame an error leaves calls {@link LuaHooks#onUnwind};
 *   <li>{@link NoDebugHooksPatch}: the interpreter stops checking for LuaJ's debug hooks on every instruction;
 *   <li>{@link CallDepthPatch}: nested Lua calls are counted, runaway recursion is a Lua error;
 *   <li>{@link SyntaxErrorPatch}: syntax errors name the offending token as LuaJIT's do;
 *   <li>{@link NumberPatch}: numbers become text as LuaJIT's {@code %.14g}; negative zero survives;
 *   <li>{@link NegativeZeroPatch}: negating the integer 0 gives -0, as with LuaJIT's doubles;
 *   <li>{@link ConstantPatch}: the compiler keeps the constant -0.0;
 *   <li>{@link StringEqualityPatch}: string equality compares bytes with the vectorized JDK routine;
 *   <li>{@link NumberLiteralPatch}: number literals as LuaJIT reads them (binary, hex floats);
 *   <li>{@link RedirectPatch}es: unsigned string comparison, {@code #t} ignoring {@code __len},
 *       {@code __unm} given its operand twice (each commented in {@link #PATCHES}).
 * </ul>
 */
public final class LuaJPatcher {
    /** In the order they apply; patches of the same class apply one after the other. */
    static final List<ClassPatch> PATCHES = List.of(
            new ErrorFieldsPatch(), new UnwindHookPatch(), new NoDebugHooksPatch(), new CallDepthPatch(),
            new SyntaxErrorPatch(),
            new NumberPatch(), new NegativeZeroPatch(), new ConstantPatch(),
            new StringEqualityPatch(), new NumberLiteralPatch(),
            // strings compare by unsigned bytes ("\255" > "\1"), as in C
            new RedirectPatch("org/luaj/vm2/LuaString", "strcmp", "(Lorg/luaj/vm2/LuaString;)I", "compareStrings"),
            // Lua 5.1: the length of a table ignores __len
            new RedirectPatch("org/luaj/vm2/LuaTable", "len", "()Lorg/luaj/vm2/LuaValue;", "tableLength"),
            // Lua 5.1: __unm receives its operand twice
            new RedirectPatch("org/luaj/vm2/LuaValue", "neg", "()Lorg/luaj/vm2/LuaValue;", "negate"));

    private LuaJPatcher() {}

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path out = Path.of(args[0]);
        Path luaj = Path.of(org.luaj.vm2.Lua.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (ZipFile jar = new ZipFile(luaj.toFile())) {
            for (ClassPatch patch : PATCHES) {
                byte[] current = classes.get(patch.className());
                if (current == null) {
                    ZipEntry entry = jar.getEntry(patch.className() + ".class");
                    if (entry == null) {
                        throw new IllegalStateException(patch.className() + " not found in " + luaj);
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        current = in.readAllBytes();
                    }
                }
                classes.put(patch.className(), patch.apply(current));
            }
        }
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            Path target = out.resolve(c.getKey() + ".class");
            Files.createDirectories(target.getParent());
            Files.write(target, c.getValue());
        }
    }
}
