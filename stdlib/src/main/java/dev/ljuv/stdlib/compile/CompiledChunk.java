package dev.ljuv.stdlib.compile;

import dev.ljuv.stdlib.vm.RuntimeOptions;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * The JVM classes of one loaded chunk: each of its functions that {@link FunctionCompiler} compiles, in a
 * class loader of their own, so that they are unloaded with the chunk. A function's compiled form is kept on
 * its prototype ({@code Prototype.ljuv$compiled}, a patched field), and every closure of it, whoever creates
 * it, is of the compiled class.
 *
 * <p>What is compiled: every inner function, and the chunk's main function only when it loops (run once
 * and straight through, it gains nothing from a class). What stays with LuaJ's interpreter: functions with an
 * instruction it does not run either, bodies too large for the JIT to compile, and whole chunks when this
 * thread has spent its compile budget (about a tenth of its time, after a first 50 ms), which bounds what
 * programs that load many chunks pay for classes they barely run. See {@link RuntimeOptions.Compile} for the other modes.
 *
 * <p>Threading: a chunk is compiled by the thread loading it, before any closure of it exists; its classes
 * are then immutable. The budget is per thread.
 */
public final class CompiledChunk extends ClassLoader {
    /**
     * Bytecode size past which HotSpot does not JIT-compile a method ({@code HugeMethodLimit}): such a function
     * would run in the JVM's own interpreter, slower than LuaJ's JIT-compiled one.
     */
    static final int JIT_LIMIT = 8000;

    /** The package of the generated classes (stack walks tell their frames by it). */
    public static final String PACKAGE = dev.ljuv.stdlib.vm.StackLevels.GENERATED_PACKAGE;

    private static final long FREE_NANOS = 50_000_000L;
    private static final int BUDGET_SHARE = 10; // compile time at most 1/10 of the time since the first compile

    private static final VarHandle COMPILED;

    static {
        registerAsParallelCapable();
        try {
            COMPILED = MethodHandles.lookup().findVarHandle(Prototype.class, dev.ljuv.patcher.PatchedMembers.PROTOTYPE_COMPILED, Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Held apart: the class-file API's set-up is for a chunk that is compiled, not for one that runs once. */
    private static final class Types {
        static final ClassHierarchyResolver LUAJ = ClassHierarchyResolver
                .ofClassLoading(CompiledChunk.class.getClassLoader())
                .orElse(ClassHierarchyResolver.defaultResolver())
                .cached(ConcurrentHashMap::new);
    }

    /** Per thread: when it first compiled, and the time it spent compiling since. */
    private static final ThreadLocal<long[]> BUDGET = ThreadLocal.withInitial(() -> new long[] {System.nanoTime(), 0});

    private final Map<String, Prototype> prototypes = new HashMap<>();
    private final Set<ClassDesc> generated = new HashSet<>();
    private final ClassHierarchyResolver types;

    /** The mode, the report ({@code LJUV_DEBUG_COMPILE}) and the dump directory ({@code -Dljuv.compile.dump}). */
    private final RuntimeOptions options;

    private CompiledChunk(RuntimeOptions options) {
        this.options = options;
        super("lua-chunk", CompiledChunk.class.getClassLoader());
        types = ((ClassHierarchyResolver) desc -> generated.contains(desc)
                ? ClassHierarchyResolver.ClassHierarchyInfo.ofClass(ClassShape.CLOSURE) : null)
                .orElse(Types.LUAJ);
    }

    /** Set while the runtime loads one of its own Lua libraries (see {@link #library}). */
    private static final ThreadLocal<Boolean> LIBRARY = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code load}, which loads one of the runtime's own Lua libraries (ljuv.net, the thread pool...): their
     * functions are the hot paths of the programs that use them, so they are compiled whatever this thread's
     * budget, which is for user code.
     */
    public static <T> T library(java.util.function.Supplier<T> load) {
        boolean outer = LIBRARY.get();
        LIBRARY.set(true);
        try {
            return load.get();
        } finally {
            LIBRARY.set(outer);
        }
    }

    /** The function of a freshly loaded chunk: its functions compiled first when that is worth it. */
    public static LuaClosure closure(Prototype main, LuaValue env, RuntimeOptions options) {
        RuntimeOptions.Compile m = options.compile();
        if (m == RuntimeOptions.Compile.ALWAYS
                || m == RuntimeOptions.Compile.AUTO && worthCompiling(main) && (LIBRARY.get() || withinBudget())) {
            long start = System.nanoTime();
            new CompiledChunk(options).compile(main, m == RuntimeOptions.Compile.AUTO);
            BUDGET.get()[1] += System.nanoTime() - start;
        }
        return newClosure(main, env);
    }

    /** A closure of {@code p}: of its compiled class when it has one. */
    public static LuaClosure newClosure(Prototype p, LuaValue env) {
        return COMPILED.get(p) instanceof CompiledFunction f ? f.fresh(p, env) : new LuaClosure(p, env);
    }

    /** Whether {@code p} runs compiled. */
    public static boolean isCompiled(Prototype p) {
        return COMPILED.get(p) != null;
    }

    /** Called by a generated class's initializer: the prototype it was compiled from. */
    public static Prototype prototype(Class<?> compiled) {
        return ((CompiledChunk) compiled.getClassLoader()).prototypes.get(compiled.getName());
    }

    private static boolean worthCompiling(Prototype main) {
        return loops(main) || main.p != null && main.p.length > 0;
    }

    private static boolean withinBudget() {
        long[] b = BUDGET.get();
        return b[1] <= FREE_NANOS + (System.nanoTime() - b[0]) / BUDGET_SHARE;
    }

    /** Whether the function has a loop: a backward jump. */
    private static boolean loops(Prototype p) {
        for (int i : p.code) {
            int op = Lua.GET_OPCODE(i);
            if (op == Lua.OP_FORLOOP || op == Lua.OP_TFORLOOP || op == Lua.OP_JMP && Lua.GETARG_sBx(i) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Compiles {@code p} and its inner functions (inner first: a class names its inner functions' classes). */
    private Class<?> compile(Prototype p, boolean mainOnlyIfLooping) {
        int n = p.p == null ? 0 : p.p.length;
        ClassDesc[] children = new ClassDesc[n];
        for (int i = 0; i < n; i++) {
            Class<?> inner = compile(p.p[i], false);
            children[i] = inner == null ? null : ClassDesc.of(inner.getName());
        }
        if (mainOnlyIfLooping && !loops(p)) {
            report(p, "interpreted: runs once, without loops");
            return null;
        }
        if (!FunctionCompiler.compilable(p)) {
            report(p, "interpreted: too large or not compilable");
            return null;
        }
        String name = PACKAGE + "F" + prototypes.size();
        try {
            ClassDesc self = ClassDesc.of(name);
            generated.add(self);
            byte[] bytes = new FunctionCompiler(p, self, children, true).generate(types);
            int length = executeLength(bytes);
            if (length > JIT_LIMIT) { // integer loops in JVM locals take more code: without them it may fit
                bytes = new FunctionCompiler(p, self, children, false).generate(types);
                length = executeLength(bytes);
            }
            if (length > JIT_LIMIT) {
                report(p, "interpreted: " + length + " bytes of JVM code");
                return null;
            }
            prototypes.put(name, p);
            dump(name, bytes);
            defineClass(name, bytes, 0, bytes.length);
            // verified and initialized now, not in the middle of a call
            Class<?> c = Class.forName(name, true, this);
            COMPILED.set(p, c.getConstructor(Prototype.class, LuaValue.class).newInstance(p, LuaValue.NIL));
            report(p, "compiled: " + length + " bytes of JVM code");
            return c;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a compiler bug: the interpreter runs the function correctly, so users keep a working program;
            // the tests compile with ALWAYS, where it fails loudly
            if (options.compile() == RuntimeOptions.Compile.ALWAYS) {
                throw new IllegalStateException("function at " + p.source + ":" + p.linedefined + " failed to compile", e);
            }
            report(p, "interpreted: the compiler failed (" + e + ")");
            return null;
        }
    }

    private void dump(String name, byte[] bytes) {
        if (options.compileDump() != null) {
            try {
                java.nio.file.Path dir = options.compileDump();
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.write(dir.resolve(name + ".class"), bytes);
            } catch (java.io.IOException e) {
                System.err.println("ljuv: cannot dump " + name + ": " + e.getMessage());
            }
        }
    }

    /** The size of the generated {@code ljuv$execute}'s JVM code. */
    static int executeLength(byte[] bytes) {
        for (MethodModel m : ClassFile.of().parse(bytes).methods()) {
            if (m.methodName().equalsString(ClassShape.EXECUTE)) {
                return m.findAttribute(Attributes.code()).map(c -> c.codeLength()).orElse(0);
            }
        }
        return 0;
    }

    private void report(Prototype p, String what) {
        if (options.reportCompile()) {
            System.err.println("ljuv: " + p.source + ":" + p.linedefined + " (" + p.code.length + " instructions) " + what);
        }
    }
}
