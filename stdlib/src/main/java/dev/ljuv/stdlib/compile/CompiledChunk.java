package dev.ljuv.stdlib.compile;

import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The JVM classes of one loaded chunk: each of its functions that {@link FunctionCompiler} can compile, in a
 * class loader of their own, so that they are unloaded with the chunk's last closure. A function that cannot
 * be compiled (an instruction LuaJ does not run either, a body too large for the JIT to compile) stays with
 * LuaJ's interpreter, and so do the functions it creates, which is the only difference it makes.
 *
 * <p>Turned off with {@code -Dljuv.compile=false} (everything interpreted).
 *
 * <p>Threading: a chunk is compiled by the thread loading it; its classes are then immutable and may run on
 * any thread (each call runs on its caller's thread).
 */
public final class CompiledChunk extends ClassLoader {
    /** Whether chunks are compiled (the default) or left to LuaJ's interpreter. */
    public static final boolean ENABLED = !"false".equals(System.getProperty("ljuv.compile"));

    /**
     * Bytecode size past which HotSpot does not JIT-compile a method ({@code HugeMethodLimit}): such a function
     * would run in the JVM's own interpreter, slower than LuaJ's JIT-compiled one.
     */
    private static final int JIT_LIMIT = 8000;

    /** {@code LJUV_DEBUG_COMPILE} set: each function's fate is reported on stderr. */
    private static final boolean REPORT = System.getenv("LJUV_DEBUG_COMPILE") != null;

    private static void report(Prototype p, String what) {
        if (REPORT) {
            System.err.println("ljuv: " + p.source + ":" + p.linedefined + " (" + p.code.length + " instructions) " + what);
        }
    }

    private static final ClassHierarchyResolver LUAJ_TYPES = ClassHierarchyResolver
            .ofClassLoading(CompiledChunk.class.getClassLoader())
            .orElse(ClassHierarchyResolver.defaultResolver())
            .cached(ConcurrentHashMap::new);

    static {
        registerAsParallelCapable();
    }

    private final Map<String, Prototype> prototypes = new HashMap<>();
    private final Set<ClassDesc> generated = new HashSet<>();
    private final ClassHierarchyResolver types;

    private CompiledChunk() {
        super("lua-chunk", CompiledChunk.class.getClassLoader());
        types = ((ClassHierarchyResolver) desc -> generated.contains(desc)
                ? ClassHierarchyResolver.ClassHierarchyInfo.ofClass(ClassShape.CLOSURE) : null)
                .orElse(LUAJ_TYPES);
    }

    /** The function of a chunk's main prototype, compiled when it can be. */
    public static LuaClosure closure(Prototype main, LuaValue env) {
        if (!ENABLED) {
            return new LuaClosure(main, env);
        }
        CompiledChunk chunk = new CompiledChunk();
        Class<?> type = chunk.compile(main);
        if (type == null) {
            return new LuaClosure(main, env);
        }
        try {
            return (LuaClosure) type.getConstructor(Prototype.class, LuaValue.class).newInstance(main, env);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("compiled function cannot be created", e);
        }
    }

    /** Called by a generated class's initializer: the prototype it was compiled from. */
    public static Prototype prototype(Class<?> compiled) {
        return ((CompiledChunk) compiled.getClassLoader()).prototypes.get(compiled.getName());
    }

    /** Compiles {@code p} and its inner functions (inner first: a class names its inner functions' classes). */
    private Class<?> compile(Prototype p) {
        int n = p.p == null ? 0 : p.p.length;
        ClassDesc[] children = new ClassDesc[n];
        for (int i = 0; i < n; i++) {
            Class<?> inner = compile(p.p[i]);
            children[i] = inner == null ? null : ClassDesc.of(inner.getName());
        }
        if (!FunctionCompiler.compilable(p)) {
            report(p, "interpreted: too large or not compilable");
            return null;
        }
        String name = "ljuv.lua.F" + prototypes.size();
        ClassDesc self = ClassDesc.of(name);
        generated.add(self);
        byte[] bytes = new FunctionCompiler(p, self, children).generate(types);
        int length = executeLength(bytes);
        if (length > JIT_LIMIT) {
            report(p, "interpreted: " + length + " bytes of JVM code");
            return null;
        }
        report(p, "compiled: " + length + " bytes of JVM code");
        prototypes.put(name, p);
        Class<?> c = defineClass(name, bytes, 0, bytes.length);
        try {
            return Class.forName(name, true, this); // verified and initialized now, not in the middle of a call
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("generated class " + c.getName() + " is invalid", e);
        }
    }

    private static int executeLength(byte[] bytes) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(ClassShape.EXECUTE)) {
                return m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0);
            }
        }
        return 0;
    }
}
