package dev.ljuv.java;

import dev.ljuv.loop.EventLoop;
import dev.ljuv.loop.Loop;
import dev.ljuv.loop.Ready;
import dev.ljuv.stdlib.vm.Coroutine;
import dev.ljuv.stdlib.vm.LuaJitGlobals;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.AccessFlag;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The Java side of one Lua state: its access policy, its class loader (the jars of {@code java.classpath} and
 * {@code LJUV_CLASSPATH}, the context class loader of the state's thread, so that {@code ServiceLoader} finds
 * what they provide), the metatables of its Java values, the class views it made, and the way in for proxies
 * called by other Java threads.
 *
 * <p>Threading: owned by the state's thread, except {@link #onOwner}, which any thread may call: a call from
 * another thread is queued, run by the owner (in its loop's poll phase, or while it waits in {@code java.await}
 * outside a coroutine) and waited for.
 */
public final class JavaState {
    final LuaJitGlobals globals;
    final JavaAccess access;
    private final Thread owner;
    /** The thread an embedding application runs the state on now, if not the owner (see {@link #hostedBy}). */
    private volatile Thread guest;
    private StateClassLoader loader;
    /** The metatables of Java objects and classes, made with the first of them (most states never see one). */
    private LuaTable objectMeta;
    private LuaTable classMeta;
    private final Map<Class<?>, JavaClass> classes = new HashMap<>();
    private final Map<Overloads.Candidate, MethodHandle> callerSensitive = new IdentityHashMap<>();
    private final LinkedBlockingQueue<FutureTask<?>> inbox = new LinkedBlockingQueue<>();
    private volatile EventLoop loop;
    private final Ready drain = this::drainInbox;

    private JavaState(LuaJitGlobals globals, JavaAccess access) {
        this.globals = globals;
        this.access = access;
        this.owner = Thread.currentThread();
    }

    /** Gives the state {@code g} its Java context under {@code access}; returns it. */
    public static JavaState install(LuaJitGlobals g, JavaAccess access) {
        JavaState s = new JavaState(g, access);
        g.javaContext = s;
        return s;
    }

    /** The Java context of {@code g}, or null when it has none. */
    public static JavaState of(LuaJitGlobals g) {
        return g.javaContext instanceof JavaState s ? s : null;
    }

    /** {@code o} as Lua sees it: a Lua value for strings, numbers and booleans, else a Java object. */
    public LuaValue toLua(Object o) {
        return JavaValues.toLua(this, o);
    }

    /** The Java object behind a Java value, or null when {@code v} is not one. */
    public static Object toJava(LuaValue v) {
        return JavaValues.unwrap(v);
    }

    LuaTable objectMetatable() {
        if (objectMeta == null) {
            objectMeta = new LuaTable();
            classMeta = new LuaTable();
            JavaMetatables.fill(this, objectMeta, classMeta);
        }
        return objectMeta;
    }

    LuaTable classMetatable() {
        objectMetatable();
        return classMeta;
    }

    // ---- classes

    /** The state's class loader, made on first use. */
    StateClassLoader loader() {
        if (loader == null) {
            ClassLoader parent = owner.getContextClassLoader() != null ? owner.getContextClassLoader()
                    : JavaState.class.getClassLoader();
            loader = new StateClassLoader(parent);
            owner.setContextClassLoader(loader);
            for (String entry : globals.options().classpath().split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && java.nio.file.Files.exists(java.nio.file.Path.of(entry))) {
                    addToClassPath(entry); // a missing entry is skipped, as in Java's own class path
                }
            }
        }
        return loader;
    }

    /** The class named {@code name} ({@code java.util.Map.Entry} or {@code java.util.Map$Entry}), checked by the policy. */
    Class<?> findClass(String name) {
        Class<?> c = JavaValues.primitive(name);
        if (c != null) {
            return c; // "int" for java.array: not a class anyone needs permission for
        }
        if (!access.permits(name)) {
            throw new LuaError(access.denial(name));
        }
        String binary = name;
        while (true) {
            try {
                c = Class.forName(binary, false, loader());
                break;
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = binary.lastIndexOf('.');
                if (dot < 0) {
                    throw new LuaError("Java class '" + name + "' not found");
                }
                binary = binary.substring(0, dot) + "$" + binary.substring(dot + 1); // a nested class
            }
        }
        if (!ClassMembers.isAccessible(c)) {
            throw new LuaError("Java class '" + name + "' is not public");
        }
        return c;
    }

    /** The Lua value of class {@code c} in this state (one per class). */
    JavaClass classValue(Class<?> c) {
        return classes.computeIfAbsent(c, k -> new JavaClass(this, k));
    }

    /** A caller-sensitive method's handle bound to a class of this state's loader (see {@link Overloads}). */
    MethodHandle callerSensitive(Overloads.Candidate c) {
        MethodHandle h = callerSensitive.get(c);
        if (h == null) {
            try {
                h = c.resolve(loader().callerLookup());
            } catch (IllegalAccessException e) {
                throw new LuaError("cannot call " + c.signature() + ": " + e.getMessage());
            }
            callerSensitive.put(c, h);
        }
        return h;
    }

    /**
     * Adds a jar or directory to the state's class path, and registers the JDBC drivers it provides (the JDK's
     * {@code DriverManager} looks for drivers once per JVM, maybe before this jar was there).
     */
    void addToClassPath(String path) {
        java.nio.file.Path p = dev.ljuv.luv.WorkingDirectory.absolute(java.nio.file.Path.of(path)); // (after uv.chdir too)
        if (!java.nio.file.Files.exists(p)) {
            throw new LuaError("java.classpath: " + path + ": No such file or directory");
        }
        try {
            loader().add(p.toUri().toURL());
        } catch (java.net.MalformedURLException e) {
            throw new LuaError("java.classpath: " + path + ": " + e.getMessage());
        }
        if (ModuleLayer.boot().findModule("java.sql").isPresent()) {
            Drivers.register(loader);
        }
    }

    // ---- threads

    /**
     * Tells that {@code thread} runs the state's Lua code from now on (null: no thread of the application): an
     * embedding application may use a state from another thread than the one that made it, one at a time, and a
     * proxy called back on that thread must then run directly.
     */
    public void hostedBy(Thread thread) {
        guest = thread;
    }

    /** Whether the current thread is the one running this state's Lua code (its main thread or a coroutine's). */
    boolean onOwnerThread() {
        Thread t = Thread.currentThread();
        return t == owner || t == guest || globals.running instanceof Coroutine co && co.runsOn(t);
    }

    /**
     * The state's event loop ({@code ljuv.loop}), resolved on the owner's thread; null in a state without the
     * {@code ljuv} module (an embedder may leave it out): proxy calls from other threads are then served only
     * while the state waits in {@code java.await}.
     */
    EventLoop eventLoop() {
        EventLoop l = loop;
        if (l == null) {
            LuaValue ljuv = globals.get("package").get("loaded").get("ljuv");
            if (ljuv.isnil() && !globals.get("package").get("preload").get("ljuv").isnil()) {
                ljuv = globals.get("require").call(LuaValue.valueOf("ljuv"));
            }
            if (!ljuv.istable() || !(ljuv.get("loop") instanceof Loop main)) {
                return null;
            }
            l = loop = main.eventLoop();
        }
        return l;
    }

    /** Runs {@code task} on the owner's thread: directly when called there, else queued and waited for. */
    <T> T onOwner(Callable<T> task) throws Exception {
        if (onOwnerThread()) {
            return task.call();
        }
        FutureTask<T> f = new FutureTask<>(task);
        inbox.add(f);
        EventLoop l = loop;
        if (l != null) {
            l.ready(drain);
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
        }
    }

    private void drainInbox() {
        FutureTask<?> t;
        while ((t = inbox.poll()) != null) {
            t.run();
        }
    }

    /** Waits for {@code f} on the owner's thread, serving proxy calls from other threads meanwhile. */
    <T> T await(Future<T> f) throws Exception {
        while (true) {
            try {
                return f.get(0, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                FutureTask<?> t = inbox.poll(1, TimeUnit.MILLISECONDS);
                if (t != null) {
                    t.run();
                }
            }
        }
    }

    /** JDBC drivers of the state's own jars, registered with {@code DriverManager} by loading them. */
    private static final class Drivers {
        static void register(ClassLoader loader) {
            try {
                for (var provider : java.util.ServiceLoader.load(java.sql.Driver.class, loader).stream().toList()) {
                    if (provider.type().getClassLoader() == loader) {
                        provider.get(); // a driver registers itself when its class initializes
                    }
                }
            } catch (java.util.ServiceConfigurationError e) {
                throw new LuaError("java.classpath: a JDBC driver could not be loaded: " + e.getMessage());
            }
        }
    }

    /**
     * The state's class loader: parent first, then the added jars. It also defines the one empty class through
     * which caller-sensitive JDK methods see this loader as their caller's (so {@code DriverManager} accepts the
     * drivers of {@code java.classpath}).
     */
    static final class StateClassLoader extends URLClassLoader {
        private static final String CALLER = "dev.ljuv.java.caller.Caller";
        private MethodHandles.Lookup callerLookup;

        StateClassLoader(ClassLoader parent) {
            super("ljuv-state", new URL[0], parent);
        }

        void add(URL url) {
            addURL(url);
        }

        synchronized MethodHandles.Lookup callerLookup() throws IllegalAccessException {
            if (callerLookup == null) {
                // public static Lookup lookup() { return MethodHandles.lookup(); }: a lookup with the class's full
                // privileges (privateLookupIn from here would lack module access, which caller-sensitive methods need)
                MethodTypeDesc type = MethodTypeDesc.of(ConstantDescs.CD_MethodHandles_Lookup);
                byte[] bytes = ClassFile.of().build(ClassDesc.of(CALLER), cb -> cb
                        .withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER)
                        .withMethod("lookup", type, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, mb -> mb.withCode(code -> code
                                .invokestatic(ConstantDescs.CD_MethodHandles, "lookup", type)
                                .areturn())));
                Class<?> caller = defineClass(CALLER, bytes, 0, bytes.length);
                try {
                    callerLookup = (MethodHandles.Lookup) caller.getMethod("lookup").invoke(null);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return callerLookup;
        }
    }
}
